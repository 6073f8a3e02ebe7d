package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.RouteTypes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netns.IpPrefix;
import dev.netns.MacAddress;
import dev.netns.netlink.internal.wire.LinkKindSpec.Bridge;
import dev.netns.netlink.internal.wire.LinkKindSpec.Macvlan;
import dev.netns.netlink.internal.wire.LinkKindSpec.Vxlan;
import dev.netns.netlink.internal.wire.RtnlEvent.Kind;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real kernel replies (Linux 6.18, captured from iproute2 6.1 with strace in a scratch namespace,
 * see {@link Captures}) decoded and compared with what {@code ip -j} printed for the same bytes;
 * each capture file holds ip's output in its comments.
 */
class CapturedReplyDecodingTest {

    @BeforeEach
    void littleEndianOnly() {
        assumeTrue(Wire.littleEndian(), "the captures are little-endian");
    }

    private static InetAddress ip(String s) {
        return IpPrefix.parseAddress(s);
    }

    private static Map<String, LinkDetails> links(String capture) {
        Map<String, LinkDetails> out = new LinkedHashMap<>();
        for (NlMessage m : Captures.messages(capture, RtNetlink.RTM_NEWLINK)) {
            LinkDetails d = LinkKindMessages.decode(m);
            out.put(d.link().name(), d);
        }
        return out;
    }

    @Test
    void namesAloneMatchTheFullDecode() {
        // What routes and neighbours name their devices with: the same index and name as the
        // whole decode reads, from the same bytes.
        for (NlMessage m : Captures.messages("link-show-details", RtNetlink.RTM_NEWLINK)) {
            LinkMessages.Name n = LinkMessages.decodeName(m);
            LinkDetails d = LinkKindMessages.decode(m);
            assertThat(n).isEqualTo(new LinkMessages.Name(d.link().index(), d.link().name()));
        }
        assertThat(LinkMessages.decodeName(Captures.messages("link-show-details", RtNetlink.RTM_NEWLINK).get(1)))
                .isEqualTo(new LinkMessages.Name(2, "veth0"));
    }

    @Test
    void operationalStateFromTheKernelsBytes() {
        Map<Integer, LinkMessages.State> byIndex = new LinkedHashMap<>();
        for (NlMessage m : Captures.messages("link-show-details", RtNetlink.RTM_NEWLINK)) {
            LinkMessages.State st = LinkMessages.decodeState(m);
            byIndex.put(st.index(), st);
        }
        // lo: {"flags":["LOOPBACK","UP","LOWER_UP"],"operstate":"UNKNOWN"}, no carrier event ever
        assertThat(byIndex.get(1)).isEqualTo(new LinkMessages.State(1, 0x10049, IfLink.IF_OPER_UNKNOWN, 0));
        // veth0: {"flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"operstate":"UP"}, carrier off then on
        assertThat(byIndex.get(2)).isEqualTo(new LinkMessages.State(2, 0x11043, IfLink.IF_OPER_UP, 2));
        // br1: {"flags":["BROADCAST","MULTICAST"],"operstate":"DOWN"}
        assertThat(byIndex.get(3).flags() & RtNetlink.IFF_UP).isZero();
        assertThat(byIndex.get(3).operState()).isEqualTo(2); // IF_OPER_DOWN
    }

