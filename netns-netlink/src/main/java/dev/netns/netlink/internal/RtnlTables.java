package dev.netns.netlink.internal;

import dev.netns.InvalidInputException;
import dev.netns.KernelException;
import dev.netns.LinkInfo;
import dev.netns.LinkStatistics;
import dev.netns.MalformedReplyException;
import dev.netns.Neighbour;
import dev.netns.NeighbourState;
import dev.netns.NotFoundException;
import dev.netns.Route;
import dev.netns.RouteLookup;
import dev.netns.RouteQuery;
import dev.netns.RouteType;
import dev.netns.Rule;
import dev.netns.internal.Validation;
import dev.netns.netlink.internal.libc.Errno;
import dev.netns.netlink.internal.wire.LinkStatsMessages;
import dev.netns.netlink.internal.wire.NeighbourEntry;
import dev.netns.netlink.internal.wire.NeighbourMessages;
import dev.netns.netlink.internal.wire.NlMessage;
import dev.netns.netlink.internal.wire.RouteEntry;
import dev.netns.netlink.internal.wire.RouteSpecMessages;
import dev.netns.netlink.internal.wire.RtNetlink;
import dev.netns.netlink.internal.wire.RuleMessages;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Neighbours, rules, routes of any table and type, route lookups and counters of one namespace,
 * over its rtnetlink connection. Everything is validated and every name resolved before the first
 * request, so bad input changes nothing.
 */
final class RtnlTables {
    private static final int AF_UNSPEC = 0;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    private final NetlinkNamespace ns;

    RtnlTables(NetlinkNamespace ns) {
        this.ns = ns;
    }

    private RtnlConnection rtnl() {
        return ns.rtnl();
    }

    /** The index of link {@code name}, or NotFoundException naming it and the operation. */
    int index(String name, String op) {
        Validation.interfaceName(name);
        LinkInfo l = ns.getLink(0, name);
        if (l == null) {
            throw new NotFoundException(op + " " + ns.where(), Errno.ENODEV, "ENODEV", null,
                    "There is no link called " + name);
        }
        return l.index();
    }

    // ---- neighbours ----

