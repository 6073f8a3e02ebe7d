package dev.netns.testkit;

import static dev.netns.testkit.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Link;
import dev.netns.NatRule;
import dev.netns.NetNamespace;
import dev.netns.VethPair;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The tutorial, with a simulated outside world ("wan"), one fresh network per test. */
@NetnsTest
class NetnsExtensionTest {

    @NetworkTopology
    static Topology tutorial() {
        return Topology.builder()
                .hosts("red", "blue", "wan")
                .bridge("v-net-0", "192.168.15.5/24")
                .link("red", "v-net-0", "192.168.15.1/24")
                .link("blue", "v-net-0", "192.168.15.2/24")
                .link(Topology.SANDBOX, "203.0.113.254/24", "wan", "203.0.113.1/24")
                .defaultRoute("red", "192.168.15.5")
                .defaultRoute("blue", "192.168.15.5")
                .forwarding(Topology.SANDBOX)
                .nat(NatRule.masquerade("192.168.15.0/24"))
                .nat(NatRule.portForward(NatRule.Protocol.TCP, 80, "192.168.15.2", 80))
                .build();
    }

    @Test
    void injectsHostsLinksAndTheNetwork(@Host("red") NetNamespace red, NetNamespace blue, Network net,
            @Host(Topology.SANDBOX) NetNamespace sandbox, @NetLink("red-v-net-0") Link redNic,
            @NetLink("red-v-net-0") VethPair cable) {
        assertThat(red).isSameAs(net.host("red"));
        assertThat(blue).isSameAs(net.host("blue"));
        assertThat(sandbox).isSameAs(net.sandbox());
        assertThat(redNic.name()).isEqualTo("eth0");
        assertThat(cable.peer().namespace()).isEqualTo(sandbox);
        assertThat(red.id()).isNotEqualTo(blue.id());
        assertThat(red.name()).isEmpty();
    }

    @Test
    void pingsThroughTheBridge(@Host("red") NetNamespace red) {
        assertThat(red).canPing("192.168.15.2").canPing("192.168.15.5").cannotPing("192.168.15.77");
    }

    @Test
    void theRealBinariesWorkToo(@Host("red") NetNamespace red, Network net) {
        net.serveHttp("blue", 8080, 200, "hello from blue");
        assertThat(red).usingBinaries().canPing("192.168.15.2");
        assertThat(red).usingBinaries().httpGet("http://192.168.15.2:8080/").hasStatus(200).bodyContains("hello from blue");
    }

    @Test
    void tcpConnectAndRefusal(@Host("red") NetNamespace red, Network net) {
        net.listenTcp("blue", 5432);
        assertThat(red).canConnect("192.168.15.2", 5432).cannotConnect("192.168.15.2", 5433);
        ConnectResult refused = Probes.connect(red, "192.168.15.2", 5433, Duration.ofSeconds(1));
        assertThat(refused.failure()).isEqualTo("connection refused");
        ConnectResult unreachable = Probes.connect(red, "192.168.15.77", 80, Duration.ofMillis(300));
        assertThat(unreachable.connected()).isFalse();
    }

    @Test
    void udpRequestResponse(@Host("red") NetNamespace red, Network net) {
        net.udpEcho("blue", 7);
        assertThat(red).canExchangeUdp("192.168.15.2", 7).withTimeout(Duration.ofMillis(300)).cannotExchangeUdp("192.168.15.2", 8);
        UdpResult r = Probes.udp(red, "192.168.15.2", 7, "hi".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(1));
        assertThat(r.replyText()).hasValue("hi");
        assertThat(Probes.udp(red, "192.168.15.2", 8, new byte[1], Duration.ofSeconds(1)).failure()).contains("port unreachable");
    }

