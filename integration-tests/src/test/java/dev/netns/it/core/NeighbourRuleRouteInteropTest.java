package dev.netns.it.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.AlreadyExistsException;
import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import dev.netns.LinkStatistics;
import dev.netns.MacAddress;
import dev.netns.Neighbour;
import dev.netns.NeighbourState;
import dev.netns.NetNamespace;
import dev.netns.NextHop;
import dev.netns.NotFoundException;
import dev.netns.Route;
import dev.netns.RouteLookup;
import dev.netns.RouteQuery;
import dev.netns.RouteType;
import dev.netns.Rule;
import dev.netns.VethPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Neighbours, rules, typed and multipath routes, route lookups and link counters, with iproute2 as
 * the oracle both ways: what the SDK makes {@code ip -j} shows exactly, what {@code ip} makes the
 * SDK reads back, and bad input changes nothing ({@code ip -j} dumps equal before and after).
 */
class NeighbourRuleRouteInteropTest extends StackTestSupport {

    @Test
    void neighboursMadeBySdkAreShownByIpAndViceVersa() {
        String n = P + "nb";
        try (NetNamespace ns = stack.createNamespace(n)) {
            ns.createVeth("n0", "n1");
            ns.addNeighbour(Neighbour.permanent("10.1.0.9", "02:00:00:00:00:09", "n0"));
            ns.replaceNeighbour(Neighbour.reachable("fd00::9", "02:00:00:00:00:0a", "n0"));
            List<Map<String, Object>> shown = Ip.json(n, "neigh", "show", "dev", "n0");
            assertThat(shown).anySatisfy(e -> assertThat(e).containsEntry("dst", "10.1.0.9")
                    .containsEntry("lladdr", "02:00:00:00:00:09").containsEntry("state", List.of("PERMANENT")));
            assertThat(shown).anySatisfy(e -> assertThat(e).containsEntry("dst", "fd00::9")
                    .containsEntry("lladdr", "02:00:00:00:00:0a").containsEntry("state", List.of("REACHABLE")));
            assertThat(shown).hasSize(2);

            // Replace overwrites; add of an existing entry is refused.
            ns.replaceNeighbour(Neighbour.permanent("10.1.0.9", "02:00:00:00:00:99", "n0"));
            assertThat(Ip.json(n, "neigh", "show", "dev", "n0", "to", "10.1.0.9").get(0))
                    .containsEntry("lladdr", "02:00:00:00:00:99");
            assertThatThrownBy(() -> ns.addNeighbour(Neighbour.permanent("10.1.0.9", "02:00:00:00:00:01", "n0")))
                    .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("10.1.0.9").hasMessageContaining(n);

            // What ip makes, the SDK reads.
            Ip.run("-n", n, "neigh", "add", "10.1.0.20", "lladdr", "02:00:00:00:00:20", "dev", "n1", "nud", "stale");
            assertThat(ns.neighbours("n1")).containsExactly(Neighbour.builder().address("10.1.0.20")
                    .mac("02:00:00:00:00:20").device("n1").state(NeighbourState.STALE).build());
            assertThat(sdkNeighbours(ns)).containsExactlyInAnyOrderElementsOf(ipNeighbours(n));
            // The SDK lists with one dump of every family: a bridge's forwarding entries (AF_BRIDGE),
            // which ip neigh does not show either, stay out, as do its multicast ones.
            ns.createBridge("nbr0").up();
            Ip.run("-n", n, "link", "set", "n1", "master", "nbr0");
            Ip.run("-n", n, "link", "set", "n1", "up");
            Ip.run("-n", n, "neigh", "add", "fd00::21", "lladdr", "02:00:00:00:00:21", "dev", "nbr0", "nud", "permanent");
            // The port's own MAC is a permanent forwarding entry of the bridge (bridge fdb shows it).
            String portMac = ns.link("n1").info().mac().toString();
            assertThat(sdkNeighbours(ns)).contains("fd00::21 nbr0 02:00:00:00:00:21 PERMANENT")
                    .noneMatch(e -> e.contains(portMac));
            // NOARP entries (multicast addresses the kernel maps as the bridge joins groups) come
            // and go between two listings; ip neigh does not show them, and they are left out.
            assertThat(sdkNeighbours(ns).stream().filter(e -> !e.endsWith(" NOARP")))
                    .containsExactlyInAnyOrderElementsOf(ipNeighbours(n));

            // Flush removes the dynamic entries only, as ip neigh flush does.
            assertThat(ns.flushNeighbours("n0")).isEqualTo(1);
            assertThat(Ip.json(n, "neigh", "show", "dev", "n0")).extracting(e -> e.get("dst")).containsExactly("10.1.0.9");
            ns.deleteNeighbour("n0", IpPrefix.parseAddress("10.1.0.9"));
            assertThat(Ip.json(n, "neigh", "show", "dev", "n0")).isEmpty();
            assertThatThrownBy(() -> ns.deleteNeighbour("n0", IpPrefix.parseAddress("10.1.0.9")))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("10.1.0.9");
        }
    }

