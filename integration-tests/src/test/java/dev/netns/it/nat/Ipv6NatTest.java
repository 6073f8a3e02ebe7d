package dev.netns.it.nat;

import static dev.netns.it.nat.NatLab.BLUE6;
import static dev.netns.it.nat.NatLab.HOST_LAN6;
import static dev.netns.it.nat.NatLab.HOST_WAN6;
import static dev.netns.it.nat.NatLab.RED6;
import static dev.netns.it.nat.NatLab.WAN6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netns.IpPrefix;
import dev.netns.NatRule;
import dev.netns.NatRule.Protocol;
import dev.netns.NatRuleHandle;
import dev.netns.testkit.RequiresRoot;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** IPv6 masquerade and port forwarding with the nf_tables backend, with real traffic. */
@RequiresRoot
@SuppressWarnings("try") // servers held open by try-with-resources, not otherwise used
class Ipv6NatTest {

    private static String literal(String address) {
        return IpPrefix.parseAddress(address).getHostAddress(); // how the servers print their peers
    }

    @Test
    void redReachesWanOverIpv6OnlyThroughMasquerade() throws Exception {
        try (NatLab lab = NatLab.create(NatLab.NFTABLES, true);
                var server = new Traffic.WhoAmIServer(lab.wan, WAN6, 7600)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> Traffic.tcpLine(lab.host, WAN6, 7600).isPresent());
            // wan has no route back to fd00:15::/64: without NAT its answer never leaves.
            assertThat(Traffic.tcpLine(lab.red, WAN6, 7600)).isEmpty();
            try (NatRuleHandle rule = lab.host.nat().apply(NatRule.masquerade("fd00:15::/64"))) {
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Traffic.tcpLine(lab.red, WAN6, 7600))
                        .contains("from " + literal(HOST_WAN6)));
                assertThat(lab.hostRules()).contains("ip6 saddr fd00:15::/64 masquerade comment \"netns:" + rule.id());
            }
            assertThat(Traffic.tcpLine(lab.red, WAN6, 7600)).isEmpty();
            assertThat(lab.hostRules()).doesNotContain("netns");
        }
    }

    @Test
    void aPortOfTheHostForwardsToBlueOverIpv6FromOutsideAndFromItsSubnet() throws Exception {
        try (NatLab lab = NatLab.create(NatLab.NFTABLES, true);
                var server = new Traffic.WhoAmIServer(lab.blue, BLUE6, 8600)) {
            lab.host.nat().apply(NatRule.portForward(Protocol.TCP, 86, BLUE6, 8600));
            // From outside: blue sees wan's own address; its reply goes by its default route, the host,
            // which undoes the DNAT.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Traffic.tcpLine(lab.wan, HOST_WAN6, 86))
                    .contains("from " + literal(WAN6)));
            // From the host itself, to its own address.
            assertThat(Traffic.tcpLine(lab.host, HOST_WAN6, 86)).isPresent();
            // Hairpin: red, on blue's own subnet, through the host's address there.
            assertThat(Traffic.tcpLine(lab.red, HOST_LAN6, 86)).contains("from " + literal(HOST_LAN6));
            // Direct traffic inside the subnet keeps its source.
            assertThat(Traffic.tcpLine(lab.red, BLUE6, 8600)).contains("from " + literal(RED6));
            lab.host.nat().clear();
            assertThat(Traffic.tcpLine(lab.wan, HOST_WAN6, 86)).isEmpty();
        }
    }

    @Test
    void udpForwardOverIpv6() throws Exception {
        try (NatLab lab = NatLab.create(NatLab.NFTABLES, true);
                var echo = new Traffic.UdpEchoServer(lab.blue, BLUE6, 5300)) {
            lab.host.nat().apply(NatRule.portForward(Protocol.UDP, 53, BLUE6, 5300).arrivingOn("veth-wan"));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Traffic.udpExchange(lab.wan, HOST_WAN6, 53,
                    "ping")).contains("from " + literal(WAN6) + ": ping"));
        }
    }
}