    @Test
    void carrierChangesReadAsAnUnsignedCountAndMinusOneWhenAbsent() {
        NlMessage fresh = Wire.parseOne(Wire.bytesOf(new MessageBuilder(RtNetlink.RTM_NEWLINK, 0)
                .ifinfomsg(0, 1, 5, RtNetlink.IFF_UP, 0).attrString(IfLink.IFLA_IFNAME, "eth0")
                .attrU8(IfLink.IFLA_OPERSTATE, IfLink.IF_OPER_UNKNOWN).attrU32(IfLink.IFLA_CARRIER_CHANGES, 1).finish(1)));
        assertThat(LinkMessages.decodeState(fresh)).isEqualTo(new LinkMessages.State(5, RtNetlink.IFF_UP, IfLink.IF_OPER_UNKNOWN, 1));
        NlMessage many = Wire.parseOne(Wire.bytesOf(new MessageBuilder(RtNetlink.RTM_NEWLINK, 0)
                .ifinfomsg(0, 1, 5, RtNetlink.IFF_UP, 0).attrU8(IfLink.IFLA_OPERSTATE, IfLink.IF_OPER_UNKNOWN)
                .attrU32(IfLink.IFLA_CARRIER_CHANGES, 0xFFFF_FFFF).finish(1)));
        assertThat(LinkMessages.decodeState(many).carrierChanges()).isEqualTo(0xFFFF_FFFFL);
        NlMessage old = Wire.parseOne(Wire.bytesOf(new MessageBuilder(RtNetlink.RTM_NEWLINK, 0)
                .ifinfomsg(0, 1, 5, RtNetlink.IFF_UP, 0).attrU8(IfLink.IFLA_OPERSTATE, IfLink.IF_OPER_UNKNOWN).finish(1)));
        assertThat(LinkMessages.decodeState(old).carrierChanges()).isEqualTo(-1);
    }

    @Test
    void linkShowDetails() {
        // ip -d -j link show
        Map<String, LinkDetails> l = links("link-show-details");
        assertThat(l.keySet()).containsExactly("lo", "veth0", "br1", "vx3", "vx0", "mv1", "ifb0");
        LinkDetails veth = l.get("veth0");
        // {"ifindex":2,"link_index":2,"link_netnsid":0,"mtu":1500,"address":"e6:12:5c:a0:c6:43","operstate":"UP"}
        assertThat(veth.link().index()).isEqualTo(2);
        assertThat(veth.link().kind()).isEqualTo("veth");
        assertThat(veth.link().linkIndex()).isEqualTo(2);
        assertThat(veth.linkNetnsId()).isZero();
        assertThat(veth.link().mac()).isEqualTo(MacAddress.parse("e6:12:5c:a0:c6:43"));
        assertThat(veth.link().operState()).isEqualTo("UP");
        assertThat(veth.kindSpec()).isNull();
        // "info_data":{"stp_state":1,"vlan_filtering":0,...}
        assertThat(l.get("br1").kindSpec()).isEqualTo(new Bridge(1, false));
        // {"id":6,"remote6":"fd00::2","local6":"fd00::1","port":4789,"learning":true,"ttl":3}
        assertThat(l.get("vx3").kindSpec()).isEqualTo(new Vxlan(6, ip("fd00::2"), ip("fd00::1"), 4789, 0, true, 3));
        // {"id":42,"remote":"10.0.0.2","local":"10.0.0.1","link":"veth0","port":4789,"learning":false,"ttl":0}, mtu 1450
        assertThat(l.get("vx0").kindSpec()).isEqualTo(new Vxlan(42, ip("10.0.0.2"), ip("10.0.0.1"), 4789, 2, false, 0));
        assertThat(l.get("vx0").link().mtu()).isEqualTo(1450);
        // {"mode":"private"} on veth0 (ifindex 2)
        assertThat(l.get("mv1").kindSpec()).isEqualTo(new Macvlan(2, LinkKinds.MACVLAN_MODE_PRIVATE));
        assertThat(l.get("ifb0").kindSpec()).isEqualTo(new LinkKindSpec.Ifb());
        assertThat(l.get("lo").link().kind()).isNull();
        assertThat(l.get("lo").linkNetnsId()).isEqualTo(-1);
        // ip -d link show does not skip statistics: IFLA_STATS64 is there too.
        assertThat(veth.stats()).isNotNull();
    }

    @Test
    void linkStatistics() {
        // ip -s -j link show: veth0 "rx":{"bytes":964,"packets":10,"errors":0,"dropped":0,"over_errors":0,"multicast":0},
        // "tx":{"bytes":858,"packets":9,"errors":0,"dropped":0,"carrier_errors":0,"collisions":0}
        LinkStats s = links("link-show-stats").get("veth0").stats();
        assertThat(List.of(s.rxBytes(), s.rxPackets(), s.rxErrors(), s.rxDropped(), s.rxOverErrors(), s.multicast()))
                .containsExactly(964L, 10L, 0L, 0L, 0L, 0L);
        assertThat(List.of(s.txBytes(), s.txPackets(), s.txErrors(), s.txDropped(), s.txCarrierErrors(), s.collisions()))
                .containsExactly(858L, 9L, 0L, 0L, 0L, 0L);
        assertThat(links("link-show-stats").get("lo").stats().rxPackets()).isZero();
    }

