package dev.netns.it.nat;

import static dev.netns.it.nat.NatLab.BLUE;
import static dev.netns.it.nat.NatLab.HOST_LAN;
import static dev.netns.it.nat.NatLab.HOST_WAN;
import static dev.netns.it.nat.NatLab.WAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.netns.NatRule;
import dev.netns.NatRule.PortRange;
import dev.netns.NatRule.Protocol;
import dev.netns.NatRuleHandle;
import dev.netns.testkit.RequiresRoot;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Step 5 of the tutorial, on every path CNI's portmap handles, plus UDP and ranges. */
@RequiresRoot
@SuppressWarnings("try") // servers held open by try-with-resources, not otherwise used
class PortForwardTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {NatLab.NFTABLES, NatLab.IPTABLES})
    void httpInBlueAnswersWanTheHostItselfAndRedThroughTheHostsPort80(String backend) {
        try (NatLab lab = NatLab.create(backend)) {
            HttpServer server = Traffic.httpServer(lab.blue, BLUE, 80, "blue");
            try {
                lab.host.nat().apply(NatRule.portForward(Protocol.TCP, 80, BLUE, 80));
                assertThat(lab.host.sysctl("net.ipv4.conf.all.route_localnet")).isEqualTo("1");

                // 1. From another namespace (PREROUTING); blue sees wan's own address.
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Traffic.httpGet(lab.wan, HOST_WAN, 80))
                        .contains(new Traffic.Http(200, "hello from blue, you are " + WAN)));

                // 2. From the host to its own addresses and to 127.0.0.1 (OUTPUT).
                assertThat(Traffic.httpGet(lab.host, HOST_WAN, 80)).get().extracting(Traffic.Http::status).isEqualTo(200);
                assertThat(Traffic.httpGet(lab.host, HOST_LAN, 80)).get().extracting(Traffic.Http::body)
                        .isEqualTo("hello from blue, you are " + HOST_LAN);
                assertThat(Traffic.httpGet(lab.host, "127.0.0.1", 80)).get()
                        .isEqualTo(new Traffic.Http(200, "hello from blue, you are " + HOST_LAN));

                // 3. Hairpin: red, on blue's own bridge, through the host's addresses.
                assertThat(Traffic.httpGet(lab.red, HOST_LAN, 80)).get()
                        .isEqualTo(new Traffic.Http(200, "hello from blue, you are " + HOST_LAN));
                assertThat(Traffic.httpGet(lab.red, HOST_WAN, 80)).get().extracting(Traffic.Http::status).isEqualTo(200);

                // Traffic inside the bridge that was not forwarded keeps its source.
                assertThat(Traffic.httpGet(lab.red, BLUE, 80)).get().extracting(Traffic.Http::body)
                        .isEqualTo("hello from blue, you are " + NatLab.RED);
            } finally {
                server.stop(0);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {NatLab.NFTABLES, NatLab.IPTABLES})
    void forwardToADifferentPortAndOnlyForOneHostAddress(String backend) {
        try (NatLab lab = NatLab.create(backend)) {
            HttpServer server = Traffic.httpServer(lab.blue, BLUE, 8080, "blue");
            try {
                lab.host.nat().apply(NatRule.portForward(Protocol.TCP, 80, BLUE, 8080).toHostAddress(HOST_WAN));
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Traffic.httpGet(lab.wan, HOST_WAN, 80))
                        .get().extracting(Traffic.Http::status).isEqualTo(200));
                // Another address of the host is not forwarded.
                assertThat(Traffic.httpGet(lab.host, HOST_LAN, 80)).isEmpty();
            } finally {
                server.stop(0);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {NatLab.NFTABLES, NatLab.IPTABLES})
    void udpPortForward(String backend) throws Exception {
        try (NatLab lab = NatLab.create(backend);
                var echo = new Traffic.UdpEchoServer(lab.blue, BLUE, 5353)) {
            lab.host.nat().apply(NatRule.portForward(Protocol.UDP, 5353, BLUE, 5353));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Traffic.udpExchange(lab.wan, HOST_WAN, 5353, "ping"))
                    .contains("from " + WAN + ": ping"));
            assertThat(Traffic.udpExchange(lab.host, "127.0.0.1", 5353, "local")).contains("from " + HOST_LAN + ": local");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {NatLab.NFTABLES, NatLab.IPTABLES})
    void tcpPortRangeMapsEachPortToTheSamePort(String backend) throws Exception {
        try (NatLab lab = NatLab.create(backend);
                var a = new Traffic.WhoAmIServer(lab.blue, BLUE, 9000);
                var b = new Traffic.WhoAmIServer(lab.blue, BLUE, 9005)) {
            lab.host.nat().apply(NatRule.portForward(Protocol.TCP, PortRange.of(9000, 9005), BLUE));
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(Traffic.tcpLine(lab.wan, HOST_WAN, 9000)).contains("from " + WAN));
            assertThat(Traffic.tcpLine(lab.wan, HOST_WAN, 9005)).contains("from " + WAN);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {NatLab.NFTABLES, NatLab.IPTABLES})
    void forwardLimitedToAnIncomingInterface(String backend) {
        try (NatLab lab = NatLab.create(backend)) {
            HttpServer server = Traffic.httpServer(lab.blue, BLUE, 80, "blue");
            try {
                NatRuleHandle h = lab.host.nat().apply(NatRule.portForward(Protocol.TCP, 80, BLUE, 80).arrivingOn("veth-wan"));
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Traffic.httpGet(lab.wan, HOST_WAN, 80))
                        .get().extracting(Traffic.Http::status).isEqualTo(200));
                // Arriving on the bridge instead: not forwarded.
                assertThat(Traffic.httpGet(lab.red, HOST_LAN, 80)).isEmpty();
                h.close();
            } finally {
                server.stop(0);
            }
        }
    }
}
