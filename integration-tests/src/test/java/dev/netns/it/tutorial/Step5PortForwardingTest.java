package dev.netns.it.tutorial;

import static dev.netns.testkit.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.NatRule;
import dev.netns.NatRuleHandle;
import dev.netns.NetNamespace;
import dev.netns.it.support.HelloHttpServer;
import dev.netns.testkit.Host;
import dev.netns.testkit.HttpResult;
import dev.netns.testkit.NetnsTest;
import dev.netns.testkit.Network;
import dev.netns.testkit.NetworkTopology;
import dev.netns.testkit.Probes;
import dev.netns.testkit.Topology;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Step 5 of the tutorial: port forwarding. A web server in blue answers a client outside through
 * {@code iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 192.168.15.2:80}
 * in the host. The client is in {@code wan} and asks the host's outside address, 203.0.113.2.
 */
@NetnsTest
class Step5PortForwardingTest {

    private static final String URL = "http://203.0.113.2/";

    /** Steps 3 and 4 done: LAN on the bridge, default routes, forwarding, MASQUERADE. */
    @NetworkTopology
    static Topology tutorialUpToStep4() {
        return Step4OutsideWorldTest.lanAndWan().toBuilder()
                .defaultRoute("red", "192.168.15.5")
                .defaultRoute("blue", "192.168.15.5")
                .forwarding(Topology.SANDBOX)
                .nat(NatRule.masquerade("192.168.15.0/24"))
                .build();
    }

    @Test
    void aClientOutsideReachesTheWebServerInBlueOnlyThroughDnat(@Host("blue") NetNamespace blue,
            @Host("wan") NetNamespace wan, @Host(Topology.SANDBOX) NetNamespace host, Network net) throws InterruptedException {
        // The web server in blue: its socket is born in blue, its thread is not (it would keep
        // blue alive after the test and open its sockets there).
        net.closeAtEnd(HelloHttpServer.start(blue, "blue", 80));
        // The server itself works (from inside the LAN, to its own address).
        assertThat(net.host("red")).eventually(Duration.ofSeconds(3)).httpGet("http://192.168.15.2/").hasStatus(200);

        // Before the DNAT rule, nothing listens on the host's port 80: the client gets no answer.
        // "Refused" proves the path to the host works and only the forwarding is missing.
        assertThat(wan).eventually(Duration.ofSeconds(3)).canPing("203.0.113.2");
        HttpResult before = Probes.http(wan, URL, Duration.ofMillis(500));
        assertThat(before.responded()).as("%s", before).isFalse();
        assertThat(before.failure()).contains("refused");

        // iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 192.168.15.2:80
        NatRuleHandle dnat = host.nat().apply(NatRule.portForward(NatRule.Protocol.TCP, 80, "192.168.15.2", 80));

        // curl http://203.0.113.2/ from outside: blue answers, and sees the real client (DNAT
        // rewrites only the destination).
        assertThat(wan).httpGet(URL).hasStatus(200).bodyContains("hello from blue to 203.0.113.1");
        assertThat(wan).usingBinaries().httpGet(URL).hasStatus(200).bodyContains("hello from blue");

        // Removing exactly that rule closes the port again.
        dnat.close();
        HttpResult after = Probes.http(wan, URL, Duration.ofMillis(500));
        assertThat(after.responded()).as("%s", after).isFalse();
        assertThat(after.failure()).contains("refused");
    }
}
