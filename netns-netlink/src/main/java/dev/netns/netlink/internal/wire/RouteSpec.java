package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.RouteTypes.*;
import static dev.netns.netlink.internal.wire.RtNetlink.*;

import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import java.net.InetAddress;
import java.util.List;

/**
 * A route to add or delete, past what {@link dev.netns.Route} covers: any table, the
 * blackhole/unreachable/prohibit types, and multipath next hops.
 *
 * @param destination the prefix
 * @param type RTN_UNICAST, RTN_BLACKHOLE, RTN_UNREACHABLE, RTN_PROHIBIT or RTN_THROW
 * @param table the table id, 1..2^32-1 ({@link RtNetlink#RT_TABLE_MAIN} for main)
 * @param gateway the single next hop's gateway, or {@code null}
 * @param oif the single next hop's output interface index, 0 for none
 * @param metric RTA_PRIORITY, 0 for none
 * @param nexthops multipath next hops (RTA_MULTIPATH); empty for a single-path route
 */
public record RouteSpec(IpPrefix destination, int type, long table, InetAddress gateway, int oif, long metric,
        List<NextHop> nexthops) {

    /**
     * One hop of a multipath route ({@code nexthop via GATEWAY dev OIF weight WEIGHT}).
     *
     * @param gateway the gateway, or {@code null} for a device-only hop
     * @param oif the output interface index, 0 for none
     * @param weight 1..256; the wire carries weight - 1 in rtnh_hops
     */
    public record NextHop(InetAddress gateway, int oif, int weight) {
        /** Validates the weight and that the hop goes somewhere. */
        public NextHop {
            if (weight < 1 || weight > 256) {
                throw new InvalidInputException("next hop weight " + weight + " is out of range 1..256");
            }
            if (gateway == null && oif <= 0) {
                throw new InvalidInputException("a next hop needs a gateway or an output interface");
            }
        }
    }

    /** Validates the combination: special types have no next hop; multipath excludes a single gateway. */
    public RouteSpec {
        if (destination == null) {
            throw new InvalidInputException("route destination must not be null");
        }
        nexthops = nexthops == null ? List.of() : List.copyOf(nexthops);
        if (type != RTN_UNICAST && type != RTN_BLACKHOLE && type != RTN_UNREACHABLE && type != RTN_PROHIBIT
                && type != RTN_THROW) {
            throw new InvalidInputException("route type " + type
                    + " is not one of unicast (1), blackhole (6), unreachable (7), prohibit (8), throw (9)");
        }
        if (table < 1 || table > 0xffff_ffffL) {
            throw new InvalidInputException("route table " + table + " is out of range 1..4294967295");
        }
        if (metric < 0 || metric > 0xffff_ffffL) {
            throw new InvalidInputException("route metric " + metric + " is out of range 0..4294967295");
        }
        int family = Decoding.family(destination.address());
        if (type != RTN_UNICAST && (gateway != null || oif != 0 || !nexthops.isEmpty())) {
            throw new InvalidInputException("a route of type " + type + " to " + destination
                    + " drops or rejects packets itself: it takes no gateway, device or next hop");
        }
        if (!nexthops.isEmpty() && (gateway != null || oif != 0)) {
            throw new InvalidInputException("route to " + destination
                    + " has both a single gateway/device and multipath next hops; give one or the other");
        }
        if (gateway != null && Decoding.family(gateway) != family) {
            throw new InvalidInputException("gateway " + gateway.getHostAddress() + " is not of the family of " + destination);
        }
        for (NextHop h : nexthops) {
            if (h.gateway() != null && Decoding.family(h.gateway()) != family) {
                throw new InvalidInputException("next hop " + h.gateway().getHostAddress() + " is not of the family of "
                        + destination);
            }
        }
    }

    /** A route of a special type in the main table ({@code ip route add blackhole PREFIX}). */
    public static RouteSpec ofType(int type, IpPrefix destination) {
        return new RouteSpec(destination, type, RT_TABLE_MAIN, null, 0, 0, List.of());
    }

    /** A multipath unicast route in the main table. */
    public static RouteSpec multipath(IpPrefix destination, List<NextHop> hops) {
        if (hops == null || hops.isEmpty()) {
            throw new InvalidInputException("a multipath route to " + destination + " needs at least one next hop");
        }
        return new RouteSpec(destination, RTN_UNICAST, RT_TABLE_MAIN, null, 0, 0, hops);
    }

    /** A unicast route via a gateway and/or device in the main table. */
    public static RouteSpec via(IpPrefix destination, InetAddress gateway, int oif) {
        return new RouteSpec(destination, RTN_UNICAST, RT_TABLE_MAIN, gateway, oif, 0, List.of());
    }

    /** @return the same route in another table */
    public RouteSpec inTable(long newTable) {
        return new RouteSpec(destination, type, newTable, gateway, oif, metric, nexthops);
    }

    /** @return the same route with another metric */
    public RouteSpec withMetric(long newMetric) {
        return new RouteSpec(destination, type, table, gateway, oif, newMetric, nexthops);
    }
}