    @Test
    void getStats() {
        // ip -j stats show dev veth0 group link: {"ifindex":2,"stats64":{"rx":{"bytes":964,"packets":10,...},"tx":{"bytes":858,"packets":9,...}}}
        List<NlMessage> m = Captures.messages("stats-show", LinkStatsMessages.RTM_NEWSTATS);
        assertThat(m).hasSize(1);
        LinkStatsMessages.Reply r = LinkStatsMessages.decodeStats(m.get(0));
        assertThat(r.ifindex()).isEqualTo(2);
        assertThat(List.of(r.stats().rxBytes(), r.stats().rxPackets(), r.stats().txBytes(), r.stats().txPackets()))
                .containsExactly(964L, 10L, 858L, 9L);
    }

    @Test
    void neighbours() {
        // ip -j neigh: [{"dst":"10.0.0.2","dev":"veth0","lladdr":"fe:73:ad:75:fd:24","state":["REACHABLE"]},
        // {"dst":"10.0.0.9","dev":"veth0","lladdr":"02:00:00:00:00:09","state":["PERMANENT"]},
        // {"dst":"fd00::2","dev":"veth0","lladdr":"fe:73:ad:75:fd:24","state":["REACHABLE"]}]
        // ip hides NOARP entries (10.0.0.8, added "nud noarp") unless asked; the dump has them.
        List<NeighbourEntry> all = new ArrayList<>();
        for (NlMessage m : Captures.messages("neigh-show", Neighbour.RTM_NEWNEIGH)) {
            all.add(NeighbourMessages.decode(m));
        }
        Map<InetAddress, NeighbourEntry> byAddr = all.stream().filter(n -> n.address() != null)
                .collect(Collectors.toMap(NeighbourEntry::address, n -> n, (a, b) -> a, LinkedHashMap::new));
        NeighbourEntry a = byAddr.get(ip("10.0.0.2"));
        assertThat(a.ifindex()).isEqualTo(2);
        assertThat(a.lladdr()).isEqualTo(MacAddress.parse("fe:73:ad:75:fd:24"));
        assertThat(a.stateNames()).containsExactly("REACHABLE");
        NeighbourEntry p = byAddr.get(ip("10.0.0.9"));
        assertThat(p.lladdr()).isEqualTo(MacAddress.parse("02:00:00:00:00:09"));
        assertThat(p.isPermanent()).isTrue();
        assertThat(p.family()).isEqualTo(2);
        NeighbourEntry six = byAddr.get(ip("fd00::2"));
        assertThat(six.family()).isEqualTo(10);
        assertThat(six.stateNames()).containsExactly("REACHABLE");
        assertThat(byAddr.get(ip("10.0.0.8")).state()).isEqualTo(Neighbour.NUD_NOARP);
        List<NeighbourEntry> shown = all.stream().filter(n -> (n.state() & (Neighbour.NUD_NOARP)) == 0).toList();
        assertThat(shown).extracting(NeighbourEntry::address)
                .containsExactlyInAnyOrder(ip("10.0.0.2"), ip("10.0.0.9"), ip("fd00::2"));
    }

