package dev.netns;

import dev.netns.internal.Validation;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A route: where packets for a destination prefix go. Needs a gateway, a device, or both.
 * Immutable; the {@code via}, {@code dev}, {@code metric} and {@code table} methods return copies.
 *
 * <pre>{@code
 * red.addRoute(Route.defaultVia("192.168.15.5"));             // ip route add default via 192.168.15.5
 * red.addRoute(Route.to("10.0.0.0/8").via("192.168.15.5"));   // ip route add 10.0.0.0/8 via ...
 * red.addRoute(Route.to("10.1.0.0/16").dev("veth-red"));      // ip route add 10.1.0.0/16 dev veth-red
 * }</pre>
 *
 * <p>A route is compared by value. It has no public constructor: start from {@link #defaultVia} or
 * {@link #to}, so that fields the kernel knows about (type, scope, protocol, next hops) can be
 * added later as further copy methods without breaking callers.
 *
 * @since 0.1
 */
public final class Route {

    /** The main routing table (RT_TABLE_MAIN), the one {@code ip route} shows. */
    public static final int MAIN_TABLE = 254;

    private static final long MAX_U32 = 0xFFFF_FFFFL;

    private final IpPrefix destination;
    private final InetAddress gateway;
    private final String device;
    private final long metric;
    private final long table;

    /** Validates the components. */
    private Route(IpPrefix destination, InetAddress gateway, String device, long metric, long table) {
        Validation.notNull("route destination", destination);
        if (gateway != null && (gateway.getAddress().length == 4) != destination.isIpv4()) {
            throw new InvalidInputException("route to " + destination + " has gateway "
                    + IpPrefix.hostString(gateway) + " of the other address family");
        }
        if (device != null) {
            Validation.interfaceName(device);
        }
        if (metric < 0 || metric > MAX_U32) {
            throw new InvalidInputException("route metric " + metric + " is out of range; it must be 0 to " + MAX_U32);
        }
        if (table < 1 || table > MAX_U32) {
            throw new InvalidInputException("routing table " + table + " is not a valid table id");
        }
        this.destination = destination;
        this.gateway = gateway;
        this.device = device;
        this.metric = metric;
        this.table = table;
    }

    /** @return a default route via {@code gateway} ({@code ip route add default via GATEWAY}) */
    public static Route defaultVia(String gateway) {
        InetAddress gw = IpPrefix.parseAddress(gateway);
        IpPrefix any = gw.getAddress().length == 4 ? IpPrefix.anyIpv4() : IpPrefix.anyIpv6();
        return new Route(any, gw, null, 0, MAIN_TABLE);
    }

    /** @return a route to {@code prefix} with neither gateway nor device yet: add one with {@link #via} or {@link #dev} */
    public static Route to(String prefix) {
        return to(IpPrefix.parse(prefix));
    }

    /**
     * @param prefix the destination; its host bits are cleared, as {@code ip route} does
     * @return a route to {@code prefix} with neither gateway nor device yet: add one with {@link #via} or {@link #dev}
     */
    public static Route to(IpPrefix prefix) {
        Validation.notNull("route destination", prefix);
        return new Route(prefix.network(), null, null, 0, MAIN_TABLE);
    }

    /** @return a copy with {@code gateway} as next hop */
    public Route via(String gateway) {
        return via(IpPrefix.parseAddress(gateway));
    }

    /** @return a copy with {@code gateway} as next hop, or without one if {@code null} */
    public Route via(InetAddress gateway) {
        return new Route(destination, gateway, device, metric, table);
    }

    /** @return a copy that leaves through the interface {@code name} */
    public Route dev(String name) {
        return new Route(destination, gateway, name, metric, table);
    }

    /** @return a copy with the given metric */
    public Route metric(long value) {
        return new Route(destination, gateway, device, value, table);
    }

    /** @return a copy in the given routing table */
    public Route table(long id) {
        return new Route(destination, gateway, device, metric, id);
    }

    /** @return the destination prefix; {@code 0.0.0.0/0} or {@code ::/0} for the default route */
    public IpPrefix destination() {
        return destination;
    }

    /** @return the next hop, or {@code null} for a directly connected route */
    public InetAddress gateway() {
        return gateway;
    }

    /** @return the outgoing interface's name, or {@code null} to let the kernel choose from the gateway */
    public String device() {
        return device;
    }

    /** @return the route's priority (lower wins), 0 for the kernel's default; an unsigned 32-bit value */
    public long metric() {
        return metric;
    }

    /** @return the routing table, {@link #MAIN_TABLE} unless set; 1 to 2<sup>32</sup>-1 */
    public long table() {
        return table;
    }

    /** @return the gateway, if any */
    public Optional<InetAddress> gatewayAddress() {
        return Optional.ofNullable(gateway);
    }

    /** @return whether this is a default route (prefix length 0) */
    public boolean isDefault() {
        return destination.length() == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Route r && destination.equals(r.destination) && Objects.equals(gateway, r.gateway)
                && Objects.equals(device, r.device) && metric == r.metric && table == r.table;
    }

    @Override
    public int hashCode() {
        return Objects.hash(destination, gateway, device, metric, table);
    }

    /** @return the route as {@code ip route} would print it */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(isDefault() ? "default" : destination.toString());
        if (gateway != null) {
            sb.append(" via ").append(IpPrefix.hostString(gateway));
        }
        if (device != null) {
            sb.append(" dev ").append(device);
        }
        if (metric != 0) {
            sb.append(" metric ").append(metric);
        }
        if (table != MAIN_TABLE) {
            sb.append(" table ").append(table);
        }
        return sb.toString();
    }
}
