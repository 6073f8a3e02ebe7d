package dev.netns.testkit.bench;

import dev.netns.NatRule;
import dev.netns.NetworkStack;
import dev.netns.testkit.Network;
import dev.netns.testkit.Topology;
import java.util.Arrays;
import java.util.Locale;

/**
 * Median setup + teardown cost per test of a 3-host bridged topology with masquerade: what the
 * extension pays around every test method. Not a test; run as root:
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
        try (NetworkStack stack = NetworkStack.open()) {
            // The two variants alternate, iteration by iteration, so that JIT warm-up and the load
            // of other tenants of the machine fall on both alike: measured one block after the
            // other, the first block paid for the warm-up and the ratio drifted with the load.
            boolean[] variants = {true, false};
            Topology[] topologies = {threeHosts(true), threeHosts(false)};
            long[][] build = new long[2][iterations];
            long[][] close = new long[2][iterations];
            long[][] total = new long[2][iterations];
            for (int i = -warmup; i < iterations; i++) {
                for (int v = 0; v < 2; v++) {
                    int k = (i & 1) == 0 ? v : 1 - v; // which goes first alternates too
                    long t0 = System.nanoTime();
                    Network net = topologies[k].build(stack);
                    long t1 = System.nanoTime();
                    net.close();
                    long t2 = System.nanoTime();
                    if (i >= 0) {
                        build[k][i] = t1 - t0;
                        close[k][i] = t2 - t1;
                        total[k][i] = t2 - t0;
                    }
                }
            }
            for (int k = 0; k < 2; k++) {
                System.out.printf(Locale.ROOT, "3 hosts + bridge%s, %d iterations after %d warm-up (interleaved):%n",
                        variants[k] ? " + masquerade" : " (no NAT)", iterations, warmup);
                print("  setup+teardown", total[k]);
                print("  setup         ", build[k]);
                print("  teardown      ", close[k]);
            }
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
