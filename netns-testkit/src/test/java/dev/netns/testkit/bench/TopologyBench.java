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
            for (boolean nat : new boolean[] {true, false}) {
                Topology t = threeHosts(nat);
                long[] build = new long[iterations];
                long[] close = new long[iterations];
                long[] total = new long[iterations];
                for (int i = -warmup; i < iterations; i++) {
                    long t0 = System.nanoTime();
                    Network net = t.build(stack);
                    long t1 = System.nanoTime();
                    net.close();
                    long t2 = System.nanoTime();
                    if (i >= 0) {
                        build[i] = t1 - t0;
                        close[i] = t2 - t1;
                        total[i] = t2 - t0;
                    }
                }
                System.out.printf(Locale.ROOT, "3 hosts + bridge%s, %d iterations after %d warm-up:%n",
                        nat ? " + masquerade" : " (no NAT)", iterations, warmup);
                print("  setup+teardown", total);
                print("  setup         ", build);
                print("  teardown      ", close);
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
