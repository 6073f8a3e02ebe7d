package dev.netns;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The kernel's answer to {@link NetNamespace#lookupRoute}: the route a packet would take, or how it
 * would be refused. Immutable, compared by value; made by backends with {@link #builder()}.
 *
 * <pre>{@code
 * RouteLookup r = red.lookupRoute("10.1.2.3");
 * assertThat(r.device()).isEqualTo("veth-red");
 * assertThat(red.lookupRoute("10.66.0.1").type()).isEqualTo(RouteType.BLACKHOLE);
 * }</pre>
 *
 * @since 0.1
 */
public final class RouteLookup {
    private final InetAddress destination;
    private final RouteType type;
    private final boolean routeFound;
    private final long table;
    private final InetAddress gateway;
    private final String device;
    private final InetAddress source;

    private RouteLookup(Builder b) {
        this.destination = b.destination;
        this.type = b.type;
        this.routeFound = b.routeFound;
        this.table = b.table;
        this.gateway = b.gateway;
        this.device = b.device;
        this.source = b.source;
    }

    /** @return a builder: route found, type {@link RouteType#UNICAST}, everything else empty */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the address looked up */
    public InetAddress destination() {
        return destination;
    }

    /**
     * @return the type of the route that matched: {@link RouteType#UNICAST} (or {@link RouteType#LOCAL}
     *     for one of the namespace's own addresses) when the packet would be sent;
     *     {@link RouteType#BLACKHOLE}, {@link RouteType#UNREACHABLE} or {@link RouteType#PROHIBIT} when a
     *     route of that type refuses it; {@link RouteType#UNREACHABLE} with {@link #routeFound()} false
     *     when no route matches at all
     */
    public RouteType type() {
        return type;
    }

    /** @return whether a route matched ({@code false}: the network is unreachable, ENETUNREACH) */
    public boolean routeFound() {
        return routeFound;
    }

    /** @return whether a packet would be sent (or delivered locally) */
    public boolean isRoutable() {
        return type == RouteType.UNICAST || type == RouteType.LOCAL || type == RouteType.BROADCAST
                || type == RouteType.MULTICAST;
    }

    /** @return the table of the route that matched, 0 if the kernel did not say (refused lookups) */
    public long table() {
        return table;
    }

    /** @return the gateway, or {@code null} for a directly connected destination or a refused lookup */
    public InetAddress gateway() {
        return gateway;
    }

    /** @return the output interface's name, or {@code null} for a refused lookup */
    public String device() {
        return device;
    }

    /** @return the source address the kernel would choose, or {@code null} */
    public InetAddress source() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouteLookup r && Objects.equals(destination, r.destination) && type == r.type
                && routeFound == r.routeFound && table == r.table && Objects.equals(gateway, r.gateway)
                && Objects.equals(device, r.device) && Objects.equals(source, r.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(destination, type, routeFound, table, gateway, device, source);
    }

    /** @return the answer much as {@code ip route get} prints it */
    @Override
    public String toString() {
        if (!routeFound) {
            return IpPrefix.hostString(destination) + ": no route (network unreachable)";
        }
        StringBuilder sb = new StringBuilder();
        if (type != RouteType.UNICAST) {
            sb.append(type.name().toLowerCase(java.util.Locale.ROOT)).append(' ');
        }
        sb.append(IpPrefix.hostString(destination));
        if (gateway != null) {
            sb.append(" via ").append(IpPrefix.hostString(gateway));
        }
        if (device != null) {
            sb.append(" dev ").append(device);
        }
        if (table != 0) {
            sb.append(" table ").append(table);
        }
        if (source != null) {
            sb.append(" src ").append(IpPrefix.hostString(source));
        }
        return sb.toString();
    }

    /**
     * Collects the fields of a {@link RouteLookup}.
     *
     * @since 0.1
     */
    public static final class Builder {
        private InetAddress destination;
        private RouteType type = RouteType.UNICAST;
        private boolean routeFound = true;
        private long table;
        private InetAddress gateway;
        private String device;
        private InetAddress source;

        private Builder() {
        }

        /** Sets the address looked up. */
        public Builder destination(InetAddress v) {
            destination = v;
            return this;
        }

        /** Sets the type of the route that matched. */
        public Builder type(RouteType v) {
            type = v;
            return this;
        }

        /** Sets whether a route matched at all. */
        public Builder routeFound(boolean v) {
            routeFound = v;
            return this;
        }

        /** Sets the table. */
        public Builder table(long v) {
            table = v;
            return this;
        }

        /** Sets the gateway. */
        public Builder gateway(InetAddress v) {
            gateway = v;
            return this;
        }

        /** Sets the output interface's name. */
        public Builder device(String v) {
            device = v;
            return this;
        }

        /** Sets the preferred source address. */
        public Builder source(InetAddress v) {
            source = v;
            return this;
        }

        /** @return the answer */
        public RouteLookup build() {
            return new RouteLookup(this);
        }
    }
}
