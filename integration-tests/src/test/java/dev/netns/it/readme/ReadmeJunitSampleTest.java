package dev.netns.it.readme;

// The README's "JUnit test with the testkit": everything between the junit tags is shown there
// verbatim (checked by ReadmeSamplesTest) and runs here as a real test.
// tag::junit[]
import static dev.netns.testkit.NetAssertions.assertThat;

import dev.netns.NatRule;
import dev.netns.NetNamespace;
import dev.netns.testkit.Fault;
import dev.netns.testkit.Host;
import dev.netns.testkit.NetnsTest;
import dev.netns.testkit.Network;
import dev.netns.testkit.NetworkTopology;
import dev.netns.testkit.Topology;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

@NetnsTest
class ReadmeJunitSampleTest {

    @NetworkTopology
    static Topology tutorial() {
        return Topology.builder()
                .host("red").host("blue").host("wan")
                .bridge("v-net-0", "192.168.15.5/24")
                .link("red", "v-net-0", "192.168.15.1/24")
                .link("blue", "v-net-0", "192.168.15.2/24")
                .link(Topology.SANDBOX, "203.0.113.2/24", "wan", "203.0.113.1/24")
                .defaultRoute("red", "192.168.15.5")
                .defaultRoute("blue", "192.168.15.5")
                .forwarding(Topology.SANDBOX)
                .nat(NatRule.masquerade("192.168.15.0/24"))
                .nat(NatRule.portForward(NatRule.Protocol.TCP, 80, "192.168.15.2", 80))
                .build();
    }

    @Test
    void blueServesTheOutsideThroughPortForwarding(@Host("red") NetNamespace red,
            @Host("wan") NetNamespace wan, Network net) {
        net.serveHttp("blue", 80, 200, "hello from blue");
        net.listenTcp("blue", 5432);

        assertThat(red).canPing("192.168.15.2").canPing("203.0.113.1");
        assertThat(wan).httpGet("http://203.0.113.2/").hasStatus(200).bodyContains("hello from blue");
        assertThat(wan).withTimeout(Duration.ofMillis(300)).cannotConnect("203.0.113.2", 5432);

        try (Fault cut = net.partition(Set.of("red", "blue"), Set.of("wan"))) { // the LAN cut off
            assertThat(red).withTimeout(Duration.ofMillis(300)).cannotPing("203.0.113.1");
            assertThat(red).canPing("192.168.15.2");                             // inside, as before
        }
        try (Fault slow = net.delay("red-v-net-0", Duration.ofMillis(50), Duration.ZERO)) {
            assertThat(red).withTimeout(Duration.ofMillis(40)).cannotPing("192.168.15.2"); // 50 ms away
            assertThat(red).canPing("192.168.15.2");
        }
        assertThat(red).canPing("203.0.113.1");
    }
}
// end::junit[]
