package dev.netns.testkit;

import static dev.netns.testkit.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.NetNamespace;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Identical topologies (same names, same addresses) run side by side under JUnit's parallel execution. */
@RequiresRoot
class ParallelExecutionTest {
    static final Map<String, String> CONFIG = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "2");
    static final AtomicInteger LIVE = new AtomicInteger();
    static final AtomicInteger MAX_LIVE = new AtomicInteger();
    static final Set<String> THREADS = ConcurrentHashMap.newKeySet();
    static final Set<String> NAMES = ConcurrentHashMap.newKeySet();

    /**
     * Waits (bounded, never failing) for a sibling test's identical network to exist too, then
     * checks that this test reaches its own services. A strict barrier would deadlock whenever the
     * parallel executor leaves one test without a partner, so the outer test asserts afterwards
     * that two networks were indeed alive at the same moment.
     */
    static void sideBySide(Network net, NetNamespace red) throws Exception {
        String mine = UUID.randomUUID().toString();
        net.serveHttp("blue", 80, 200, mine);
        net.host("blue").addRoute(dev.netns.Route.defaultVia("192.168.15.5"));
        THREADS.add(Thread.currentThread().getName());
        NAMES.addAll(net.namespaceNames());
        MAX_LIVE.accumulateAndGet(LIVE.incrementAndGet(), Math::max);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (LIVE.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            MAX_LIVE.accumulateAndGet(LIVE.get(), Math::max);
            // each test reaches its own blue at the same address, never the other test's
            assertThat(red).httpGet("http://192.168.15.2/").hasStatus(200).bodyContains(mine);
            assertThat(red).canPing("192.168.15.5");
        } finally {
            LIVE.decrementAndGet();
        }
    }

    static Topology lan(boolean named) {
        Topology.Builder b = Topology.builder().host("red").host("blue")
                .bridge("v-net-0", "192.168.15.5/24")
                .link("red", "v-net-0", "192.168.15.1/24")
                .link("blue", "v-net-0", "192.168.15.2/24");
        return (named ? b.namedNamespaces() : b).build();
    }

    @OnlyInEngineTestKit
    @NetnsTest
    static class AnonymousExample {
        @NetworkTopology
        static Topology topology() {
            return lan(false);
        }

        @RepeatedTest(6)
        void sameAddresses(Network net, @Host("red") NetNamespace red) throws Exception {
            sideBySide(net, red);
        }
    }

    @OnlyInEngineTestKit
    @NetnsTest
    static class NamedExample {
        @NetworkTopology
        static Topology topology() {
            return lan(true);
        }

        @RepeatedTest(4)
        void sameNames(Network net, @Host("red") NetNamespace red) throws Exception {
            sideBySide(net, red);
        }
    }

    @Test
    void anonymousTopologiesSideBySide() {
        THREADS.clear();
        MAX_LIVE.set(0);
        EngineExecutionResults r = EngineRuns.run(AnonymousExample.class, CONFIG);
        r.testEvents().assertStatistics(s -> s.started(6).succeeded(6));
        assertThat(THREADS).hasSizeGreaterThanOrEqualTo(2);
        assertThat(MAX_LIVE.get()).as("networks alive at the same moment").isGreaterThanOrEqualTo(2);
    }

    @Test
    void namedTopologiesSideBySide() {
        THREADS.clear();
        NAMES.clear();
        MAX_LIVE.set(0);
        EngineExecutionResults r = EngineRuns.run(NamedExample.class, CONFIG);
        r.testEvents().assertStatistics(s -> s.started(4).succeeded(4));
        assertThat(MAX_LIVE.get()).as("networks alive at the same moment").isGreaterThanOrEqualTo(2);
        assertThat(NAMES).hasSize(4 * 3);
        assertThat(List.copyOf(NAMES)).allMatch(n -> !java.nio.file.Files.exists(java.nio.file.Path.of("/run/netns", n)));
    }
}
