package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import dev.netns.LinkType;
import dev.netns.MacAddress;
import dev.netns.NeighbourState;
import dev.netns.NextHop;
import dev.netns.Route;
import dev.netns.RouteType;
import dev.netns.Rule;
import dev.netns.netlink.internal.Conversions;
import org.junit.jupiter.api.Test;

/**
 * The public values ({@link LinkType}, {@link Rule}, {@link Route} of a type or with next hops,
 * neighbour states) turned into requests through the backend's conversions give exactly the bytes
 * iproute2 sends for the same command: the captures of {@link Iproute2GoldenTest}. This is how the
 * kinds this kernel lacks (vlan, ipvlan, dummy, geneve, wireguard) are checked end to end short of
 * the kernel: device "veth0" has index 3 in those captures.
 */
class PublicValuesGoldenTest {

    private static int veth0(String name) {
        assertThat(name).isEqualTo("veth0");
        return 3;
    }

    private static void assertSame(MessageBuilder ours, String iproute2) {
        assertThat(hex(ours.finish(0))).isEqualTo(iproute2);
    }

    private static MessageBuilder newLink(String name, LinkType t) {
        return LinkKindMessages.newLink(name, Conversions.kindSpec(t, PublicValuesGoldenTest::veth0));
    }

    @Test
    void linkKinds() {
        assertSame(newLink("vx0", LinkType.vxlan(42).remote("10.0.0.2").local("10.0.0.1").port(4789).device("veth0")
                .learning(false)), Iproute2GoldenTest.IP_VXLAN);
        assertSame(newLink("vx3", LinkType.vxlan(6).remote("fd00::2").local("fd00::1").port(4789)),
                Iproute2GoldenTest.IP_VXLAN6);
        assertSame(newLink("mv0", LinkType.macvlan("veth0", LinkType.MacvlanMode.BRIDGE)),
                Iproute2GoldenTest.IP_MACVLAN_BRIDGE);
        assertSame(newLink("mv1", LinkType.macvlan("veth0", LinkType.MacvlanMode.PRIVATE)),
                Iproute2GoldenTest.IP_MACVLAN_PRIVATE);
        assertSame(newLink("veth0.100", LinkType.vlan("veth0", 100)), Iproute2GoldenTest.IP_VLAN);
        assertSame(newLink("ipv0", LinkType.ipvlan("veth0", LinkType.IpvlanMode.L3)), Iproute2GoldenTest.IP_IPVLAN_L3);
        assertSame(newLink("ipv1", LinkType.ipvlan("veth0", LinkType.IpvlanMode.L2)),
                Iproute2GoldenTest.IP_IPVLAN_L2_BRIDGE);
        assertSame(newLink("d0", LinkType.dummy()), Iproute2GoldenTest.IP_DUMMY);
        assertSame(newLink("wg0", LinkType.wireguard()), Iproute2GoldenTest.IP_WIREGUARD);
        assertSame(newLink("gn0", LinkType.geneve(7).remote("10.0.0.2").port(6081)), Iproute2GoldenTest.IP_GENEVE);
        assertSame(newLink("gn1", LinkType.geneve(8).remote("fd00::2")), Iproute2GoldenTest.IP_GENEVE6);
    }

    @Test
    void neighbourStates() {
        MacAddress mac = MacAddress.parse("02:00:00:00:00:03");
        assertSame(NeighbourMessages.replace(3, IpPrefix.parseAddress("10.0.0.3"), mac,
                Conversions.nud(NeighbourState.REACHABLE)), Iproute2GoldenTest.IP_NEIGH_REPLACE);
        assertSame(NeighbourMessages.replace(3, IpPrefix.parseAddress("10.0.0.9"), MacAddress.parse("02:00:00:00:00:0a"),
                Conversions.nud(NeighbourState.STALE)), Iproute2GoldenTest.IP_NEIGH_REPLACE_STALE);
        assertSame(NeighbourMessages.add(3, IpPrefix.parseAddress("10.0.0.9"), MacAddress.parse("02:00:00:00:00:09"),
                Conversions.nud(NeighbourState.PERMANENT)), Iproute2GoldenTest.IP_NEIGH_ADD);
    }

