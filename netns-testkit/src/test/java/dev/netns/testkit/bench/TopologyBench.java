package dev.netns.testkit.bench;

import dev.netns.NatRule;
import dev.netns.NetworkStack;
import dev.netns.testkit.ExtensionBuilds;
import dev.netns.testkit.Network;
import dev.netns.testkit.Topology;
import java.util.Arrays;
import java.util.Locale;

/**
 * Median setup + teardown cost per test of a 3-host bridged topology, built as the JUnit extension
 * builds it: first without NAT, many tests in a row (a class of plain tests), then with masquerade
 * and without, alternating, and last without NAT again once the JIT compilers have settled. Not a
 * test; run as root:
 *
 * <pre>
 * mvn -q -pl netns-testkit test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java --enable-native-access=ALL-UNNAMED -cp netns-testkit/target/test-classes:netns-testkit/target/classes:$(cat /tmp/cp.txt) \
 *     dev.netns.testkit.bench.TopologyBench [iterations]
 * </pre>
 *
 * Sends no traffic at all: it only builds and removes namespaces.
 */
public final class TopologyBench {

    private TopologyBench() {
    }

    static Topology threeHosts(boolean nat) {
        Topology.Builder b = Topology.builder()
                .hosts("a", "b", "c")
                .bridge("v-net-0", "192.168.15.5/24")
                .link("a", "v-net-0", "192.168.15.1/24")
                .link("b", "v-net-0", "192.168.15.2/24")
                .link("c", "v-net-0", "192.168.15.3/24")
                .defaultRoute("a", "192.168.15.5")
                .defaultRoute("b", "192.168.15.5")
                .defaultRoute("c", "192.168.15.5")
                .forwarding(Topology.SANDBOX);
        if (nat) {
            b.nat(NatRule.masquerade("192.168.15.0/24"));
        }
        return b.build();
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int warmup = Math.max(20, iterations / 10);
        try (NetworkStack stack = NetworkStack.open(); ExtensionBuilds builds = new ExtensionBuilds(stack)) {
            // As the JUnit extension builds: a sandbox with a bridge is kept from one test to the
            // next of its topology (SandboxShelf); a NAT topology's is not.
            Topology plain = threeHosts(false);
            long[][] row = new long[3][iterations];
            for (int i = -warmup; i < iterations; i++) {
                measure(builds, plain, row, i);
            }
            System.out.printf(Locale.ROOT, "3 hosts + bridge (no NAT), %d tests in a row after %d warm-up (a class of plain tests):%n",
                    iterations, warmup);
            print("  setup+teardown", row[2]);
            print("  setup         ", row[0]);
            print("  teardown      ", row[1]);
            // The same with a test body of 5 ms (a sleep, not counted): what the testkit's work
            // between tests does when a test does something.
            long[][] bodies = new long[3][iterations];
            for (int i = -warmup; i < iterations; i++) {
                measure(builds, plain, bodies, i, BODY_NANOS);
            }
            System.out.printf(Locale.ROOT, "3 hosts + bridge (no NAT), %d tests in a row with a 5 ms body each, not counted:%n",
                    iterations);
            print("  setup+teardown", bodies[2]);
            print("  setup         ", bodies[0]);
            print("  teardown      ", bodies[1]);
            // The two variants alternate, iteration by iteration, so that JIT warm-up and the load
            // of other tenants of the machine fall on both alike: measured one block after the
            // other, the first block paid for the warm-up and the ratio drifted with the load.
            boolean[] variants = {true, false};
            Topology[] topologies = {threeHosts(true), plain};
            long[][][] t = new long[2][3][iterations];
            for (int i = -warmup; i < iterations; i++) {
                for (int v = 0; v < 2; v++) {
                    int k = (i & 1) == 0 ? v : 1 - v; // which goes first alternates too
                    measure(builds, topologies[k], t[k], i);
                }
            }
            for (int k = 0; k < 2; k++) {
                System.out.printf(Locale.ROOT, "3 hosts + bridge%s, %d iterations after %d warm-up (interleaved):%n",
                        variants[k] ? " + masquerade" : " (no NAT)", iterations, warmup);
                print("  setup+teardown", t[k][2]);
                print("  setup         ", t[k][0]);
                print("  teardown      ", t[k][1]);
            }
            // Last, so that the blocks above keep their place in the JIT's warm-up: the same plain
            // tests once the compilers have (nearly) nothing left to compile. The blocks above run
            // while C1 and C2 compile the per-test code (about a core's worth on two cores, for the
            // first couple of thousand tests); this one shows what the testkit costs without that.
            Settling settling = settleJit(builds, plain);
            long[][] settled = new long[3][iterations];
            for (int i = 0; i < iterations; i++) {
                measure(builds, plain, settled, i);
            }
            System.out.printf(Locale.ROOT, "3 hosts + bridge (no NAT), %d tests once the JIT settled (after %d more tests; %s):%n",
                    iterations, settling.tests(), settling.settled() ? "settled" : "NOT settled: stopped at the limit");
            print("  setup+teardown", settled[2]);
            print("  setup         ", settled[0]);
            print("  teardown      ", settled[1]);
        }
    }

    /** How many tests {@link #settleJit} ran, and whether the JIT settled before its limit. */
    private record Settling(int tests, boolean settled) {
    }

    /**
     * Builds until two blocks of 100 tests in a row spent under 5 % of their wall time compiling
     * (all compiler threads), or 5000 tests.
     */
    private static Settling settleJit(ExtensionBuilds builds, Topology topology) {
        final int block = 100;
        final int limit = 5000;
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        int tests = 0;
        int quiet = 0;
        while (quiet < 2) {
            if (tests >= limit) {
                return new Settling(tests, false);
            }
            long j0 = jit.getTotalCompilationTime();
            long w0 = System.nanoTime();
            for (int i = 0; i < block; i++) {
                builds.build(topology).close();
            }
            tests += block;
            long wallMs = (System.nanoTime() - w0) / 1_000_000;
            quiet = jit.getTotalCompilationTime() - j0 < 0.05 * wallMs ? quiet + 1 : 0;
        }
        return new Settling(tests, true);
    }

    private static final long BODY_NANOS = 5_000_000;

    private static void measure(ExtensionBuilds builds, Topology topology, long[][] into, int i) {
        measure(builds, topology, into, i, 0);
    }

    /**
     * One build and close, {@code bodyNanos} apart; {@code into} gets build, close and their sum at
     * {@code i} unless warming up.
     */
    private static void measure(ExtensionBuilds builds, Topology topology, long[][] into, int i, long bodyNanos) {
        long t0 = System.nanoTime();
        Network net = builds.build(topology);
        long t1 = System.nanoTime();
        if (bodyNanos > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(bodyNanos);
        }
        long t2 = System.nanoTime();
        net.close();
        long t3 = System.nanoTime();
        if (i >= 0) {
            into[0][i] = t1 - t0;
            into[1][i] = t3 - t2;
            into[2][i] = (t1 - t0) + (t3 - t2);
        }
    }

    private static void print(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%s median %6.2f ms   p10 %6.2f ms   p90 %6.2f ms   max %7.2f ms%n", what,
                ms(s[s.length / 2]), ms(s[s.length / 10]), ms(s[s.length * 9 / 10]), ms(s[s.length - 1]));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
