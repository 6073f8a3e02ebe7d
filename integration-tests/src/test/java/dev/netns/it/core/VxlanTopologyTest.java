package dev.netns.it.core;

import static dev.netns.testkit.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.InvalidInputException;
import dev.netns.Link;
import dev.netns.LinkType;
import dev.netns.Route;
import dev.netns.VethPair;
import dev.netns.testkit.Network;
import dev.netns.testkit.Topology;
import dev.netns.testkit.VxlanLinkSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two topologies standing in for two machines: each has its own sandbox ("the machine") and a host
 * joined to the other machine's host by a VXLAN link; the test plays the network between the
 * machines with a veth between the two sandboxes (the underlay). Also the link-counter assertions:
 * traffic crosses the underlay, and none does while the overlay's destination is blackholed.
 */
class VxlanTopologyTest extends StackTestSupport {

    // tag::vxlan[]
    /** One machine's side: a host whose vx0 reaches the other machine's host over the underlay. */
    private static Topology side(String host, String overlay, String local, String remote) {
        return Topology.builder().host(host).namedNamespaces()
                .vxlanLink(VxlanLinkSpec.builder("overlay").host(host, "vx0", overlay).vni(100)
                        .underlay(local, remote).build())
                .build();
    }
    // end::vxlan[]

    @Test
    void twoStandInMachinesJoinedByVxlanOverAVethUnderlay() {
        Topology left = side("red", "10.200.0.1/24", "192.0.2.1", "192.0.2.2");
        Topology right = side("blue", "10.200.0.2/24", "192.0.2.2", "192.0.2.1");
        try (Network l = left.build(stack); Network r = right.build(stack)) {
            // The network between the two machines.
            VethPair underlay = l.sandbox().createVeth("wire0", "wire0", r.sandbox());
            // IPv6's own chatter (MLD reports, solicitations) would cross the wire at random times
            // and count as traffic in the assertions below, which are about the overlay's packets.
            l.sandbox().setSysctl("net.ipv6.conf.wire0.disable_ipv6", "1");
            r.sandbox().setSysctl("net.ipv6.conf.wire0.disable_ipv6", "1");
            // The overlay's own IPv6 chatter crosses the wire too, encapsulated (a 140-byte packet
            // failed the no-traffic check below once in CI).
            l.host("red").setSysctl("net.ipv6.conf.vx0.disable_ipv6", "1");
            r.host("blue").setSysctl("net.ipv6.conf.vx0.disable_ipv6", "1");
            underlay.local().addAddress("192.0.2.1/24").up();
            underlay.peer().addAddress("192.0.2.2/24").up();
            underlay.local().awaitOperational(Duration.ofSeconds(5));
            underlay.peer().awaitOperational(Duration.ofSeconds(5));

            Link red = l.vxlanLink("overlay");
            assertThat(red.namespace()).isEqualTo(l.host("red"));
            assertThat(red.info().kind()).isEqualTo("vxlan");
            assertThat(red.info().type()).isEqualTo(LinkType.vxlan(100).remote("192.0.2.2").local("192.0.2.1").port(4789));
            // iproute2 sees a vxlan in red whose socket lives in another namespace (the sandbox).
            String redNs = l.host("red").name().orElseThrow();
            Map<String, Object> shown = Ip.json(redNs, "-d", "link", "show", "dev", "vx0").get(0);
            assertThat(shown).containsKey("link_netnsid");
            assertThat(shown.get("linkinfo").toString()).contains("info_kind=vxlan").contains("id=100")
                    .contains("remote=192.0.2.2").contains("local=192.0.2.1").contains("port=4789");

            assertThat(l.host("red")).eventually().canPing("10.200.0.2");
            assertThat(r.host("blue")).canPing("10.200.0.1");
            assertThat(underlay.local()).carriesTrafficDuring(() -> l.host("red").ping("10.200.0.2"));

            // A blackholed overlay destination: nothing crosses the underlay for it.
            l.host("red").addRoute(Route.blackhole("10.200.0.2/32"));
            assertThat(l.host("red").lookupRoute("10.200.0.2").type()).isEqualTo(dev.netns.RouteType.BLACKHOLE);
            assertThat(underlay.local()).hasNoTrafficDuring(() -> {
                for (int i = 0; i < 3; i++) {
                    l.host("red").ping("10.200.0.2");
                }
            });
            assertThatThrownBy(() -> assertThat(underlay.local()).hasNoTrafficDuring(() -> r.host("blue").ping("10.200.0.1")))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("wire0");
        }
    }

    @Test
    void badVxlanLinksAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> VxlanLinkSpec.builder("o").host("red", "vx0", "10.0.0.1/24").vni(1 << 24)
                .underlay("192.0.2.1", "192.0.2.2").build()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("16777216");
        assertThatThrownBy(() -> VxlanLinkSpec.builder("o").host("red", "vx0", "10.0.0.1").vni(1)
                .underlay("192.0.2.1", "192.0.2.2").build()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("10.0.0.1");
        assertThatThrownBy(() -> VxlanLinkSpec.builder("o").host("red", "vx0", null).vni(1)
                .underlay("192.0.2.1", "fd00::2").build()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("fd00::2");
        assertThatThrownBy(() -> VxlanLinkSpec.builder("o").host("red", "vx0", null).vni(1).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("underlay");
        VxlanLinkSpec ok = VxlanLinkSpec.builder("o").host("green", "vx0", null).vni(1)
                .underlay("192.0.2.1", "192.0.2.2").build();
        assertThatThrownBy(() -> Topology.builder().host("red").vxlanLink(ok).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("green");
        assertThatThrownBy(() -> Topology.builder().host("red").host("blue").link("red", "10.0.0.1/24", "blue", "10.0.0.2/24")
                .vxlanLink(VxlanLinkSpec.builder("o").host("red", "eth0", null).vni(1).underlay("192.0.2.1", "192.0.2.2")
                        .build()).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("eth0");
        assertThat(LinkType.vxlan(1)).isNotNull();
    }
}