    @Test
    void rules() {
        assertSame(RuleMessages.add(Conversions.fibRule(Rule.lookup(100).from("10.0.0.0/24").priority(1000), false)),
                Iproute2GoldenTest.IP_RULE_FROM);
        assertSame(RuleMessages.add(Conversions.fibRule(Rule.lookup(200).fwmark(1, 0xff), false)),
                Iproute2GoldenTest.IP_RULE_FWMARK);
        assertSame(RuleMessages.add(Conversions.fibRule(Rule.blackhole().to("10.5.0.0/16").iif("veth0").priority(1100),
                false)), Iproute2GoldenTest.IP_RULE_BLACKHOLE);
        assertSame(RuleMessages.add(Conversions.fibRule(Rule.lookup(1000).from("fd00::/64").oif("veth0").priority(1200),
                false)), Iproute2GoldenTest.IP_RULE6_OIF_TABLE);
        assertSame(RuleMessages.add(Conversions.fibRule(Rule.prohibit().to("10.6.0.0/16").priority(1300), false)),
                Iproute2GoldenTest.IP_RULE_PROHIBIT);
        assertSame(RuleMessages.add(Conversions.fibRule(Rule.lookup(300).iif("veth0").fwmark(0x10).priority(900), false)),
                Iproute2GoldenTest.IP_RULE_IIF_FWMARK);
        assertSame(RuleMessages.add(Conversions.fibRule(Rule.unreachable().to("fd01::/64"), false)),
                Iproute2GoldenTest.IP_RULE6_UNREACHABLE);
    }

    @Test
    void typedAndMultipathRoutes() {
        assertSame(RouteSpecMessages.add(Conversions.routeSpec(Route.blackhole("10.9.0.0/16"), PublicValuesGoldenTest::veth0)),
                Iproute2GoldenTest.IP_ROUTE_BLACKHOLE);
        assertSame(RouteSpecMessages.add(Conversions.routeSpec(Route.unreachable("10.7.0.0/16").metric(10),
                PublicValuesGoldenTest::veth0)), Iproute2GoldenTest.IP_ROUTE_UNREACHABLE_METRIC);
        assertSame(RouteSpecMessages.add(Conversions.routeSpec(Route.prohibit("10.6.0.0/16").table(100),
                PublicValuesGoldenTest::veth0)), Iproute2GoldenTest.IP_ROUTE_PROHIBIT_TABLE);
        assertSame(RouteSpecMessages.add(Conversions.routeSpec(Route.ofType(RouteType.BLACKHOLE,
                IpPrefix.parse("fd03::/64")).table(1000), PublicValuesGoldenTest::veth0)),
                Iproute2GoldenTest.IP_ROUTE6_BLACKHOLE_TABLE);
        assertSame(RouteSpecMessages.add(Conversions.routeSpec(Route.multipath("10.8.0.0/16", NextHop.via("10.0.0.2"),
                NextHop.via("10.0.0.3").weight(2)), PublicValuesGoldenTest::veth0)), Iproute2GoldenTest.IP_ROUTE_MULTIPATH);
        assertSame(RouteSpecMessages.add(Conversions.routeSpec(Route.multipath("10.8.0.0/16",
                NextHop.via("10.0.0.2").dev("veth0").weight(3), NextHop.via("10.0.0.3").dev("veth0")),
                PublicValuesGoldenTest::veth0)), Iproute2GoldenTest.IP_ROUTE_MULTIPATH_DEV);
        assertSame(RouteSpecMessages.add(Conversions.routeSpec(Route.multipath("fd02::/64",
                NextHop.via("fd00::2").dev("veth0"), NextHop.via("fd00::3").dev("veth0")), PublicValuesGoldenTest::veth0)),
                Iproute2GoldenTest.IP_ROUTE6_MULTIPATH);
    }

    @Test
    void valuesRefuseWhatTheKernelWouldRefuseNamingTheValue() {
        // A kernel-made type is a value (routes read back have it) but never a request.
        assertThatThrownBy(() -> Conversions.routeSpec(Route.ofType(RouteType.LOCAL, IpPrefix.parse("10.0.0.0/8")),
                PublicValuesGoldenTest::veth0)).isInstanceOf(InvalidInputException.class).hasMessageContaining("LOCAL");
        assertThatThrownBy(() -> Route.multipath("10.0.0.0/8")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("10.0.0.0/8");
        assertThatThrownBy(() -> Route.multipath("10.0.0.0/8", NextHop.via("10.1.0.1")).via("10.1.0.2"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("10.0.0.0/8");
        assertThatThrownBy(() -> Route.prohibit("10.0.0.0/8").dev("eth0")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("prohibit");
        assertThatThrownBy(() -> LinkType.vxlan(-1)).isInstanceOf(InvalidInputException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> LinkType.macvlan("eth0/1", LinkType.MacvlanMode.BRIDGE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("eth0/1");
        assertThatThrownBy(() -> LinkType.geneve(1).port(0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("0");
        assertThatThrownBy(() -> Rule.lookup(1).fwmark(1L << 32)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("4294967296");
        assertThat(Route.blackhole("10.9.1.2/16").toString()).isEqualTo("blackhole 10.9.0.0/16");
        assertThat(Rule.lookup(100).from("10.0.0.0/24").priority(1000).toString())
                .isEqualTo("1000: from 10.0.0.0/24 lookup 100");
    }
}
