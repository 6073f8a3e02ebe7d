package dev.netns.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.InvalidInputException;
import dev.netns.testkit.PartitionPlan.Pair;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionPlanTest {
    private static final List<String> FIVE = List.of("n1", "n2", "n3", "n4", "n5");

    @Test
    void groupsAreCutPairByPairAndKeepTheirOwnLinks() {
        PartitionPlan p = PartitionPlan.between(Set.of("n1", "n2"), Set.of("n3"));
        assertThat(p.cut()).containsExactlyInAnyOrder(new Pair("n1", "n3"), new Pair("n2", "n3"));
        assertThat(PartitionPlan.isolate("n2", FIVE).cut()).hasSize(4).allMatch(c -> c.a().equals("n2"));
    }

    @Test
    void inABridgeOnlyTheMiddleHostReachesBothHalves() {
        PartitionPlan p = PartitionPlan.bridge(FIVE);
        assertThat(p.cut()).containsExactlyInAnyOrder(new Pair("n1", "n4"), new Pair("n1", "n5"),
                new Pair("n2", "n4"), new Pair("n2", "n5"));
        assertThat(p.cut()).noneMatch(c -> c.a().equals("n3") || c.b().equals("n3"));
    }

    @Test
    void inAMajoritiesRingEveryHostSeesAMajorityAndNoTwoTheSame() {
        for (int n : new int[] {5, 6, 7, 9}) {
            List<String> hosts = new java.util.ArrayList<>();
            for (int i = 1; i <= n; i++) {
                hosts.add("n" + i);
            }
            PartitionPlan p = PartitionPlan.majoritiesRing(hosts);
            Map<String, Set<String>> sees = new HashMap<>();
            for (String h : hosts) {
                sees.put(h, new HashSet<>(hosts));
            }
            for (Pair c : p.cut()) {
                sees.get(c.a()).remove(c.b());
                sees.get(c.b()).remove(c.a());
            }
            assertThat(sees.values()).as("n=%d", n).allMatch(s -> s.size() >= n / 2 + 1);
            assertThat(new HashSet<>(sees.values())).as("n=%d: distinct majorities", n).hasSize(n);
        }
    }

    @Test
    void badPatternsAreRefusedWithTheHostsNamed() {
        assertThatThrownBy(() -> PartitionPlan.between(Set.of("a"), Set.of("a", "b"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("host \"a\" is on both sides");
        assertThatThrownBy(() -> PartitionPlan.between(Set.of(), Set.of("b"))).hasMessageContaining("both sides");
        assertThatThrownBy(() -> PartitionPlan.isolate("x", FIVE)).hasMessageContaining("\"x\"");
        assertThatThrownBy(() -> PartitionPlan.majoritiesRing(List.of("a", "b", "c", "d"))).hasMessageContaining("at least 5");
        assertThatThrownBy(() -> PartitionPlan.bridge(List.of("a", "a", "b"))).hasMessageContaining("twice");
    }
}
