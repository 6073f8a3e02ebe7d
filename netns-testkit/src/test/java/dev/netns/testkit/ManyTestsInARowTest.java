package dev.netns.testkit;

import static dev.netns.testkit.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.NetNamespace;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** 200 tests in a row, each with new hosts (and the sandbox kept between them), leave the machine and the JVM as they found them. */
@RequiresRoot
class ManyTestsInARowTest {

    @OnlyInEngineTestKit
    @NetnsTest
    static class TwoHundredExample {
        @NetworkTopology
        static Topology topology() {
            return Topology.builder().host("red").host("blue")
                    .bridge("br0", "10.2.0.254/24")
                    .link("red", "br0", "10.2.0.1/24")
                    .link("blue", "br0", "10.2.0.2/24")
                    .build();
        }

        @RepeatedTest(200)
        void ping(@Host("red") NetNamespace red) {
            // The bridge's own address first: what the bridge itself sends is dropped until the
            // kernel's link watcher has seen its carrier come, which the build waits for. Without
            // that wait about 1 in 100 of these first pings went unanswered.
            assertThat(red).canPing("10.2.0.254").canPing("10.2.0.2");
        }
    }

    @Test
    void nothingLeftBehind() {
        MachineState before = MachineState.capture();
        EngineExecutionResults r = EngineRuns.run(TwoHundredExample.class);
        assertThat(r.testEvents().failed().stream()
                .map(e -> e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable()
                        .map(t -> e.getTestDescriptor().getDisplayName() + ": " + t).orElse("?")))
                .isEmpty();
        r.testEvents().assertStatistics(s -> s.started(200).succeeded(200));
        MachineState after = MachineState.capture();
        assertThat(after.machineLinks()).isEqualTo(before.machineLinks());
        assertThat(after.runNetns()).isEqualTo(before.runNetns());
        assertThat(after.netnsFds()).isEqualTo(before.netnsFds());
        assertThat(after.foreignThreads()).hasSameSizeAs(before.foreignThreads());
    }
}