    @Test
    void httpStatusHeadersAndBody(@Host("red") NetNamespace red, Network net) {
        HttpService blue = net.serveHttp("blue", 80, request -> request.path().equals("/missing")
                ? HttpReply.of(404, "no such page")
                : HttpReply.of(200, "you asked for " + request.target()).header("X-Served-By", "blue"));
        assertThat(red).httpGet("http://192.168.15.2/hello?x=1").hasStatus(200).hasHeader("x-served-by", "blue")
                .bodyContains("you asked for /hello?x=1");
        assertThat(blue.takeRequest(Duration.ofSeconds(1))).get()
                .satisfies(r -> assertThat(r.method()).isEqualTo("GET"))
                .satisfies(r -> assertThat(r.target()).isEqualTo("/hello?x=1"));
        assertThatThrownBy(() -> assertThat(red).httpGet("http://192.168.15.2/missing").hasStatus(200))
                .hasMessageContaining("from red (net:[").hasMessageContaining("to give status 200, but got status 404");
        assertThat(blue.port()).isEqualTo(80);
        assertThat(blue.requestCount()).isEqualTo(2);
    }

    @Test
    void aPortInUseNamesHostAndPort(Network net) {
        net.listenTcp("blue", 5432);
        assertThatThrownBy(() -> net.listenTcp("blue", 5432)).isInstanceOf(PortInUseException.class)
                .hasMessage("cannot listen for TCP on port 5432 in host \"blue\": the port is in use there");
        net.serveHttp("blue", 8080, 200, "x");
        assertThatThrownBy(() -> net.serveHttp("blue", 8080, 200, "y")).isInstanceOf(PortInUseException.class)
                .hasMessageContaining("HTTP on port 8080 in host \"blue\"");
        net.udpEcho("blue", 7);
        assertThatThrownBy(() -> net.udpEcho("blue", 7)).isInstanceOf(PortInUseException.class)
                .satisfies(e -> assertThat(((PortInUseException) e).port()).isEqualTo(7));
    }

    @Test
    void masqueradeHidesTheLanFromTheWan(@Host("red") NetNamespace red, Network net) throws Exception {
        try (ServerSocketChannel wan = net.listenTcp("wan", 80); SocketChannel client = red.openSocketChannel()) {
            client.connect(new InetSocketAddress("203.0.113.1", 80));
            try (SocketChannel accepted = wan.accept()) {
                // wan sees the sandbox's address, not red's: the NAT rewrote the source
                assertThat(((InetSocketAddress) accepted.getRemoteAddress()).getAddress().getHostAddress())
                        .isEqualTo("203.0.113.254");
            }
        }
        // wan has no route to the LAN: only the NAT makes it reachable
        assertThat(net.host("wan")).withTimeout(Duration.ofMillis(300)).cannotPing("192.168.15.1");
    }

    @Test
    void portForwardReachesTheWebServerInBlue(@Host("wan") NetNamespace wan, Network net) {
        net.serveHttp("blue", 80, 200, "blue's page");
        assertThat(wan).httpGet("http://203.0.113.254/").hasStatus(200).bodyContains("blue's page");
        assertThat(wan).usingBinaries().httpGet("http://203.0.113.254/").bodyContains("blue's page");
    }

    @Test
    void linkDownAndUp(@Host("red") NetNamespace red, Network net) {
        try (Fault down = net.linkDown("blue-v-net-0")) {
            assertThat(down.description()).isEqualTo("link blue-v-net-0 down");
            assertThat(net.activeFaults()).containsExactly(down);
            assertThat(red).withTimeout(Duration.ofMillis(300)).cannotPing("192.168.15.2");
        }
        assertThat(net.activeFaults()).isEmpty();
        assertThat(red).eventually(Duration.ofSeconds(5)).canPing("192.168.15.2");
    }

    @Test
    void healingALinkDownGivesBackItsRoutesAndWaitsForTheCarrier(@Host("red") NetNamespace red, Network net) {
        java.util.List<dev.netns.Route> routes = red.routes();
        try (Fault down = net.linkDown("red-v-net-0")) {
            assertThat(red.routes()).noneMatch(dev.netns.Route::isDefault); // the kernel flushed it
        }
        assertThat(red.routes()).containsExactlyInAnyOrderElementsOf(routes);
        assertThat(red).canPing("192.168.15.2").canPing("203.0.113.1"); // at once: no eventually
    }

