package dev.netns.testkit;

import dev.netns.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which pairs of hosts a group partition cuts. Every pattern comes down to a set of pairs cut both
 * ways, so one mechanism (the pairwise partition) carries all of them, and a test can print
 * exactly what was cut.
 *
 * @param cut the pairs, each once, in a stable order
 */
record PartitionPlan(List<Pair> cut) {

    /** Two hosts that cannot reach each other while the partition holds. */
    record Pair(String a, String b) {
        @Override
        public String toString() {
            return a + " | " + b;
        }
    }

    PartitionPlan {
        cut = List.copyOf(cut);
    }

    /** Every host of {@code side} cut from every host of {@code other}; each side keeps its own links. */
    static PartitionPlan between(Set<String> side, Set<String> other) {
        if (side.isEmpty() || other.isEmpty()) {
            throw new InvalidInputException("a partition needs hosts on both sides, got " + side + " and " + other);
        }
        for (String h : side) {
            if (other.contains(h)) {
                throw new InvalidInputException("host \"" + h + "\" is on both sides of the partition " + side + " | " + other);
            }
        }
        List<Pair> pairs = new ArrayList<>();
        for (String a : side) {
            for (String b : other) {
                pairs.add(new Pair(a, b));
            }
        }
        return new PartitionPlan(pairs);
    }

    /** {@code host} cut from every other host of {@code all}. */
    static PartitionPlan isolate(String host, List<String> all) {
        Set<String> others = new LinkedHashSet<>(all);
        if (!others.remove(host)) {
            throw new InvalidInputException("cannot isolate \"" + host + "\": it is not among " + all);
        }
        return between(Set.of(host), others);
    }

    /**
     * Jepsen's "bridge": the hosts split into two halves that cannot reach each other, except
     * through the one host in the middle, which reaches both. Needs at least 3 hosts.
     */
    static PartitionPlan bridge(List<String> hosts) {
        List<String> h = distinct(hosts, 3, "a bridge partition");
        int middle = h.size() / 2;
        Set<String> left = new LinkedHashSet<>(h.subList(0, middle));
        Set<String> right = new LinkedHashSet<>(h.subList(middle + 1, h.size()));
        return between(left, right);
    }

    /**
     * Jepsen's "majorities ring": the hosts in a ring, each still reaching its nearest neighbours
     * on both sides, enough that every host sees a majority (itself included) but no two see the
     * same one. Needs at least 5 hosts (with fewer, every majority is the same).
     */
    static PartitionPlan majoritiesRing(List<String> hosts) {
        List<String> h = distinct(hosts, 5, "a majorities-ring partition");
        int n = h.size();
        int majority = n / 2 + 1;
        int reach = majority / 2; // neighbours kept on each side: with itself, at least a majority
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int distance = Math.min(j - i, n - (j - i));
                if (distance > reach) {
                    pairs.add(new Pair(h.get(i), h.get(j)));
                }
            }
        }
        return new PartitionPlan(pairs);
    }

    private static List<String> distinct(List<String> hosts, int min, String what) {
        List<String> h = List.copyOf(new LinkedHashSet<>(hosts));
        if (h.size() != hosts.size()) {
            throw new InvalidInputException(what + " names a host twice: " + hosts);
        }
        if (h.size() < min) {
            throw new InvalidInputException(what + " needs at least " + min + " hosts, got " + hosts);
        }
        return h;
    }

    @Override
    public String toString() {
        return cut.toString();
    }
}
