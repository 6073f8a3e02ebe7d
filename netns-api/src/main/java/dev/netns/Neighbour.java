package dev.netns;

import dev.netns.internal.Validation;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One entry of a namespace's neighbour table: the ARP (IPv4) or NDP (IPv6) mapping of an IP
 * address to a link-layer address on one link. Immutable, compared by value.
 *
 * <pre>{@code
 * red.addNeighbour(Neighbour.permanent("192.168.15.2", "02:00:00:00:0f:02", "veth-red"));
 * // ip neigh add 192.168.15.2 lladdr 02:00:00:00:0f:02 dev veth-red nud permanent
 * }</pre>
 *
 * @since 0.1
 */
public final class Neighbour {
    private final InetAddress address;
    private final MacAddress mac;
    private final String device;
    private final NeighbourState state;
    private final boolean router;

    private Neighbour(Builder b) {
        Validation.notNull("neighbour address", b.address);
        Validation.interfaceName(b.device);
        Validation.notNull("neighbour state", b.state);
        this.address = b.address;
        this.mac = b.mac;
        this.device = b.device;
        this.state = b.state;
        this.router = b.router;
    }

    /**
     * @return a permanent entry ({@code nud permanent}), which never expires
     * @throws InvalidInputException if the address, MAC or device name is malformed
     */
    public static Neighbour permanent(String address, String mac, String device) {
        return builder().address(address).mac(mac).device(device).state(NeighbourState.PERMANENT).build();
    }

    /** @return a reachable entry ({@code nud reachable}), which the kernel ages as it would a learned one */
    public static Neighbour reachable(String address, String mac, String device) {
        return builder().address(address).mac(mac).device(device).state(NeighbourState.REACHABLE).build();
    }

    /** @return a builder with state {@link NeighbourState#PERMANENT} and no address, MAC or device */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the IP address (IPv4 for ARP, IPv6 for NDP) */
    public InetAddress address() {
        return address;
    }

    /** @return the link-layer address, or {@code null} for an entry without one (incomplete, failed) */
    public MacAddress mac() {
        return mac;
    }

    /** @return the name of the link the entry belongs to */
    public String device() {
        return device;
    }

    /** @return the state; for an entry the kernel holds in several states at once, the strongest */
    public NeighbourState state() {
        return state;
    }

    /** @return whether the neighbour is an IPv6 router (NTF_ROUTER) */
    public boolean isRouter() {
        return router;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Neighbour n && address.equals(n.address) && Objects.equals(mac, n.mac)
                && device.equals(n.device) && state == n.state && router == n.router;
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, mac, device, state, router);
    }

    /** @return the entry as {@code ip neigh} prints it */
    @Override
    public String toString() {
        return IpPrefix.hostString(address) + " dev " + device + (mac != null ? " lladdr " + mac : "")
                + (router ? " router" : "") + " " + state;
    }

    /**
     * Collects the fields of a {@link Neighbour}.
     *
     * @since 0.1
     */
    public static final class Builder {
        private InetAddress address;
        private MacAddress mac;
        private String device;
        private NeighbourState state = NeighbourState.PERMANENT;
        private boolean router;

        private Builder() {
        }

        /** Sets the IP address. */
        public Builder address(InetAddress address) {
            this.address = address;
            return this;
        }

        /** Sets the IP address from a literal such as {@code "192.168.15.2"} or {@code "fd00::2"}. */
        public Builder address(String address) {
            return address(IpPrefix.parseAddress(address));
        }

        /** Sets the link-layer address, or {@code null} for none. */
        public Builder mac(MacAddress mac) {
            this.mac = mac;
            return this;
        }

        /** Sets the link-layer address from text such as {@code "02:00:00:00:0f:02"}. */
        public Builder mac(String mac) {
            return mac(MacAddress.parse(mac));
        }

        /** Sets the link's name. */
        public Builder device(String device) {
            this.device = device;
            return this;
        }

        /** Sets the state ({@link NeighbourState#PERMANENT} unless set). */
        public Builder state(NeighbourState state) {
            this.state = state;
            return this;
        }

        /** Sets whether the neighbour is an IPv6 router. */
        public Builder router(boolean router) {
            this.router = router;
            return this;
        }

        /**
         * @return the entry
         * @throws InvalidInputException if the address or state is missing or the device name is invalid
         */
        public Neighbour build() {
            return new Neighbour(this);
        }
    }
}