    @Test
    void partitionBothWays(@Host("red") NetNamespace red, @Host("blue") NetNamespace blue, Network net) {
        net.listenTcp("blue", 80);
        net.listenTcp("red", 80);
        try (Fault cut = net.partition("red", "blue")) {
            assertThat(red).withTimeout(Duration.ofMillis(300)).cannotPing("192.168.15.2").cannotConnect("192.168.15.2", 80);
            assertThat(blue).withTimeout(Duration.ofMillis(300)).cannotPing("192.168.15.1").cannotConnect("192.168.15.1", 80);
            // only red and blue are cut apart
            assertThat(red).canPing("192.168.15.5").canPing("203.0.113.1");
            assertThat(net.describe()).contains("input: meta nfproto ipv4 ip saddr 192.168.15.1 ip daddr 192.168.15.2 drop # netns:",
                    "partition red <-> blue");
        }
        assertThat(red).canPing("192.168.15.2").canConnect("192.168.15.2", 80);
    }

    @Test
    void partitionOneWay(@Host("red") NetNamespace red, @Host("blue") NetNamespace blue, Network net) throws Exception {
        net.udpEcho("blue", 7);
        DatagramChannel inbox = net.closeAtEnd(red.call(() -> DatagramChannel.open().bind(new InetSocketAddress(9))));
        try (Fault cut = net.partitionOneWay("red", "blue")) {
            assertThat(cut.description()).isEqualTo("partition red -> blue");
            assertThat(red).withTimeout(Duration.ofMillis(300)).cannotExchangeUdp("192.168.15.2", 7);
            // blue -> red still arrives
            Probes.udp(blue, "192.168.15.1", 9, "from blue".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(100));
            inbox.socket().setSoTimeout(1000);
            DatagramPacket packet = new DatagramPacket(new byte[100], 100);
            inbox.socket().receive(packet);
            assertThat(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8)).isEqualTo("from blue");
        }
        assertThat(red).canExchangeUdp("192.168.15.2", 7);
    }

    @Test
    void partitionAcrossTheNat(@Host("red") NetNamespace red, Network net) {
        try (Fault cut = net.partition("red", "wan")) {
            assertThat(red).withTimeout(Duration.ofMillis(300)).cannotPing("203.0.113.1");
            assertThat(net.host("blue")).canPing("203.0.113.1");
        }
        assertThat(red).canPing("203.0.113.1");
    }

    @Test
    void packetLoss(@Host("red") NetNamespace red, Network net) {
        try (Fault loss = net.packetLoss("blue", 1.0)) {
            assertThat(red).withTimeout(Duration.ofMillis(200)).staysFor(Duration.ofMillis(500)).cannotPing("192.168.15.2");
        }
        try (Fault loss = net.packetLoss("blue", 0.5)) {
            int ok = 0;
            for (int i = 0; i < 40; i++) {
                if (Probes.ping(red, "192.168.15.2", Duration.ofMillis(100)).reachable()) {
                    ok++;
                }
            }
            // each echo crosses blue's INPUT once: 50% loss; 40 tries land in [5, 35] with p > 0.9999
            assertThat(ok).isBetween(5, 35);
        }
        assertThat(red).staysFor(Duration.ofMillis(300)).canPing("192.168.15.2");
    }

    @Test
    void processesRunInsideTheHost(Network net) throws Exception {
        Process p = net.startProcess("blue", new ProcessBuilder("ip", "-o", "addr", "show", "dev", "eth0"));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(out).contains("192.168.15.2/24");
    }

    @Test
    void eventuallyWaitsForAServiceToComeUp(@Host("red") NetNamespace red, Network net) throws Exception {
        Thread later = new Thread(() -> {
            try {
                Thread.sleep(300);
                net.listenTcp("blue", 9000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        later.start();
        assertThat(red).cannotConnect("192.168.15.2", 9000).eventually(Duration.ofSeconds(5)).canConnect("192.168.15.2", 9000);
        later.join();
    }
}