    @Test
    void badNeighbourInputIsRefusedNamingTheValueAndChangesNothing() {
        String n = P + "nbad";
        try (NetNamespace ns = stack.createNamespace(n)) {
            ns.createVeth("n0", "n1");
            String before = Ip.run("-j", "-n", n, "neigh", "show");
            assertThatThrownBy(() -> ns.addNeighbour(Neighbour.permanent("10.1.0.9", "02:00:00:00:00:09", "nope0")))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("nope0").hasMessageContaining(n);
            assertThatThrownBy(() -> ns.addNeighbour(Neighbour.builder().address("10.1.0.9").device("n0")
                    .state(NeighbourState.PERMANENT).build()))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("10.1.0.9").hasMessageContaining("MAC");
            assertThatThrownBy(() -> ns.addNeighbour(Neighbour.builder().address("10.1.0.9").mac("02:00:00:00:00:09")
                    .device("n0").state(NeighbourState.PROBE).build()))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("PROBE").hasMessageContaining(n);
            assertThatThrownBy(() -> Neighbour.permanent("10.1.0.999", "02:00:00:00:00:09", "n0"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("10.1.0.999");
            assertThatThrownBy(() -> ns.flushNeighbours("nope0")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("nope0");
            assertThat(Ip.run("-j", "-n", n, "neigh", "show")).isEqualTo(before);
        }
    }

    @Test
    void rulesMadeBySdkAreShownByIpAndViceVersa() {
        String n = P + "rule";
        try (NetNamespace ns = stack.createNamespace(n)) {
            ns.addRule(Rule.lookup(100).from("10.1.0.0/16").to("10.2.0.0/16").iif("u0").oif("u1").fwmark(0x5, 0xff)
                    .priority(1000));
            ns.addRule(Rule.blackhole().fwmark(7).priority(50));
            ns.addRule(Rule.lookup(200).from("fd00:1::/64").priority(300));
            List<Map<String, Object>> v4 = Ip.json(n, "rule", "show");
            assertThat(v4).anySatisfy(r -> assertThat(r).containsEntry("priority", 1000L).containsEntry("src", "10.1.0.0")
                    .containsEntry("srclen", 16L).containsEntry("dst", "10.2.0.0").containsEntry("dstlen", 16L)
                    .containsEntry("fwmark", "0x5").containsEntry("fwmask", "0xff").containsEntry("iif", "u0")
                    .containsEntry("oif", "u1").containsEntry("table", "100"));
            assertThat(v4).anySatisfy(r -> assertThat(r).containsEntry("priority", 50L).containsEntry("fwmark", "0x7")
                    .containsEntry("action", "blackhole"));
            assertThat(Ip.json(n, "-6", "rule", "show")).anySatisfy(r -> assertThat(r).containsEntry("priority", 300L)
                    .containsEntry("src", "fd00:1::").containsEntry("srclen", 64L).containsEntry("table", "200"));

            // What ip makes, the SDK reads, equal to the value that would make it.
            Ip.run("-n", n, "rule", "add", "to", "10.9.0.0/24", "lookup", "300", "priority", "400");
            assertThat(ns.rules()).contains(Rule.lookup(300).to("10.9.0.0/24").priority(400));
            assertThat(ns.rules()).contains(Rule.lookup(100).from("10.1.0.0/16").to("10.2.0.0/16").iif("u0").oif("u1")
                    .fwmark(0x5, 0xff).priority(1000));
            // Same number and order as ip (v4 then v6): 0, 50, 400, 1000, main, default; 0, 300, main.
            assertThat(ns.rules()).extracting(Rule::priority)
                    .containsExactly(0L, 50L, 400L, 1000L, 32766L, 32767L, 0L, 300L, 32766L);

            assertThatThrownBy(() -> ns.addRule(Rule.lookup(300).to("10.9.0.0/24").priority(400)))
                    .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("10.9.0.0/24");
            ns.deleteRule(Rule.lookup(300).to("10.9.0.0/24"));
            assertThat(Ip.json(n, "rule", "show")).noneMatch(r -> Long.valueOf(400).equals(r.get("priority")));

            String before = Ip.run("-j", "-n", n, "rule", "show");
            assertThatThrownBy(() -> Rule.lookup(0)).isInstanceOf(InvalidInputException.class).hasMessageContaining("0");
            assertThatThrownBy(() -> Rule.lookup(5).from("10.0.0.0/8").to("fd00::/8"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("fd00::/8");
            assertThatThrownBy(() -> Rule.lookup(5).priority(-1)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("-1");
            assertThatThrownBy(() -> Rule.lookup(5).iif("bad name")).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("bad name");
            assertThatThrownBy(() -> ns.deleteRule(Rule.lookup(77).priority(4242))).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("4242");
            assertThat(Ip.run("-j", "-n", n, "rule", "show")).isEqualTo(before);
        }
    }

    @Test
    void typedMultipathRoutesAndLookupsAgreeWithIp() {
        String n = P + "rt";
        try (NetNamespace ns = stack.createNamespace(n)) {
            VethPair v = ns.createVeth("r0", "r1");
            v.local().addAddress("10.1.0.1/24").up();
            v.peer().up();
            ns.addRoute(Route.blackhole("10.66.0.0/16").table(100));
            ns.addRoute(Route.unreachable("10.67.0.0/16").table(100));
            ns.addRoute(Route.prohibit("10.68.0.0/16").table(100));
            ns.addRoute(Route.multipath("10.50.0.0/16", NextHop.via("10.1.0.5"), NextHop.via("10.1.0.6").weight(2)));
            List<Map<String, Object>> t100 = Ip.json(n, "route", "show", "table", "100");
            assertThat(t100).extracting(r -> r.get("type") + " " + r.get("dst"))
                    .containsExactly("blackhole 10.66.0.0/16", "unreachable 10.67.0.0/16", "prohibit 10.68.0.0/16");
            Map<String, Object> mp = Ip.json(n, "route", "show", "10.50.0.0/16").get(0);
            assertThat(mp.get("nexthops").toString()).contains("gateway=10.1.0.5").contains("gateway=10.1.0.6")
                    .contains("weight=2");

            // What ip makes, the SDK reads as the value that would make it.
            Ip.run("-n", n, "route", "add", "blackhole", "10.70.0.0/16", "table", "100");
            Ip.run("-n", n, "route", "add", "10.51.0.0/16", "nexthop", "via", "10.1.0.7", "nexthop", "via", "10.1.0.8",
                    "weight", "3");
            assertThat(ns.routes(100)).containsExactly(Route.blackhole("10.66.0.0/16").table(100),
                    Route.unreachable("10.67.0.0/16").table(100), Route.prohibit("10.68.0.0/16").table(100),
                    Route.blackhole("10.70.0.0/16").table(100));
            assertThat(ns.routes(Route.MAIN_TABLE)).contains(Route.multipath("10.51.0.0/16",
                    NextHop.via("10.1.0.7").dev("r0"), NextHop.via("10.1.0.8").dev("r0").weight(3)));

            // Lookups: answers equal to ip route get; refusals typed by the route that refused.
            RouteLookup direct = ns.lookupRoute("10.1.0.7");
            Map<String, Object> ipDirect = Ip.json(n, "route", "get", "10.1.0.7").get(0);
            assertThat(direct.device()).isEqualTo(ipDirect.get("dev")).isEqualTo("r0");
            assertThat(direct.source()).isEqualTo(IpPrefix.parseAddress((String) ipDirect.get("prefsrc")));
            assertThat(direct.gateway()).isNull();
            assertThat(direct.type()).isEqualTo(RouteType.UNICAST);
            assertThat(direct.table()).isEqualTo(Route.MAIN_TABLE);
            RouteLookup viaMp = ns.lookupRoute("10.50.1.1");
            assertThat(IpPrefix.hostString(viaMp.gateway())).isEqualTo(Ip.json(n, "route", "get", "10.50.1.1").get(0).get("gateway"));
            assertThat(ns.lookupRoute("8.8.8.8").routeFound()).isFalse();
            assertThat(Ip.tryRun("-n", n, "route", "get", "8.8.8.8").stderr()).contains("Network is unreachable");

            // Policy routing: a rule sends 10.66/16 to table 100, where it is a blackhole.
            ns.addRule(Rule.lookup(100).to("10.64.0.0/12").priority(100));
            assertThat(ns.lookupRoute("10.66.0.1").type()).isEqualTo(RouteType.BLACKHOLE);
            assertThat(Ip.tryRun("-n", n, "route", "get", "10.66.0.1").stderr()).contains("Invalid argument");
            assertThat(ns.lookupRoute("10.67.0.1").type()).isEqualTo(RouteType.UNREACHABLE);
            assertThat(ns.lookupRoute("10.67.0.1").routeFound()).isTrue();
            assertThat(ns.lookupRoute("10.68.0.1").type()).isEqualTo(RouteType.PROHIBIT);
            // A mark steers the lookup to another table.
            ns.addRoute(Route.to("10.80.0.0/16").via("10.1.0.9").table(200));
            ns.addRule(Rule.lookup(200).fwmark(0x9).priority(90));
            assertThat(ns.lookupRoute("10.80.0.1").routeFound()).isFalse();
            RouteLookup marked = ns.lookupRoute(RouteQuery.to("10.80.0.1").mark(0x9));
            assertThat(marked.table()).isEqualTo(200);
            assertThat(IpPrefix.hostString(marked.gateway())).isEqualTo("10.1.0.9")
                    .isEqualTo(Ip.json(n, "route", "get", "10.80.0.1", "mark", "9").get(0).get("gateway"));

            // IPv6: the same questions, the same answers as ip -6 route get.
            v.local().addAddress("fd00:1::1/64");
            ns.addRoute(Route.ofType(RouteType.BLACKHOLE, IpPrefix.parse("fd00:66::/64")));
            ns.addRoute(Route.unreachable("fd00:67::/64"));
            RouteLookup six = ns.lookupRoute("fd00:1::7");
            assertThat(six.device()).isEqualTo("r0").isEqualTo(Ip.json(n, "route", "get", "fd00:1::7").get(0).get("dev"));
            assertThat(six.type()).isEqualTo(RouteType.UNICAST);
            assertThat(ns.lookupRoute("fd00:66::1").type()).isEqualTo(RouteType.BLACKHOLE);
            assertThat(ns.lookupRoute("fd00:67::1").type()).isEqualTo(RouteType.UNREACHABLE);
            // The kernel gives IPv6 routes without a metric 1024, and says so: ip shows it too.
            assertThat(ns.routes(Route.MAIN_TABLE)).contains(Route.ofType(RouteType.BLACKHOLE, IpPrefix.parse("fd00:66::/64"))
                    .metric(1024), Route.unreachable("fd00:67::/64").metric(1024));
            assertThat(Ip.json(n, "-6", "route", "show", "fd00:66::/64").get(0)).containsEntry("type", "blackhole")
                    .containsEntry("metric", 1024L);

            ns.deleteRoute(Route.blackhole("10.66.0.0/16").table(100));
            assertThat(Ip.json(n, "route", "show", "table", "100")).extracting(r -> r.get("dst"))
                    .doesNotContain("10.66.0.0/16");

            // Bad input: typed, naming the value, nothing changed.
            String before = Ip.run("-j", "-n", n, "route", "show", "table", "all");
            assertThatThrownBy(() -> Route.blackhole("10.66.0.0/16").via("10.1.0.5"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("10.66.0.0/16");
            assertThatThrownBy(() -> Route.multipath("10.52.0.0/16", NextHop.via("fd00::1")))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("fd00::1");
            assertThatThrownBy(() -> NextHop.via("10.1.0.5").weight(0)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("0");
            assertThatThrownBy(() -> ns.addRoute(Route.multipath("10.52.0.0/16", NextHop.via("10.1.0.5").dev("nope0"))))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("nope0");
            assertThatThrownBy(() -> ns.lookupRoute(RouteQuery.to("10.1.0.7").oif("nope0")))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("nope0");
            assertThatThrownBy(() -> RouteQuery.to("10.1.0.7").from("fd00::1")).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("fd00::1");
            assertThatThrownBy(() -> ns.routes(0)).isInstanceOf(InvalidInputException.class).hasMessageContaining("0");
            assertThatThrownBy(() -> ns.addRoute(Route.ofType(RouteType.LOCAL, IpPrefix.parse("10.90.0.0/16"))))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("LOCAL").hasMessageContaining(n);
            assertThatThrownBy(() -> ns.addRule(Rule.of(Rule.Action.OTHER).priority(5)))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("5:").hasMessageContaining(n);
            assertThat(Ip.run("-j", "-n", n, "route", "show", "table", "all")).isEqualTo(before);
        }
    }

    @Test
    void statisticsAgreeWithIpAndCountPings() throws Exception {
        String a = P + "sa";
        String b = P + "sb";
        try (NetNamespace na = stack.createNamespace(a); NetNamespace nb = stack.createNamespace(b)) {
            na.setSysctl("net.ipv6.conf.all.disable_ipv6", "1");
            nb.setSysctl("net.ipv6.conf.all.disable_ipv6", "1");
            VethPair v = na.createVeth("s0", "s1", nb);
            v.local().addAddress("10.3.0.1/24").up();
            v.peer().addAddress("10.3.0.2/24").up();
            v.local().awaitOperational(Duration.ofSeconds(5));
            v.peer().awaitOperational(Duration.ofSeconds(5));
            na.addNeighbour(Neighbour.permanent("10.3.0.2", v.peer().info().mac().toString(), "s0"));
            nb.addNeighbour(Neighbour.permanent("10.3.0.1", v.local().info().mac().toString(), "s1"));

            LinkStatistics before = v.local().statistics();
            for (int i = 0; i < 5; i++) {
                assertThat(na.ping("10.3.0.2").reachable()).isTrue();
            }
            LinkStatistics during = v.local().statistics().minus(before);
            assertThat(during.txPackets()).isEqualTo(5);
            assertThat(during.rxPackets()).isEqualTo(5);
            assertThat(during.txBytes()).isGreaterThanOrEqualTo(5 * 84);

            // The same counters ip -s shows, read between two SDK reads of a quiet link.
            LinkStatistics first = v.local().statistics();
            Map<String, Object> s = Ip.json(a, "-s", "link", "show", "s0").get(0);
            LinkStatistics second = v.local().statistics();
            assertThat(second).isEqualTo(first);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> st = (Map<String, Map<String, Object>>) s.get("stats64");
            assertThat(st.get("rx").get("packets")).isEqualTo(first.rxPackets());
            assertThat(st.get("rx").get("bytes")).isEqualTo(first.rxBytes());
            assertThat(st.get("rx").get("errors")).isEqualTo(first.rxErrors());
            assertThat(st.get("rx").get("dropped")).isEqualTo(first.rxDropped());
            assertThat(st.get("tx").get("packets")).isEqualTo(first.txPackets());
            assertThat(st.get("tx").get("bytes")).isEqualTo(first.txBytes());
            assertThat(st.get("tx").get("errors")).isEqualTo(first.txErrors());
            assertThat(st.get("tx").get("dropped")).isEqualTo(first.txDropped());
            assertThat(v.peer().statistics().rxPackets()).isEqualTo(first.txPackets());
        }
    }

    private static List<String> sdkNeighbours(NetNamespace ns) {
        List<String> out = new ArrayList<>();
        for (Neighbour nb : ns.neighbours()) {
            out.add(IpPrefix.hostString(nb.address()) + " " + nb.device() + " " + nb.mac() + " " + nb.state());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> ipNeighbours(String n) {
        List<String> out = new ArrayList<>();
        for (String fam : List.of("-4", "-6")) {
            for (Map<String, Object> e : Ip.json(n, fam, "neigh", "show")) {
                List<String> st = (List<String>) e.get("state");
                Object mac = e.get("lladdr");
                out.add(e.get("dst") + " " + e.get("dev") + " " + (mac == null ? null : MacAddress.parse((String) mac))
                        + " " + st.get(st.size() - 1));
            }
        }
        return out;
    }
}