    List<Neighbour> neighbours(int onlyIndex) {
        IntFunction<String> names = ns.linkNames();
        List<Neighbour> out = new ArrayList<>();
        for (NeighbourEntry e : entries()) {
            if (onlyIndex == 0 || e.ifindex() == onlyIndex) {
                Neighbour n = Conversions.neighbour(e, names);
                if (n != null) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    private List<NeighbourEntry> entries() {
        List<NeighbourEntry> out = new ArrayList<>();
        for (NlMessage m : inetDump(rtnl(), () -> NeighbourMessages.dump(AF_UNSPEC),
                dev.netns.netlink.internal.wire.Neighbour.RTM_NEWNEIGH, "list neighbours")) {
            out.add(NeighbourMessages.decode(m));
        }
        return out;
    }

    /**
     * The IPv4 and IPv6 messages of {@code type} from one dump of every family (AF_UNSPEC): one
     * request and one end of dump, where a dump per family took two of each. The kernel answers
     * for every family that has such entries (multicast routing tables, MPLS routes), and those
     * are left out here, before any decoding. IPv4 comes before IPv6, as the kernel walks its
     * families and neighbour tables in that order.
     *
     * @param request an AF_UNSPEC dump whose messages start with the family (rtmsg, ndmsg)
     */
    static List<NlMessage> inetDump(RtnlConnection rtnl, java.util.function.Supplier<dev.netns.netlink.internal.wire.MessageBuilder> request,
            int type, String operation) {
        List<NlMessage> out = new ArrayList<>();
        for (NlMessage m : rtnl.dump(request, operation)) {
            int family = m.type() == type ? m.u8(0) : AF_UNSPEC;
            if (family == AF_INET || family == AF_INET6) {
                out.add(m);
            }
        }
        return out;
    }

    void changeNeighbour(Neighbour n, boolean replace) {
        Validation.notNull("neighbour", n);
        NeighbourState s = n.state();
        if (s != NeighbourState.PERMANENT && s != NeighbourState.REACHABLE && s != NeighbourState.STALE
                && s != NeighbourState.NOARP) {
            throw new InvalidInputException("cannot " + (replace ? "replace" : "add") + " neighbour " + n + " "
                    + ns.where() + ": state " + s + " cannot be set; use PERMANENT, REACHABLE, STALE or NOARP");
        }
        if (n.mac() == null && s != NeighbourState.NOARP) {
            throw new InvalidInputException("cannot " + (replace ? "replace" : "add") + " neighbour " + n + " "
                    + ns.where() + ": it needs a MAC address for state " + s);
        }
        String op = (replace ? "replace" : "add") + " neighbour " + n;
        int index = index(n.device(), op);
        if (n.isRouter()) {
            throw new InvalidInputException("cannot " + (replace ? "replace" : "add") + " neighbour " + n + " "
                    + ns.where() + ": the router flag is the kernel's to set, not the SDK's");
        }
        int nud = Conversions.nud(s);
        rtnl().request(replace ? NeighbourMessages.replace(index, n.address(), n.mac(), nud)
                : NeighbourMessages.add(index, n.address(), n.mac(), nud), op);
    }

    void deleteNeighbour(String device, InetAddress address) {
        Validation.notNull("neighbour address", address);
        String op = "delete neighbour " + dev.netns.IpPrefix.hostString(address) + " dev " + device;
        int index = index(device, op);
        rtnl().request(NeighbourMessages.delete(index, address), op);
    }

    int flushNeighbours(String device) {
        String op = "flush neighbours of " + device;
        int index = index(device, op);
        int deleted = 0;
        for (NeighbourEntry e : entries()) {
            if (e.ifindex() != index || e.address() == null
                    || (e.state() & (dev.netns.netlink.internal.wire.Neighbour.NUD_PERMANENT
                            | dev.netns.netlink.internal.wire.Neighbour.NUD_NOARP)) != 0) {
                continue;
            }
            try {
                rtnl().request(NeighbourMessages.delete(index, e.address()), op);
                deleted++;
            } catch (NotFoundException gone) {
                // Expired between the dump and the delete: flushed all the same.
            }
        }
        return deleted;
    }

    // ---- rules ----

    void addRule(Rule r) {
        Validation.notNull("rule", r);
        rtnl().request(RuleMessages.add(inContext(() -> Conversions.fibRule(r, false), "add rule " + r)), "add rule " + r);
    }

    void deleteRule(Rule r) {
        Validation.notNull("rule", r);
        rtnl().request(RuleMessages.delete(Conversions.fibRule(r, true)), "delete rule " + r);
    }

    List<Rule> rules() {
        List<Rule> out = new ArrayList<>();
        for (int family : new int[] {AF_INET, AF_INET6}) {
            for (NlMessage m : rtnl().dump(() -> RuleMessages.dump(family), "list rules")) {
                if (m.type() == dev.netns.netlink.internal.wire.FibRules.RTM_NEWRULE) {
                    out.add(Conversions.rule(RuleMessages.decode(m)));
                }
            }
        }
        return out;
    }

    // ---- routes ----

    /** Routes of one table, or of every table for {@code table} 0. */
    List<Route> routes(long table) {
        IntFunction<String> names = ns.linkNames();
        List<Route> out = new ArrayList<>();
        for (NlMessage m : inetDump(rtnl(), () -> RouteSpecMessages.dump(AF_UNSPEC), RtNetlink.RTM_NEWROUTE, "list routes")) {
            RouteEntry e = RouteSpecMessages.decode(m);
            if (table == 0 || e.table() == table) {
                out.add(Conversions.route(e, names));
            }
        }
        return out;
    }

    /** Adds or deletes a route that has a special type or next hops. */
    void changeTypedRoute(Route r, boolean add) {
        String op = (add ? "add route " : "delete route ") + r;
        var spec = inContext(() -> Conversions.routeSpec(r, name -> index(name, op)), op);
        rtnl().request(add ? RouteSpecMessages.add(spec) : RouteSpecMessages.delete(spec), op);
    }

    /** Runs a conversion; its InvalidInputException is rethrown naming the operation and the namespace. */
    private <T> T inContext(java.util.function.Supplier<T> conversion, String op) {
        try {
            return conversion.get();
        } catch (InvalidInputException e) {
            InvalidInputException named = new InvalidInputException("cannot " + op + " " + ns.where() + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    RouteLookup lookup(RouteQuery q) {
        Validation.notNull("route query", q);
        String op = "look up the route to " + q;
        int iif = q.iif() == null ? 0 : index(q.iif(), op);
        int oif = q.oif() == null ? 0 : index(q.oif(), op);
        var wire = new dev.netns.netlink.internal.wire.RouteQuery(q.destination(), q.source(), iif, oif, q.mark());
        List<NlMessage> replies;
        try {
            replies = rtnl().request(RouteSpecMessages.get(wire), op);
        } catch (KernelException e) {
            // The kernel refuses a lookup with the error of the route type that matched.
            RouteLookup.Builder refused = RouteLookup.builder().destination(q.destination());
            switch (e.errno()) {
                case Errno.ENETUNREACH:
                    return refused.type(RouteType.UNREACHABLE).routeFound(false).build();
                case Errno.EHOSTUNREACH:
                    return refused.type(RouteType.UNREACHABLE).build();
                case Errno.EACCES:
                    return refused.type(RouteType.PROHIBIT).build();
                case Errno.EINVAL:
                    if (e.kernelMessage().isEmpty()) {
                        return refused.type(RouteType.BLACKHOLE).build();
                    }
                    throw e;
                case Errno.EAGAIN:
                    return refused.type(RouteType.THROW).build();
                default:
                    throw e;
            }
        }
        for (NlMessage m : replies) {
            if (m.type() == RtNetlink.RTM_NEWROUTE) {
                RouteEntry e = RouteSpecMessages.decode(m);
                String dev = null;
                if (e.oif() > 0) {
                    LinkInfo l = ns.getLink(e.oif(), null);
                    dev = l != null ? l.name() : "if" + e.oif();
                }
                return RouteLookup.builder().destination(q.destination()).type(Conversions.routeType(e.type()))
                        .table(e.table()).gateway(e.gateway()).device(dev).source(e.prefsrc()).build();
            }
        }
        throw new MalformedReplyException("route get of " + q + " " + ns.where() + " was acknowledged without an answer");
    }

    // ---- counters ----

    LinkStatistics statistics(int index, String label) {
        for (NlMessage m : rtnl().request(LinkStatsMessages.get(index), "read the counters of " + label)) {
            if (m.type() == LinkStatsMessages.RTM_NEWSTATS) {
                LinkStatsMessages.Reply r = LinkStatsMessages.decodeStats(m);
                if (r.ifindex() == index && r.stats() != null) {
                    return Conversions.statistics(r.stats());
                }
            }
        }
        throw new MalformedReplyException("RTM_GETSTATS of " + label + " got no IFLA_STATS_LINK_64");
    }
}
