package dev.netns.testkit;

import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import java.util.Objects;

/**
 * A virtual cable (veth pair) of a {@link Topology}: from a host to a bridge, or between two hosts
 * (the sandbox, {@link Topology#SANDBOX}, counts as a host). Immutable, compared by value.
 *
 * <p>End {@code a} is always in host {@code a}. If {@code b} names a bridge, end {@code b} is
 * created in the sandbox and attached to that bridge (it has no address); otherwise it is in
 * host {@code b}.
 *
 * <p>{@link Topology.Builder#link(String, String, String)} and
 * {@link Topology.Builder#link(String, String, String, String)} name links and interfaces for you;
 * build a link spec yourself to choose them, and add it with {@link Topology.Builder#link(LinkSpec)}:
 *
 * <pre>{@code
 * // red's eth0 (192.168.15.1/24) plugged into bridge v-net-0 through port vp0
 * LinkSpec cable = LinkSpec.builder("red-v-net-0")
 *         .a("red", "eth0", IpPrefix.parse("192.168.15.1/24"))
 *         .b("v-net-0", "vp0")
 *         .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class LinkSpec {

    private final String name;
    private final String a;
    private final String aInterface;
    private final IpPrefix aAddress;
    private final String b;
    private final String bInterface;
    private final IpPrefix bAddress;

    private LinkSpec(Builder builder) {
        name = builder.name;
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("a link needs a name, got " + (name == null ? "null" : "\"" + name + "\""));
        }
        if (builder.a == null || builder.b == null) {
            throw new InvalidInputException("link " + name + " has no end " + (builder.a == null ? "a" : "b")
                    + "; give it with " + (builder.a == null ? "a" : "b") + "(host, interface, address)");
        }
        a = builder.a;
        aInterface = builder.aInterface;
        aAddress = builder.aAddress;
        b = builder.b;
        bInterface = builder.bInterface;
        bAddress = builder.bAddress;
        Topology.checkNodeName("link " + name + " end a", a);
        Topology.checkNodeName("link " + name + " end b", b);
        Topology.checkInterfaceName("link " + name + " end a interface", aInterface);
        Topology.checkInterfaceName("link " + name + " end b interface", bInterface);
        if (a.equals(b)) {
            throw new InvalidInputException("link " + name + " connects " + a + " to itself");
        }
    }

    /**
     * @param name the link's name in the topology, for {@link Network#link(String)} and {@code @NetLink}
     * @return a builder for a link called {@code name}; set both ends, then {@link Builder#build()}
     * @since 0.1
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return the link's name in the topology, for {@link Network#link(String)} and {@code @NetLink} */
    public String name() {
        return name;
    }

    /** @return the host that holds end {@code a} */
    public String a() {
        return a;
    }

    /** @return the interface name of end {@code a} (1-15 bytes) */
    public String aInterface() {
        return aInterface;
    }

    /** @return the address of end {@code a}, or {@code null} for none */
    public IpPrefix aAddress() {
        return aAddress;
    }

    /** @return the host or bridge at the other end */
    public String b() {
        return b;
    }

    /** @return the interface name of end {@code b} (in the sandbox if {@code b} is a bridge) */
    public String bInterface() {
        return bInterface;
    }

    /** @return the address of end {@code b}, or {@code null}; always {@code null} for a bridge port */
    public IpPrefix bAddress() {
        return bAddress;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinkSpec l && name.equals(l.name) && a.equals(l.a) && aInterface.equals(l.aInterface)
                && Objects.equals(aAddress, l.aAddress) && b.equals(l.b) && bInterface.equals(l.bInterface)
                && Objects.equals(bAddress, l.bAddress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, a, aInterface, aAddress, b, bInterface, bAddress);
    }

    @Override
    public String toString() {
        return "LinkSpec[name=" + name + ", a=" + a + ", aInterface=" + aInterface + ", aAddress=" + aAddress
                + ", b=" + b + ", bInterface=" + bInterface + ", bAddress=" + bAddress + "]";
    }

    /**
     * Collects the ends of a {@link LinkSpec}. Not thread-safe; {@link #build()} validates.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final String name;
        private String a;
        private String aInterface;
        private IpPrefix aAddress;
        private String b;
        private String bInterface;
        private IpPrefix bAddress;

        private Builder(String name) {
            this.name = name;
        }

        /** Sets end {@code a}, without an address. */
        public Builder a(String host, String iface) {
            return a(host, iface, null);
        }

        /**
         * Sets end {@code a}.
         *
         * @param host the host that holds end {@code a} (the sandbox included, never a bridge)
         * @param iface its interface name (1-15 bytes)
         * @param address its address with prefix length, or {@code null} for none
         */
        public Builder a(String host, String iface, IpPrefix address) {
            this.a = host;
            this.aInterface = iface;
            this.aAddress = address;
            return this;
        }

        /** Sets end {@code b}, without an address (as a bridge port must be). */
        public Builder b(String hostOrBridge, String iface) {
            return b(hostOrBridge, iface, null);
        }

        /**
         * Sets end {@code b}.
         *
         * @param hostOrBridge a host, or a bridge to plug end {@code b} into (it is then created in the sandbox)
         * @param iface its interface name (1-15 bytes)
         * @param address its address with prefix length, or {@code null}; must be {@code null} for a bridge port
         */
        public Builder b(String hostOrBridge, String iface, IpPrefix address) {
            this.b = hostOrBridge;
            this.bInterface = iface;
            this.bAddress = address;
            return this;
        }

        /**
         * @return the link spec
         * @throws InvalidInputException if an end is missing, a name is invalid or the link connects a host to itself
         */
        public LinkSpec build() {
            return new LinkSpec(this);
        }
    }
}
