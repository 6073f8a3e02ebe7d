package dev.netns.netlink.internal;

import static dev.netns.netlink.internal.wire.FibRules.*;
import static dev.netns.netlink.internal.wire.LinkKinds.*;
import static dev.netns.netlink.internal.wire.Neighbour.*;
import static dev.netns.netlink.internal.wire.RouteTypes.*;
import static dev.netns.netlink.internal.wire.RtNetlink.RTN_UNICAST;

import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import dev.netns.LinkStatistics;
import dev.netns.LinkType;
import dev.netns.Neighbour;
import dev.netns.NeighbourState;
import dev.netns.NextHop;
import dev.netns.Route;
import dev.netns.RouteType;
import dev.netns.Rule;
import dev.netns.netlink.internal.wire.FibRule;
import dev.netns.netlink.internal.wire.LinkKindSpec;
import dev.netns.netlink.internal.wire.LinkStats;
import dev.netns.netlink.internal.wire.NeighbourEntry;
import dev.netns.netlink.internal.wire.RouteEntry;
import dev.netns.netlink.internal.wire.RouteSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * Between the wire codec's records and the API's values: route types, rules, neighbours, link kinds,
 * counters. Internal (public only so the wire package's golden tests can reach it).
 */
public final class Conversions {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    private Conversions() {
    }

    // ---- neighbours ----

    /** NUD bits to the API state: the highest bit set ("strongest"), NONE for 0. */
    static NeighbourState state(int nud) {
        NeighbourState[] byBit = {NeighbourState.INCOMPLETE, NeighbourState.REACHABLE, NeighbourState.STALE,
            NeighbourState.DELAY, NeighbourState.PROBE, NeighbourState.FAILED, NeighbourState.NOARP,
            NeighbourState.PERMANENT};
        for (int bit = byBit.length - 1; bit >= 0; bit--) {
            if ((nud & (1 << bit)) != 0) {
                return byBit[bit];
            }
        }
        return NeighbourState.NONE;
    }

    public static int nud(NeighbourState s) {
        return switch (s) {
            case NONE -> NUD_NONE;
            case INCOMPLETE -> NUD_INCOMPLETE;
            case REACHABLE -> NUD_REACHABLE;
            case STALE -> NUD_STALE;
            case DELAY -> NUD_DELAY;
            case PROBE -> NUD_PROBE;
            case FAILED -> NUD_FAILED;
            case NOARP -> NUD_NOARP;
            case PERMANENT -> NUD_PERMANENT;
        };
    }

    /** @return the API entry, or null for entries it does not model (bridge FDB, no address) */
    static Neighbour neighbour(NeighbourEntry e, IntFunction<String> names) {
        if ((e.family() != AF_INET && e.family() != AF_INET6) || e.address() == null) {
            return null;
        }
        return Neighbour.builder().address(e.address()).mac(e.lladdr()).device(names.apply(e.ifindex()))
                .state(state(e.state())).router((e.flags() & NTF_ROUTER) != 0).build();
    }

    // ---- routes ----

    static RouteType routeType(int rtn) {
        return switch (rtn) {
            case RTN_UNICAST -> RouteType.UNICAST;
            case RTN_LOCAL -> RouteType.LOCAL;
            case RTN_BROADCAST -> RouteType.BROADCAST;
            case RTN_ANYCAST -> RouteType.ANYCAST;
            case RTN_MULTICAST -> RouteType.MULTICAST;
            case RTN_BLACKHOLE -> RouteType.BLACKHOLE;
            case RTN_UNREACHABLE -> RouteType.UNREACHABLE;
            case RTN_PROHIBIT -> RouteType.PROHIBIT;
            case RTN_THROW -> RouteType.THROW;
            default -> RouteType.OTHER;
        };
    }

    static int rtn(RouteType t) {
        return switch (t) {
            case UNICAST -> RTN_UNICAST;
            case BLACKHOLE -> RTN_BLACKHOLE;
            case UNREACHABLE -> RTN_UNREACHABLE;
            case PROHIBIT -> RTN_PROHIBIT;
            case THROW -> RTN_THROW;
            default -> throw new InvalidInputException("route type " + t + " is made by the kernel, not added: use "
                    + "unicast, blackhole, unreachable, prohibit or throw");
        };
    }

    static Route route(RouteEntry e, IntFunction<String> names) {
        List<NextHop> hops = new ArrayList<>(e.nexthops().size());
        for (RouteEntry.Hop h : e.nexthops()) {
            NextHop hop = h.gateway() != null ? NextHop.via(h.gateway()) : NextHop.device(names.apply(h.oif()));
            if (h.gateway() != null && h.oif() > 0) {
                hop = hop.dev(names.apply(h.oif()));
            }
            hops.add(hop.weight(h.weight()));
        }
        RouteType type = routeType(e.type());
        Route r;
        if (!hops.isEmpty()) {
            r = Route.multipath(e.destination(), hops);
        } else {
            r = Route.ofType(type, e.destination());
            boolean rejects = type == RouteType.BLACKHOLE || type == RouteType.UNREACHABLE || type == RouteType.PROHIBIT
                    || type == RouteType.THROW;
            if (!rejects) {
                // The kernel reports "dev lo" on IPv6 routes that reject: not part of the route as made.
                r = r.via(e.gateway());
                if (e.oif() > 0) {
                    r = r.dev(names.apply(e.oif()));
                }
            }
        }
        return r.metric(e.metric()).table(Math.max(1, e.table()));
    }

    /** The wire spec of a route with a type or next hops; device names resolved by {@code indexOf}. */
    public static RouteSpec routeSpec(Route r, ToIntFunction<String> indexOf) {
        List<RouteSpec.NextHop> hops = new ArrayList<>();
        for (NextHop h : r.nextHops()) {
            hops.add(new RouteSpec.NextHop(h.gateway(), h.device() == null ? 0 : indexOf.applyAsInt(h.device()),
                    h.weight()));
        }
        return new RouteSpec(r.destination(), rtn(r.type()), r.table(), r.gateway(),
                r.device() == null ? 0 : indexOf.applyAsInt(r.device()), r.metric(), hops);
    }

    // ---- rules ----

    public static FibRule fibRule(Rule r, boolean forDelete) {
        int action = switch (r.action()) {
            case LOOKUP -> FR_ACT_TO_TBL;
            case BLACKHOLE -> FR_ACT_BLACKHOLE;
            case UNREACHABLE -> FR_ACT_UNREACHABLE;
            case PROHIBIT -> FR_ACT_PROHIBIT;
            case OTHER -> {
                if (!forDelete) {
                    throw new InvalidInputException("rule " + r + " has no action this SDK can add");
                }
                yield FR_ACT_UNSPEC;
            }
        };
        return new FibRule(r.isIpv6() ? AF_INET6 : AF_INET, r.from(), r.to(), r.iif(), r.oif(), r.fwmark(), r.fwmask(),
                r.table(), r.priority(), action, 0);
    }

    static Rule rule(FibRule f) {
        Rule.Action action = switch (f.action()) {
            case FR_ACT_TO_TBL -> Rule.Action.LOOKUP;
            case FR_ACT_BLACKHOLE -> Rule.Action.BLACKHOLE;
            case FR_ACT_UNREACHABLE -> Rule.Action.UNREACHABLE;
            case FR_ACT_PROHIBIT -> Rule.Action.PROHIBIT;
            default -> Rule.Action.OTHER;
        };
        // The kernel reports a mask of all ones for "fwmark M" without a mask: the API's null.
        Long mask = f.fwmask() != null && f.fwmask() == 0xFFFF_FFFFL ? null : f.fwmask();
        // A lookup without a table (an l3mdev rule) has no value here: it reads as OTHER.
        Rule r = action == Rule.Action.LOOKUP && f.table() > 0 ? Rule.lookup(f.table())
                : Rule.of(action == Rule.Action.LOOKUP ? Rule.Action.OTHER : action);
        if (f.family() == AF_INET6) {
            r = r.ipv6();
        }
        if (f.from() != null) {
            r = r.from(f.from());
        }
        if (f.to() != null) {
            r = r.to(f.to());
        }
        if (f.iif() != null) {
            r = r.iif(f.iif());
        }
        if (f.oif() != null) {
            r = r.oif(f.oif());
        }
        if (f.fwmark() != null) {
            r = mask == null ? r.fwmark(f.fwmark()) : r.fwmark(f.fwmark(), mask);
        }
        return f.priority() == null ? r : r.priority(f.priority());
    }

    // ---- counters ----

    static LinkStatistics statistics(LinkStats s) {
        return LinkStatistics.builder().rxPackets(s.rxPackets()).txPackets(s.txPackets()).rxBytes(s.rxBytes())
                .txBytes(s.txBytes()).rxErrors(s.rxErrors()).txErrors(s.txErrors()).rxDropped(s.rxDropped())
                .txDropped(s.txDropped()).multicast(s.multicast()).collisions(s.collisions()).build();
    }

    // ---- link kinds ----

    /** The wire spec of a type, device names resolved by {@code indexOf}; tun/tap has none (made by ioctl). */
    public static LinkKindSpec kindSpec(LinkType t, ToIntFunction<String> indexOf) {
        if (t instanceof LinkType.Vxlan v) {
            return new LinkKindSpec.Vxlan(v.vni(), v.remote(), v.local(), v.port(),
                    v.device() == null ? 0 : indexOf.applyAsInt(v.device()), v.learning(), -1);
        } else if (t instanceof LinkType.Macvlan m) {
            int mode = switch (m.mode()) {
                case PRIVATE -> MACVLAN_MODE_PRIVATE;
                case VEPA -> MACVLAN_MODE_VEPA;
                case BRIDGE -> MACVLAN_MODE_BRIDGE;
                case PASSTHRU -> MACVLAN_MODE_PASSTHRU;
                case SOURCE -> MACVLAN_MODE_SOURCE;
            };
            return new LinkKindSpec.Macvlan(indexOf.applyAsInt(m.device()), mode);
        } else if (t instanceof LinkType.Vlan v) {
            return new LinkKindSpec.Vlan(indexOf.applyAsInt(v.device()), v.id(), ETH_P_8021Q);
        } else if (t instanceof LinkType.Ipvlan v) {
            return new LinkKindSpec.Ipvlan(indexOf.applyAsInt(v.device()), v.mode().ordinal(), 0);
        } else if (t instanceof LinkType.Geneve g) {
            return new LinkKindSpec.Geneve(g.vni(), g.remote(), g.port());
        } else if (t instanceof LinkType.Dummy) {
            return new LinkKindSpec.Dummy();
        } else if (t instanceof LinkType.Wireguard) {
            return new LinkKindSpec.Wireguard();
        }
        return null;
    }

    /** The API type of decoded kind data, or null for kinds it does not model. */
    static LinkType linkType(LinkKindSpec s, IntFunction<String> names) {
        if (s instanceof LinkKindSpec.Vxlan v) {
            LinkType.Vxlan t = LinkType.vxlan(v.vni()).learning(v.learning());
            if (v.remote() != null) {
                String r = IpPrefix.hostString(v.remote());
                t = v.remote().isMulticastAddress() ? t.group(r) : t.remote(r);
            }
            if (v.local() != null) {
                t = t.local(IpPrefix.hostString(v.local()));
            }
            if (v.port() > 0) {
                t = t.port(v.port());
            }
            return v.device() > 0 ? t.device(names.apply(v.device())) : t;
        } else if (s instanceof LinkKindSpec.Macvlan m && m.lowerIndex() > 0) {
            LinkType.MacvlanMode mode = switch (m.mode()) {
                case MACVLAN_MODE_PRIVATE -> LinkType.MacvlanMode.PRIVATE;
                case MACVLAN_MODE_BRIDGE -> LinkType.MacvlanMode.BRIDGE;
                case MACVLAN_MODE_PASSTHRU -> LinkType.MacvlanMode.PASSTHRU;
                case MACVLAN_MODE_SOURCE -> LinkType.MacvlanMode.SOURCE;
                default -> LinkType.MacvlanMode.VEPA;
            };
            return LinkType.macvlan(names.apply(m.lowerIndex()), mode);
        } else if (s instanceof LinkKindSpec.Vlan v && v.lowerIndex() > 0) {
            return LinkType.vlan(names.apply(v.lowerIndex()), v.id());
        } else if (s instanceof LinkKindSpec.Ipvlan v && v.lowerIndex() > 0) {
            return LinkType.ipvlan(names.apply(v.lowerIndex()), LinkType.IpvlanMode.values()[v.mode()]);
        } else if (s instanceof LinkKindSpec.Geneve g) {
            LinkType.Geneve t = LinkType.geneve(g.vni());
            t = g.remote() == null ? t : t.remote(g.remote().getHostAddress());
            return g.port() == 0 ? t : t.port(g.port());
        } else if (s instanceof LinkKindSpec.Dummy) {
            return LinkType.dummy();
        } else if (s instanceof LinkKindSpec.Wireguard) {
            return LinkType.wireguard();
        }
        return null;
    }

    /** The kernel module a kind needs, for "not supported" messages. */
    static String module(String kind) {
        return switch (kind) {
            case "vlan" -> "8021q (CONFIG_VLAN_8021Q)";
            case "ipvlan" -> "ipvlan (CONFIG_IPVLAN)";
            case "dummy" -> "dummy (CONFIG_DUMMY)";
            case "geneve" -> "geneve (CONFIG_GENEVE)";
            case "wireguard" -> "wireguard (CONFIG_WIREGUARD)";
            case "vxlan" -> "vxlan (CONFIG_VXLAN)";
            case "macvlan" -> "macvlan (CONFIG_MACVLAN)";
            case "tun" -> "tun (CONFIG_TUN)";
            default -> kind;
        };
    }
}