    @Test
    void rules() {
        // ip -j rule: [{"priority":0,"table":"local"},{"priority":999,"fwmark":"0x1","fwmask":"0xff","table":"200"},
        // {"priority":1000,"src":"10.0.0.0","srclen":24,"table":"100"},
        // {"priority":1100,"dst":"10.5.0.0","dstlen":16,"iif":"veth0","action":"blackhole"},
        // {"priority":1300,"dst":"10.6.0.0","dstlen":16,"oif":"veth0","action":"prohibit"},
        // {"priority":32766,"table":"main"},{"priority":32767,"table":"default"}]
        List<FibRule> r = new ArrayList<>();
        for (NlMessage m : Captures.messages("rule-show", FibRules.RTM_NEWRULE)) {
            r.add(RuleMessages.decode(m));
        }
        assertThat(r).extracting(FibRule::priority).containsExactly(0L, 999L, 1000L, 1100L, 1300L, 32766L, 32767L);
        assertThat(r.get(0).table()).isEqualTo(RT_TABLE_LOCAL);
        assertThat(r.get(1)).isEqualTo(FibRule.lookup(2, null, null, 200, 999L).withFwmark(1L, 0xffL));
        assertThat(r.get(2)).isEqualTo(FibRule.lookup(2, IpPrefix.parse("10.0.0.0/24"), null, 100, 1000L));
        assertThat(r.get(3)).isEqualTo(new FibRule(2, null, IpPrefix.parse("10.5.0.0/16"), "veth0", null, null, null, 0,
                1100L, FibRules.FR_ACT_BLACKHOLE, 0));
        assertThat(r.get(4)).isEqualTo(new FibRule(2, null, IpPrefix.parse("10.6.0.0/16"), null, "veth0", null, null, 0,
                1300L, FibRules.FR_ACT_PROHIBIT, 0));
        assertThat(r.get(5).table()).isEqualTo(RtNetlink.RT_TABLE_MAIN);
        assertThat(r.get(6).table()).isEqualTo(RT_TABLE_DEFAULT);
        // ip -6 -j rule: {"priority":1200,"src":"fd00::","srclen":64,"oif":"veth0","table":"1000"}
        List<FibRule> six = new ArrayList<>();
        for (NlMessage m : Captures.messages("rule6-show", FibRules.RTM_NEWRULE)) {
            six.add(RuleMessages.decode(m));
        }
        assertThat(six.get(1)).isEqualTo(FibRule.lookup(10, IpPrefix.parse("fd00::/64"), null, 1000, 1200L)
                .withInterfaces(null, "veth0"));
    }

    private static RouteEntry routeGet(String capture) {
        List<NlMessage> m = Captures.messages(capture, RtNetlink.RTM_NEWROUTE);
        assertThat(m).hasSize(1);
        return RouteSpecMessages.decode(m.get(0));
    }

    @Test
    void routeGetAnswers() {
        // {"dst":"10.0.0.2","dev":"veth0","prefsrc":"10.0.0.1"}
        RouteEntry r = routeGet("route-get");
        assertThat(r.destination()).isEqualTo(IpPrefix.parse("10.0.0.2/32"));
        assertThat(r.gateway()).isNull();
        assertThat(r.oif()).isEqualTo(2);
        assertThat(r.prefsrc()).isEqualTo(ip("10.0.0.1"));
        assertThat(r.table()).isEqualTo(RtNetlink.RT_TABLE_MAIN); // ip omits "table" for main
        assertThat(r.type()).isEqualTo(RtNetlink.RTN_UNICAST);
        // {"dst":"10.4.1.1","from":"10.0.0.1","gateway":"10.0.0.2","dev":"veth0","table":"100"}
        r = routeGet("route-getfrom");
        assertThat(r.source()).isEqualTo(IpPrefix.parse("10.0.0.1/32"));
        assertThat(r.gateway()).isEqualTo(ip("10.0.0.2"));
        assertThat(r.oif()).isEqualTo(2);
        assertThat(r.table()).isEqualTo(100);
        // A multipath route resolves to one hop: {"dst":"10.8.1.1","gateway":"10.0.0.2","dev":"veth0","prefsrc":"10.0.0.1"}
        r = routeGet("route-getmp");
        assertThat(r.gateway()).isEqualTo(ip("10.0.0.2"));
        assertThat(r.nexthops()).isEmpty();
        // {"dst":"fd00::2","from":"::","dev":"veth0","protocol":"kernel","prefsrc":"fd00::1","metric":256}
        r = routeGet("route-get6");
        assertThat(r.destination()).isEqualTo(IpPrefix.parse("fd00::2/128"));
        assertThat(r.oif()).isEqualTo(2);
        assertThat(r.prefsrc()).isEqualTo(ip("fd00::1"));
        assertThat(r.protocol()).isEqualTo(RtNetlink.RTPROT_KERNEL);
        assertThat(r.metric()).isEqualTo(256);
        assertThat(r.table()).isEqualTo(RtNetlink.RT_TABLE_MAIN);
        // {"dst":"10.0.0.3","dev":"veth0","prefsrc":"10.0.0.1","mark":7}
        r = routeGet("route-getmark");
        assertThat(r.mark()).isEqualTo(7);
        assertThat(r.oif()).isEqualTo(2);
    }

