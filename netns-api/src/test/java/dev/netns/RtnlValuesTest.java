package dev.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The values of neighbours, rules, typed routes, lookups, counters, link kinds and watches: no kernel needed. */
class RtnlValuesTest {

    @Test
    void neighboursCompareByValueAndValidate() {
        Neighbour a = Neighbour.permanent("fd00::2", "02:00:00:00:00:02", "eth0");
        assertThat(a).isEqualTo(Neighbour.builder().address("fd00::2").mac("02:00:00:00:00:02").device("eth0").build());
        assertThat(a.toString()).isEqualTo("fd00::2 dev eth0 lladdr 02:00:00:00:00:02 PERMANENT");
        assertThatThrownBy(() -> Neighbour.builder().address("10.0.0.1").build()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("interface name");
        assertThatThrownBy(() -> Neighbour.permanent("10.0.0.1", "zz:00:00:00:00:01", "eth0"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("zz:00:00:00:00:01");
    }

    @Test
    void routesCarryTypeAndNextHops() {
        Route mp = Route.multipath("10.8.0.0/16", NextHop.via("10.0.0.2"), NextHop.via("10.0.0.3").weight(2));
        assertThat(mp.nextHops()).hasSize(2);
        assertThat(mp.type()).isEqualTo(RouteType.UNICAST);
        assertThat(mp.toString()).isEqualTo("10.8.0.0/16 nexthop via 10.0.0.2 weight 1 nexthop via 10.0.0.3 weight 2");
        assertThat(Route.unreachable("10.7.0.0/16").table(100).metric(5).toString())
                .isEqualTo("unreachable 10.7.0.0/16 metric 5 table 100");
        assertThat(Route.blackhole("10.9.0.0/16")).isEqualTo(Route.ofType(RouteType.BLACKHOLE, IpPrefix.parse("10.9.0.0/16")))
                .isNotEqualTo(Route.prohibit("10.9.0.0/16"));
        // Existing routes keep their meaning: unicast, no hops.
        assertThat(Route.defaultVia("10.0.0.1").type()).isEqualTo(RouteType.UNICAST);
        assertThat(Route.defaultVia("10.0.0.1").nextHops()).isEmpty();
        assertThatThrownBy(() -> NextHop.device("eth0").weight(257)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("257");
        assertThatThrownBy(() -> Route.multipath(IpPrefix.parse("10.0.0.0/8"), List.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("10.0.0.0/8");
    }

    @Test
    void rulesCompareByValueAndValidate() {
        Rule r = Rule.lookup(100).from("10.1.2.3/16").fwmark(5, 0xff).priority(10);
        assertThat(r.from()).isEqualTo(IpPrefix.parse("10.1.0.0/16"));
        assertThat(r).isEqualTo(Rule.lookup(100).fwmark(5, 0xff).priority(10).from("10.1.0.0/16"));
        assertThat(Rule.blackhole().table()).isZero();
        assertThat(Rule.lookup(5).ipv6().isIpv6()).isTrue();
        assertThat(Rule.lookup(5).from("fd00::/64").isIpv6()).isTrue();
        assertThatThrownBy(() -> Rule.lookup(5).ipv6().from("10.0.0.0/8").to("fd00::/8"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Rule.of(Rule.Action.LOOKUP)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("table");
    }

    @Test
    void lookupsQueriesAndCounters() {
        RouteQuery q = RouteQuery.to("10.0.0.1").from("10.0.0.2").iif("eth0").mark(1);
        assertThat(q.toString()).isEqualTo("10.0.0.1 from 10.0.0.2 iif eth0 mark 0x1");
        assertThatThrownBy(() -> RouteQuery.to("10.0.0.1").iif("eth0")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("eth0");
        RouteLookup refused = RouteLookup.builder().destination(IpPrefix.parseAddress("10.0.0.1"))
                .type(RouteType.PROHIBIT).build();
        assertThat(refused.isRoutable()).isFalse();
        assertThat(refused.routeFound()).isTrue();
        LinkStatistics a = LinkStatistics.builder().rxPackets(10).txPackets(4).rxBytes(1000).build();
        LinkStatistics b = LinkStatistics.builder().rxPackets(12).txPackets(4).rxBytes(1200).build();
        assertThat(b.minus(a)).isEqualTo(LinkStatistics.builder().rxPackets(2).rxBytes(200).build());
        assertThat(b.minus(a).packets()).isEqualTo(2);
    }

    @Test
    void linkTypesCompareByValue() {
        assertThat(LinkType.vxlan(42).remote("10.0.0.2").port(4789))
                .isEqualTo(LinkType.vxlan(42).port(4789).remote("10.0.0.2"));
        assertThat(LinkType.vxlan(42).group("239.1.1.1").device("eth0").learning(false).toString())
                .isEqualTo("vxlan id 42 group 239.1.1.1 dev eth0 nolearning");
        assertThat(LinkType.tap().kind()).isEqualTo("tun");
        assertThat(LinkType.tap()).isNotEqualTo(LinkType.tun());
        assertThat(LinkType.dummy()).isSameAs(LinkType.dummy());
        LinkInfo withType = LinkInfo.builder().name("vx0").kind("vxlan").type(LinkType.vxlan(1)).build();
        assertThat(withType.toBuilder().build()).isEqualTo(withType);
        assertThat(withType).isNotEqualTo(withType.toBuilder().type(null).build());
    }

    @Test
    void changesAndWatchOptions() {
        LinkInfo l = LinkInfo.builder().index(2).name("eth0").build();
        assertThat(NetworkChange.link(NetworkChange.Type.LINK_DELETED, l).isDeletion()).isTrue();
        assertThat(NetworkChange.link(NetworkChange.Type.LINK_CHANGED, l).route()).isNull();
        assertThatThrownBy(() -> NetworkChange.link(NetworkChange.Type.ROUTE_ADDED, l))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ROUTE_ADDED");
        NetworkChange resync = NetworkChange.resync("ENOBUFS", List.of(l), List.of(), List.of(), List.of(), List.of());
        assertThat(resync.type()).isEqualTo(NetworkChange.Type.RESYNC);
        assertThat(resync.links()).containsExactly(l);
        assertThat(WatchOptions.all().topics()).containsExactlyInAnyOrder(NetworkChange.Topic.values());
        assertThat(WatchOptions.all().receiveBufferBytes()).isEqualTo(WatchOptions.DEFAULT_RECEIVE_BUFFER);
    }
}
