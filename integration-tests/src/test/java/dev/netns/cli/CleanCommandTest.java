package dev.netns.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.netns.it.reliability.ChildJvm;
import dev.netns.it.support.Footprint;
import dev.netns.testkit.NetnsTest;
import dev.netns.testkit.NetworkTopology;
import dev.netns.testkit.RequiresRoot;
import dev.netns.testkit.Topology;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Two SDK JVMs at once, one killed: the testkit at the start of a run and {@code ./netns clean}
 * remove the dead one's names, and leave the live one's, its released name and a name made by
 * {@code ip netns add}.
 */
@RequiresRoot
@Tag("reliability")
class CleanCommandTest {

    /** A test run of its own, started through the engine: its start is what cleans. */
    @NetnsTest
    static class OneTestRun {
        @NetworkTopology
        static Topology one() {
            return Topology.builder().host("a").build();
        }

        @Test
        void runs() {
        }
    }

    @Test
    void cleansOnlyTheDeadJvmsUnreleasedNames() throws Exception {
        String run = "k9c-" + Long.toString(ProcessHandle.current().pid(), 36);
        String foreign = run + "-iproute2";
        ChildJvm.exec("ip", "netns", "add", foreign);
        try (ChildJvm live = new ChildJvm("hold", run + "-live", 0);
             ChildJvm dead = new ChildJvm("hold", run + "-dead", 0)) {
            live.await("HELD", 60_000);
            dead.await("HELD", 60_000);
            Set<String> liveNames = Footprint.runNetnsNames(live.itsNames());
            Set<String> deadNames = Footprint.runNetnsNames(dead.itsNames());
            assertThat(liveNames).hasSize(5).contains(run + "-live-held", run + "-live-released"); // + red, blue, sandbox
            assertThat(deadNames).hasSize(5);
            dead.kill();

            // 1. the testkit, when a run starts
            EngineTestKit.engine("junit-jupiter").selectors(selectClass(OneTestRun.class)).execute()
                    .testEvents().assertStatistics(s -> s.succeeded(1));
            assertThat(Footprint.runNetnsNames(dead.itsNames())).containsExactly(run + "-dead-released");
            assertThat(Footprint.runNetnsNames(live.itsNames())).isEqualTo(liveNames);
            assertThat(Footprint.runNetnsNames(foreign::equals)).containsExactly(foreign);

            // 2. ./netns clean, once the second JVM is dead too
            live.kill();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(Main.run(List.of("clean"), new PrintStream(out, true, StandardCharsets.UTF_8))).isZero();
            // Another JVM's testkit starting meanwhile may have cleaned first: what counts is what is left.
            assertThat(out.toString(StandardCharsets.UTF_8)).containsAnyOf("removed " + run + "-live-held",
                    "no namespace left behind by a dead SDK process");
            assertThat(Footprint.runNetnsNames(live.itsNames())).containsExactly(run + "-live-released");
            assertThat(Footprint.runNetnsNames(foreign::equals)).containsExactly(foreign);
        } finally {
            for (String name : Footprint.runNetnsNames(n -> n.startsWith(run))) {
                ChildJvm.exec("ip", "netns", "del", name);
            }
        }
    }
}