    @Test
    void routesOfEveryTableAndType() {
        // ip -j route show table all (see the capture's comments for the full output)
        List<RouteEntry> all = new ArrayList<>();
        for (NlMessage m : Captures.messages("route-show-all", RtNetlink.RTM_NEWROUTE)) {
            all.add(RouteSpecMessages.decode(m));
        }
        Map<IpPrefix, RouteEntry> v4 = all.stream().filter(r -> r.family() == 2 && r.type() != RTN_LOCAL
                && r.type() != RTN_BROADCAST).collect(Collectors.toMap(RouteEntry::destination, r -> r));
        // {"dst":"10.4.0.0/16","gateway":"10.0.0.2","dev":"veth0","table":"100"}
        assertThat(v4.get(IpPrefix.parse("10.4.0.0/16")).table()).isEqualTo(100);
        // {"dst":"10.3.0.0/16","gateway":"10.0.0.2","dev":"veth0","table":"1000"}
        assertThat(v4.get(IpPrefix.parse("10.3.0.0/16")).table()).isEqualTo(1000);
        assertThat(v4.get(IpPrefix.parse("10.7.0.0/16")).type()).isEqualTo(RTN_UNREACHABLE);
        assertThat(v4.get(IpPrefix.parse("10.9.0.0/16")).type()).isEqualTo(RTN_BLACKHOLE);
        // "nexthops":[{"gateway":"10.0.0.2","dev":"veth0","weight":1},{"gateway":"10.0.0.3","dev":"veth0","weight":2}]
        assertThat(v4.get(IpPrefix.parse("10.8.0.0/16")).nexthops()).containsExactly(
                new RouteEntry.Hop(ip("10.0.0.2"), 2, 1, 0), new RouteEntry.Hop(ip("10.0.0.3"), 2, 2, 0));
        assertThat(all.stream().filter(r -> r.type() == RTN_LOCAL).map(RouteEntry::table).distinct().toList())
                .containsExactly((long) RT_TABLE_LOCAL);
    }

