package dev.netns;

import dev.netns.internal.Validation;
import java.net.InetAddress;
import java.util.List;
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
 * red.addRoute(Route.blackhole("10.66.0.0/16").table(100));   // ip route add blackhole 10.66.0.0/16 table 100
 * red.addRoute(Route.multipath("10.50.0.0/16", NextHop.via("10.9.0.254"), NextHop.via("10.8.0.254").weight(2)));
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
    private final RouteType type;
    private final List<NextHop> nextHops;

    private Route(IpPrefix destination, InetAddress gateway, String device, long metric, long table) {
        this(destination, gateway, device, metric, table, RouteType.UNICAST, List.of());
    }

    /** Validates the components. */
    private Route(IpPrefix destination, InetAddress gateway, String device, long metric, long table, RouteType type,
            List<NextHop> nextHops) {
        Validation.notNull("route type", type);
        nextHops = List.copyOf(Validation.notNull("next hops", nextHops));
        if (rejects(type) && (gateway != null || device != null || !nextHops.isEmpty())) {
            throw new InvalidInputException("a " + type.name().toLowerCase(java.util.Locale.ROOT) + " route to "
                    + destination + " drops or rejects packets itself: it takes no gateway, device or next hop");
        }
        if (!nextHops.isEmpty() && (gateway != null || device != null)) {
            throw new InvalidInputException("route to " + destination
                    + " has both a single gateway/device and multipath next hops; give one or the other");
        }
        for (NextHop h : nextHops) {
            if (h.gateway() != null && destination != null && (h.gateway().getAddress().length == 4) != destination.isIpv4()) {
                throw new InvalidInputException("route to " + destination + " has next hop "
                        + IpPrefix.hostString(h.gateway()) + " of the other address family");
            }
        }
        this.type = type;
        this.nextHops = nextHops;
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

    /**
     * @return a blackhole route, which drops packets silently ({@code ip route add blackhole PREFIX})
     * @since 0.1
     */
    public static Route blackhole(String prefix) {
        return ofType(RouteType.BLACKHOLE, IpPrefix.parse(prefix));
    }

    /**
     * @return an unreachable route, which rejects with ICMP host unreachable ({@code ip route add unreachable PREFIX})
     * @since 0.1
     */
    public static Route unreachable(String prefix) {
        return ofType(RouteType.UNREACHABLE, IpPrefix.parse(prefix));
    }

    /**
     * @return a prohibit route, which rejects with ICMP administratively prohibited ({@code ip route add prohibit PREFIX})
     * @since 0.1
     */
    public static Route prohibit(String prefix) {
        return ofType(RouteType.PROHIBIT, IpPrefix.parse(prefix));
    }

    /**
     * A route of a given type: {@link RouteType#BLACKHOLE}, {@link RouteType#UNREACHABLE},
     * {@link RouteType#PROHIBIT} and {@link RouteType#THROW} need nothing else; {@link RouteType#UNICAST}
     * needs {@link #via} or {@link #dev} to be added. The other types (local, broadcast, ...) describe
     * routes the kernel makes: {@link NetNamespace#addRoute} refuses them.
     *
     * @since 0.1
     */
    public static Route ofType(RouteType type, IpPrefix prefix) {
        Validation.notNull("route destination", prefix);
        Validation.notNull("route type", type);
        return new Route(prefix.network(), null, null, 0, MAIN_TABLE, type, List.of());
    }

    /**
     * A multipath route: the kernel spreads flows over the hops by weight
     * ({@code ip route add PREFIX nexthop via A nexthop via B weight 2}).
     *
     * @throws InvalidInputException without hops, or with a hop of the other address family
     * @since 0.1
     */
    public static Route multipath(String prefix, NextHop... hops) {
        return multipath(IpPrefix.parse(prefix), hops == null ? null : List.of(hops));
    }

    /** {@link #multipath(String, NextHop...)} of a prefix and a list. @since 0.1 */
    public static Route multipath(IpPrefix prefix, List<NextHop> hops) {
        Validation.notNull("route destination", prefix);
        if (hops == null || hops.isEmpty()) {
            throw new InvalidInputException("a multipath route to " + prefix + " needs at least one next hop");
        }
        return new Route(prefix.network(), null, null, 0, MAIN_TABLE, RouteType.UNICAST, hops);
    }

    private static boolean rejects(RouteType type) {
        return type == RouteType.BLACKHOLE || type == RouteType.UNREACHABLE || type == RouteType.PROHIBIT
                || type == RouteType.THROW;
    }

    /** @return a copy with {@code gateway} as next hop */
    public Route via(String gateway) {
        return via(IpPrefix.parseAddress(gateway));
    }

    /** @return a copy with {@code gateway} as next hop, or without one if {@code null} */
    public Route via(InetAddress gateway) {
        return new Route(destination, gateway, device, metric, table, type, nextHops);
    }

    /** @return a copy that leaves through the interface {@code name} */
    public Route dev(String name) {
        return new Route(destination, gateway, name, metric, table, type, nextHops);
    }

    /** @return a copy with the given metric */
    public Route metric(long value) {
        return new Route(destination, gateway, device, value, table, type, nextHops);
    }

    /** @return a copy in the given routing table */
    public Route table(long id) {
        return new Route(destination, gateway, device, metric, id, type, nextHops);
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

    /**
     * @return what the route does with a packet, {@link RouteType#UNICAST} unless made otherwise
     * @since 0.1
     */
    public RouteType type() {
        return type;
    }

    /**
     * @return the hops of a multipath route, empty for a single-path one
     * @since 0.1
     */
    public List<NextHop> nextHops() {
        return nextHops;
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
                && Objects.equals(device, r.device) && metric == r.metric && table == r.table && type == r.type
                && nextHops.equals(r.nextHops);
    }

    @Override
    public int hashCode() {
        return Objects.hash(destination, gateway, device, metric, table, type, nextHops);
    }

    /** @return the route as {@code ip route} would print it */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (type != RouteType.UNICAST) {
            sb.append(type.name().toLowerCase(java.util.Locale.ROOT)).append(' ');
        }
        sb.append(isDefault() ? "default" : destination.toString());
        if (gateway != null) {
            sb.append(" via ").append(IpPrefix.hostString(gateway));
        }
        if (device != null) {
            sb.append(" dev ").append(device);
        }
        for (NextHop h : nextHops) {
            sb.append(' ').append(h);
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
