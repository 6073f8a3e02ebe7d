package dev.netns.it.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netns.it.support.Procfs;
import dev.netns.testkit.Fault;
import dev.netns.testkit.NetnsTest;
import dev.netns.testkit.Network;
import dev.netns.testkit.NetworkTopology;
import dev.netns.testkit.Topology;
import java.time.Duration;
import java.util.List;
import javax.net.SocketFactory;
import org.junit.jupiter.api.Test;

/**
 * The README's "An in-JVM cluster under a partition": the part between the cluster tags is shown
 * there verbatim (checked by ReadmeSamplesTest) and runs here as a real test. Three nodes of
 * {@link KvNode}, each in its own namespace, and a client in a fourth, all in this one JVM: cut
 * one node off, the majority goes on, the cut-off node neither sees new writes nor accepts any,
 * and it catches up once the partition heals.
 */
@NetnsTest
class ReadmeClusterSampleTest {

    // tag::cluster[]
    static final List<String> NODES = List.of("10.20.0.1", "10.20.0.2", "10.20.0.3");

    @NetworkTopology
    static Topology cluster() {
        return Topology.builder()
                .host("n1").host("n2").host("n3").host("client")
                .bridge("br0", "10.20.0.254/24")
                .link("n1", "br0", "10.20.0.1/24")
                .link("n2", "br0", "10.20.0.2/24")
                .link("n3", "br0", "10.20.0.3/24")
                .link("client", "br0", "10.20.0.10/24")
                .build();
    }

    @Test
    void theMajorityGoesOnAndTheNodeCutOffCatchesUp(Network net) throws Exception {
        // Three nodes in this JVM: each listens in its own namespace, all threads start here.
        for (int i = 0; i < NODES.size(); i++) {
            net.closeAtEnd(KvNode.start(net.host("n" + (i + 1)), NODES.get(i), NODES));
        }
        SocketFactory client = net.host("client").socketFactory();
        // A fresh network takes a moment to pass traffic: wait until all three have the value.
        await().ignoreExceptions().until(() -> KvNode.ask(client, "10.20.0.1", "PUT color red"), "OK"::equals);
        await().until(() -> KvNode.ask(client, "10.20.0.3", "GET color"), "VALUE red"::equals);

        try (Fault toN1 = net.partition("n3", "n1"); Fault toN2 = net.partition("n3", "n2")) {
            // The majority takes the write, and n2 has it at once ...
            assertThat(KvNode.ask(client, "10.20.0.1", "PUT color blue")).isEqualTo("OK");
            assertThat(KvNode.ask(client, "10.20.0.2", "GET color")).isEqualTo("VALUE blue");
            // ... while n3, cut off from both (not from the client), has the old value and no quorum.
            assertThat(KvNode.ask(client, "10.20.0.3", "GET color")).isEqualTo("VALUE red");
            assertThat(KvNode.ask(client, "10.20.0.3", "PUT color green")).isEqualTo("NO_QUORUM");
        }
        // Healed: n3 pulls what it missed from its peers.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> KvNode.ask(client, "10.20.0.3", "GET color"), "VALUE blue"::equals);
        // end::cluster[]

        // The nodes' threads (accepting, serving, syncing) run, and none is inside a namespace.
        assertThat(Procfs.threadNames()).anyMatch(t -> t.startsWith("kv-10.20.0.3"));
        Procfs.assertNoForeignThreadInside(net.namespaceIds());
        // tag::cluster[]
    }
    // end::cluster[]
}