    @Test
    void monitorEvents() {
        // ip monitor all, while links, neighbours, rules, routes and addresses came and went.
        List<RtnlEvent> events = new ArrayList<>();
        int skipped = 0;
        for (byte[] b : Captures.load("monitor")) {
            NlMessage m = Wire.parseOne(b);
            Optional<RtnlEvent> e = RtnlEvents.decode(m);
            if (e.isPresent()) {
                events.add(e.get());
            } else {
                skipped++;
            }
        }
        assertThat(skipped).isEqualTo(14); // 10 RTM_NEWNETCONF, 4 RTM_DELNETCONF
        Set<Kind> kinds = events.stream().map(RtnlEvent::kind).collect(Collectors.toCollection(() -> EnumSet.noneOf(Kind.class)));
        assertThat(kinds).containsExactlyInAnyOrder(Kind.values());
        // [LINK]Deleted 4: vx2: ... mtu 1450
        assertThat(events).filteredOn(e -> e.kind() == Kind.DEL_LINK).singleElement()
                .satisfies(e -> assertThat(((RtnlEvent.LinkEvent) e).link().link().name()).isEqualTo("vx2"))
                .satisfies(e -> assertThat(((RtnlEvent.LinkEvent) e).link().kindSpec()).isInstanceOf(Vxlan.class));
        // [RULE]900: from all fwmark 0x10 iif veth0 lookup 300, then [RULE]Deleted 900: ...
        FibRule rule = FibRule.lookup(2, null, null, 300, 900L).withInterfaces("veth0", null).withFwmark(0x10L, 0xffffffffL);
        assertThat(events).contains(new RtnlEvent.RuleEvent(Kind.NEW_RULE, rule), new RtnlEvent.RuleEvent(Kind.DEL_RULE, rule));
        // [NEIGH]10.0.0.9 dev veth0 lladdr 02:00:00:00:00:09 PERMANENT, then ... 02:00:00:00:00:0a STALE
        assertThat(events).filteredOn(e -> e.kind() == Kind.NEW_NEIGHBOUR)
                .extracting(e -> ((RtnlEvent.NeighbourEvent) e).neighbour())
                .filteredOn(n -> ip("10.0.0.9").equals(n.address()))
                .extracting(NeighbourEntry::lladdr, NeighbourEntry::state)
                .startsWith(org.assertj.core.groups.Tuple.tuple(MacAddress.parse("02:00:00:00:00:09"), Neighbour.NUD_PERMANENT),
                        org.assertj.core.groups.Tuple.tuple(MacAddress.parse("02:00:00:00:00:0a"), Neighbour.NUD_STALE));
        // Forwarding-database entries come as family AF_BRIDGE (7): [NEIGH]dev br1 lladdr 9e:35:1a:e2:7e:4c PERMANENT
        // has no address; [NEIGH]10.0.0.2 dev vx2 lladdr 00:00:00:00:00:00 REACHABLE PERMANENT names the remote VTEP.
        List<NeighbourEntry> fdb = events.stream().filter(e -> e.kind() == Kind.NEW_NEIGHBOUR)
                .map(e -> ((RtnlEvent.NeighbourEvent) e).neighbour()).filter(n -> n.family() == 7).toList();
        assertThat(fdb).filteredOn(n -> n.ifindex() == 6).singleElement()
                .satisfies(n -> assertThat(n.address()).isNull())
                .satisfies(n -> assertThat(n.lladdr()).isEqualTo(MacAddress.parse("9e:35:1a:e2:7e:4c")));
        assertThat(fdb).filteredOn(n -> n.ifindex() == 4).singleElement()
                .satisfies(n -> assertThat(n.address()).isEqualTo(ip("10.0.0.2")))
                .satisfies(n -> assertThat(n.stateNames()).containsExactly("REACHABLE", "PERMANENT"));
        // [ROUTE]10.8.0.0/16 nexthop via 10.0.0.2 dev veth0 weight 3, nexthop via 10.0.0.3 dev veth0 weight 1
        assertThat(events).filteredOn(e -> e.kind() == Kind.NEW_ROUTE)
                .extracting(e -> ((RtnlEvent.RouteEvent) e).route())
                .filteredOn(r -> r.destination().equals(IpPrefix.parse("10.8.0.0/16"))).singleElement()
                .satisfies(r -> assertThat(r.nexthops()).containsExactly(new RouteEntry.Hop(ip("10.0.0.2"), 3, 3, 0),
                        new RouteEntry.Hop(ip("10.0.0.3"), 3, 1, 0)));
        // [ROUTE]blackhole fd03::/64 dev lo table 1000 metric 1024
        assertThat(events).extracting(e -> e instanceof RtnlEvent.RouteEvent re ? re.route() : null)
                .filteredOn(r -> r != null && r.type() == RTN_BLACKHOLE).singleElement()
                .satisfies(r -> assertThat(List.of(r.destination(), r.table(), r.metric()))
                        .containsExactly(IpPrefix.parse("fd03::/64"), 1000L, 1024L));
        // [ADDR]Deleted 3: veth0 inet 10.0.0.1/24 scope global
        assertThat(events).filteredOn(e -> e.kind() == Kind.DEL_ADDRESS)
                .extracting(e -> ((RtnlEvent.AddressEvent) e).address().prefix())
                .contains(IpPrefix.parse("10.0.0.1/24"));
    }
}
