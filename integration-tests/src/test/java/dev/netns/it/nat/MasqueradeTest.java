package dev.netns.it.nat;

import static dev.netns.it.nat.NatLab.HOST_LAN;
import static dev.netns.it.nat.NatLab.HOST_WAN;
import static dev.netns.it.nat.NatLab.WAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netns.NatRule;
import dev.netns.NatRuleHandle;
import dev.netns.testkit.RequiresRoot;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Step 4 of the tutorial: red reaches the "outside" only through MASQUERADE on the host. */
@RequiresRoot
@SuppressWarnings("try") // servers held open by try-with-resources, not otherwise used
class MasqueradeTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {NatLab.NFTABLES, NatLab.IPTABLES})
    void redReachesWanOnlyThroughMasqueradeAndWanSeesTheHostsAddress(String backend) throws Exception {
        try (NatLab lab = NatLab.create(backend);
                var server = new Traffic.WhoAmIServer(lab.wan, WAN, 7000)) {
            // The path itself works: red reaches the host, the host reaches wan.
            await().atMost(Duration.ofSeconds(5)).until(() -> lab.red.ping(HOST_LAN).reachable());
            await().atMost(Duration.ofSeconds(5)).until(() -> Traffic.tcpLine(lab.host, WAN, 7000).isPresent());

            // wan has no route back to 192.168.15.0/24: without NAT its answer never leaves.
            assertThat(Traffic.tcpLine(lab.red, WAN, 7000)).isEmpty();

            try (NatRuleHandle rule = lab.host.nat().apply(NatRule.masquerade("192.168.15.0/24"))) {
                assertThat(lab.host.nat().rules()).containsExactly(rule.rule());
                await().atMost(Duration.ofSeconds(5))
                        .untilAsserted(() -> assertThat(Traffic.tcpLine(lab.red, WAN, 7000)).contains("from " + HOST_WAN));
                assertThat(Traffic.tcpLine(lab.blue, WAN, 7000)).contains("from " + HOST_WAN);
                // The rule reads as the tutorial's, in the SDK's own table or chain, with its id.
                if (backend.equals(NatLab.NFTABLES)) {
                    assertThat(lab.hostRules()).contains("table inet netns", "type nat hook postrouting priority srcnat")
                            .contains("ip saddr 192.168.15.0/24 masquerade comment \"netns:" + rule.id() + "\"");
                } else {
                    assertThat(lab.hostRules()).contains("-A POSTROUTING -j NETNS-POSTROUTING")
                            .contains("-A NETNS-POSTROUTING -s 192.168.15.0/24 -m comment --comment \"netns:" + rule.id()
                                    + "\" -j MASQUERADE");
                }
            }
            // Removed: a new connection is no longer translated.
            assertThat(Traffic.tcpLine(lab.red, WAN, 7000)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {NatLab.NFTABLES, NatLab.IPTABLES})
    void snatUsesTheGivenAddress(String backend) throws Exception {
        try (NatLab lab = NatLab.create(backend);
                var server = new Traffic.WhoAmIServer(lab.wan, WAN, 7001)) {
            lab.host.link("veth-wan").addAddress("203.0.113.9/24");
            try (NatRuleHandle rule = lab.host.nat().apply(NatRule.snat("192.168.15.0/24", "203.0.113.9"))) {
                await().atMost(Duration.ofSeconds(5))
                        .untilAsserted(() -> assertThat(Traffic.tcpLine(lab.red, WAN, 7001)).contains("from 203.0.113.9"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {NatLab.NFTABLES, NatLab.IPTABLES})
    void masqueradeLimitedToAnInterfaceAndWithAnExclusion(String backend) throws Exception {
        try (NatLab lab = NatLab.create(backend);
                var wanServer = new Traffic.WhoAmIServer(lab.wan, WAN, 7002);
                var blueServer = new Traffic.WhoAmIServer(lab.blue, NatLab.BLUE, 7002)) {
            lab.host.nat().apply(NatRule.masquerade("192.168.15.0/24", "veth-wan").except("192.168.15.0/24"));
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(Traffic.tcpLine(lab.red, WAN, 7002)).contains("from " + HOST_WAN));
            // Inside the subnet nothing is rewritten.
            assertThat(Traffic.tcpLine(lab.red, NatLab.BLUE, 7002)).contains("from " + NatLab.RED);
        }
    }
}
