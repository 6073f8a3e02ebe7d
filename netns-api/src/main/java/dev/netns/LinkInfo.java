package dev.netns;

import java.util.Objects;

/**
 * A snapshot of a link's state as the kernel reported it. Immutable, compared by value.
 *
 * <p>Backends make one with {@link #builder()}; a field the builder is not given keeps its
 * default (0, {@code false} or {@code null}), so new attributes can be added without breaking
 * code that builds link infos.
 *
 * <pre>{@code
 * LinkInfo veth = LinkInfo.builder().index(7).name("veth-red").kind("veth").mtu(1500)
 *         .up(true).lowerUp(true).operState("UP").build();
 * }</pre>
 *
 * @since 0.1
 */
public final class LinkInfo {

    private final int index;
    private final String name;
    private final String kind;
    private final int mtu;
    private final MacAddress mac;
    private final boolean up;
    private final boolean lowerUp;
    private final int masterIndex;
    private final int linkIndex;
    private final String operState;
    private final LinkType type;

    private LinkInfo(Builder b) {
        index = b.index;
        name = b.name;
        kind = b.kind;
        mtu = b.mtu;
        mac = b.mac;
        up = b.up;
        lowerUp = b.lowerUp;
        masterIndex = b.masterIndex;
        linkIndex = b.linkIndex;
        operState = b.operState;
        type = b.type;
    }

    /** @return a builder with every field at its default (0, {@code false}, {@code null}) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder that starts from this snapshot */
    public Builder toBuilder() {
        return new Builder().index(index).name(name).kind(kind).mtu(mtu).mac(mac).up(up).lowerUp(lowerUp)
                .masterIndex(masterIndex).linkIndex(linkIndex).operState(operState).type(type);
    }

    /** @return the interface index, unique within its namespace */
    public int index() {
        return index;
    }

    /** @return the interface name */
    public String name() {
        return name;
    }

    /**
     * @return the link kind ("veth", "bridge", ...) or {@code null} for links without one
     *     (loopback, physical devices)
     */
    public String kind() {
        return kind;
    }

    /** @return the MTU */
    public int mtu() {
        return mtu;
    }

    /** @return the hardware address, or {@code null} if the link has none */
    public MacAddress mac() {
        return mac;
    }

    /** @return whether the link is administratively up (IFF_UP) */
    public boolean up() {
        return up;
    }

    /** @return whether the carrier is up (IFF_LOWER_UP) */
    public boolean lowerUp() {
        return lowerUp;
    }

    /** @return the index of the bridge it is attached to, 0 if none */
    public int masterIndex() {
        return masterIndex;
    }

    /** @return for a veth, the peer's index (in the peer's namespace), 0 if none */
    public int linkIndex() {
        return linkIndex;
    }

    /** @return the operational state as iproute2 prints it ("UP", "DOWN", "UNKNOWN", ...) */
    public String operState() {
        return operState;
    }

    /**
     * The kind-specific settings, for the kinds {@link LinkType} models (vxlan with its VNI, remote,
     * port and device; macvlan with its mode; tun/tap with its owner; ...), as the kernel reports them.
     * {@code null} for other kinds (veth: see {@link #linkIndex()}; bridge; loopback) and when the
     * snapshot was made without them. A device the settings name that lives in another namespace (the
     * lower device of a macvlan or vxlan moved away from it) reads as {@code "ifN"}, its index there.
     *
     * <pre>{@code
     * if (link.info().type() instanceof LinkType.Vxlan vx) { int vni = vx.vni(); }
     * }</pre>
     *
     * @return the kind's settings, or {@code null}
     * @since 0.1
     */
    public LinkType type() {
        return type;
    }

    /** @return whether the link is attached to a bridge or another master */
    public boolean hasMaster() {
        return masterIndex != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinkInfo l && index == l.index && Objects.equals(name, l.name)
                && Objects.equals(kind, l.kind) && mtu == l.mtu && Objects.equals(mac, l.mac) && up == l.up
                && lowerUp == l.lowerUp && masterIndex == l.masterIndex && linkIndex == l.linkIndex
                && Objects.equals(operState, l.operState) && Objects.equals(type, l.type);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, name, kind, mtu, mac, up, lowerUp, masterIndex, linkIndex, operState, type);
    }

    @Override
    public String toString() {
        return "LinkInfo[index=" + index + ", name=" + name + ", kind=" + kind + ", mtu=" + mtu + ", mac=" + mac
                + ", up=" + up + ", lowerUp=" + lowerUp + ", masterIndex=" + masterIndex + ", linkIndex=" + linkIndex
                + ", operState=" + operState + (type != null ? ", type=" + type : "") + "]";
    }

    /**
     * Collects the fields of a {@link LinkInfo}. Not thread-safe; {@link #build()} may be called
     * more than once.
     *
     * @since 0.1
     */
    public static final class Builder {
        private int index;
        private String name;
        private String kind;
        private int mtu;
        private MacAddress mac;
        private boolean up;
        private boolean lowerUp;
        private int masterIndex;
        private int linkIndex;
        private String operState;
        private LinkType type;

        private Builder() {
        }

        /** Sets the interface index. */
        public Builder index(int index) {
            this.index = index;
            return this;
        }

        /** Sets the interface name. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Sets the link kind ("veth", "bridge", ...), or {@code null} for none. */
        public Builder kind(String kind) {
            this.kind = kind;
            return this;
        }

        /** Sets the MTU. */
        public Builder mtu(int mtu) {
            this.mtu = mtu;
            return this;
        }

        /** Sets the hardware address, or {@code null} for none. */
        public Builder mac(MacAddress mac) {
            this.mac = mac;
            return this;
        }

        /** Sets whether the link is administratively up (IFF_UP). */
        public Builder up(boolean up) {
            this.up = up;
            return this;
        }

        /** Sets whether the carrier is up (IFF_LOWER_UP). */
        public Builder lowerUp(boolean lowerUp) {
            this.lowerUp = lowerUp;
            return this;
        }

        /** Sets the index of the link's master (bridge), 0 for none. */
        public Builder masterIndex(int masterIndex) {
            this.masterIndex = masterIndex;
            return this;
        }

        /** Sets the peer's index for a veth (IFLA_LINK), 0 for none. */
        public Builder linkIndex(int linkIndex) {
            this.linkIndex = linkIndex;
            return this;
        }

        /** Sets the operational state as iproute2 prints it ("UP", "DOWN", "UNKNOWN", ...). */
        public Builder operState(String operState) {
            this.operState = operState;
            return this;
        }

        /**
         * Sets the kind-specific settings, or {@code null} for none.
         *
         * @since 0.1
         */
        public Builder type(LinkType type) {
            this.type = type;
            return this;
        }

        /** @return the link info */
        public LinkInfo build() {
            return new LinkInfo(this);
        }
    }
}
