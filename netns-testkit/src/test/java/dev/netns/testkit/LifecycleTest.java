package dev.netns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.NamespaceId;
import dev.netns.NetNamespace;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Networks are torn down after success, failure, timeout and aborted assumptions, per test or per class. */
@RequiresRoot
class LifecycleTest {
    static final List<NamespaceId> SEEN = new CopyOnWriteArrayList<>();
    static final List<Process> PROCESSES = new CopyOnWriteArrayList<>();

    static Topology small() {
        return Topology.builder().host("red").host("blue").link("red", "10.1.0.1/30", "blue", "10.1.0.2/30").build();
    }

    static void record(Network net) {
        SEEN.addAll(net.namespaceIds());
    }

    @OnlyInEngineTestKit
    @NetnsTest
    static class EndingsExample {
        @NetworkTopology
        Topology topology() {
            return small(); // an instance method works when the network is built per test
        }

        @Test
        void succeeds(Network net) {
            record(net);
        }

        @Test
        void fails(Network net) {
            record(net);
            throw new AssertionError("on purpose");
        }

        @Test
        @Timeout(value = 300, unit = TimeUnit.MILLISECONDS)
        void timesOut(Network net) throws InterruptedException {
            record(net);
            Thread.sleep(10_000);
        }

        @Test
        void aborts(Network net) {
            record(net);
            Assumptions.assumeTrue(false, "on purpose");
        }

        @Test
        void leavesAProcessRunning(Network net) {
            record(net);
            PROCESSES.add(net.startProcess("blue", new ProcessBuilder("sleep", "60")));
        }
    }

    @OnlyInEngineTestKit
    @NetnsTest
    static class PerClassExample {
        static final List<NamespaceId> SANDBOXES = new CopyOnWriteArrayList<>();

        @NetworkTopology(perClass = true)
        static final Topology TOPOLOGY = small();

        @Test
        void first(Network net, @Host("red") NetNamespace red) {
            record(net);
            SANDBOXES.add(net.sandbox().id());
            NetAssertions.assertThat(red).canPing("10.1.0.2");
        }

        @Test
        void second(Network net) {
            SANDBOXES.add(net.sandbox().id());
        }
    }

    @OnlyInEngineTestKit
    @NetnsTest
    static class NoTopologyExample {
        @Test
        void t() {
        }
    }

    @Test
    void everyEndingTearsDown() {
        SEEN.clear();
        EngineExecutionResults results = EngineRuns.run(EndingsExample.class);
        results.testEvents().assertStatistics(s -> s.started(5).succeeded(2).failed(2).aborted(1));
        assertThat(SEEN).hasSize(5 * 3);
        assertThat(LeakCheck.scan(SEEN, List.of())).isEmpty();
        assertThat(PROCESSES).singleElement().satisfies(p -> assertThat(p.isAlive()).isFalse());
    }

    @Test
    void perClassSharesOneNetwork() {
        SEEN.clear();
        PerClassExample.SANDBOXES.clear();
        EngineExecutionResults results = EngineRuns.run(PerClassExample.class, Map.of("junit.jupiter.testmethod.order.default",
                "org.junit.jupiter.api.MethodOrderer$MethodName"));
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(PerClassExample.SANDBOXES).hasSize(2);
        assertThat(PerClassExample.SANDBOXES.get(0)).isEqualTo(PerClassExample.SANDBOXES.get(1));
        assertThat(LeakCheck.scan(SEEN, List.of())).isEmpty();
    }

    @Test
    void missingTopologyIsExplained() {
        EngineExecutionResults results = EngineRuns.run(NoTopologyExample.class);
        results.containerEvents().assertStatistics(s -> s.failed(1));
        Throwable t = results.containerEvents().failed().stream().findFirst().orElseThrow()
                .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow();
        assertThat(t).hasMessageContaining("NoTopologyExample is a @NetnsTest but").hasMessageContaining("@NetworkTopology");
    }
}
