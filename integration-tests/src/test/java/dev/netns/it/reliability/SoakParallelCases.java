package dev.netns.it.reliability;

import static dev.netns.testkit.NetAssertions.assertThat;

import dev.netns.NetNamespace;
import dev.netns.testkit.Fault;
import dev.netns.testkit.Host;
import dev.netns.testkit.NetnsTest;
import dev.netns.testkit.Network;
import dev.netns.testkit.NetworkTopology;
import dev.netns.testkit.Topology;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The soak's parallel cases: named namespaces (the testkit's run-unique names under /run/netns),
 * several tests at once. Run by {@link SoakTest}; how each must end is in {@link SoakPlan}.
 */
@NetnsTest
@Execution(ExecutionMode.CONCURRENT)
class SoakParallelCases {
    private static final Duration SHORT = Duration.ofMillis(150);

    @NetworkTopology
    static Topology pair() {
        return Topology.builder().host("a").host("b")
                .link("a", "10.9.0.1/24", "b", "10.9.0.2/24")
                .namedNamespaces()
                .build();
    }

    static IntStream passes() {
        return SoakPlan.PARALLEL_PASSES.rounds();
    }

    @ParameterizedTest
    @MethodSource
    void passes(int round, @Host("a") NetNamespace a, Network net) {
        net.listenTcp("b", 80);
        try (Fault cut = round % 2 == 0 ? net.partition("a", "b") : net.resetNewConnections("a", "b")) {
            assertThat(a).withTimeout(SHORT).cannotConnect("10.9.0.2", 80);
        }
        assertThat(a).canPing("10.9.0.2").canConnect("10.9.0.2", 80);
    }

    static IntStream assertionFails() {
        return SoakPlan.PARALLEL_FAILS.rounds();
    }

    @ParameterizedTest
    @MethodSource
    void assertionFails(int round, @Host("a") NetNamespace a) {
        assertThat(a).withTimeout(SHORT).cannotPing("10.9.0.2");
    }
}
