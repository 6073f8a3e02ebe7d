package dev.netns.it.build;

import static dev.netns.testkit.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.NetNamespace;
import dev.netns.testkit.Fault;
import dev.netns.testkit.NetnsTest;
import dev.netns.testkit.Network;
import dev.netns.testkit.NetworkTopology;
import dev.netns.testkit.Topology;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a user's own project does with the testkit, run here and, copied as it is, in the empty
 * projects of {@link ConsumerBuildTest} on each supported JUnit: one network for the class, hosts
 * injected by parameter name (needs {@code -parameters}), addresses asked of the network, a
 * partition healed.
 */
@NetnsTest
class ConsumerSmokeTest {

    @NetworkTopology(perClass = true)
    static Topology pair() {
        return Topology.builder()
                .hosts("client", "server")
                .link("client", "10.0.0.1/24", "server", "10.0.0.2/24")
                .build();
    }

    @Test
    void hostsAreInjectedByParameterName(NetNamespace client, NetNamespace server, Network net) {
        assertThat(client).isSameAs(net.host("client"));
        assertThat(server).canPing(net.address("client"));
    }

    @Test
    void aPartitionCutsAndHeals(NetNamespace client, Network net) {
        net.listenTcp("server", 7000);
        assertThat(client).canConnect(net.address("server"), 7000);
        try (Fault cut = net.partition("client", "server")) {
            assertThat(client).withTimeout(Duration.ofMillis(300)).cannotConnect(net.address("server"), 7000);
        }
        assertThat(client).canConnect(net.address("server"), 7000);
    }

    @Test
    void reportsTheJupiterItRunsOn() {
        String version = ExtensionContext.class.getPackage().getImplementationVersion();
        // ConsumerBuildTest reads this line in the build's output to prove which JUnit ran.
        System.out.println("netns-consumer jupiter=" + version);
        assertThat(version).isNotBlank();
    }
}
