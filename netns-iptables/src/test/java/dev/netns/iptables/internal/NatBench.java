package dev.netns.iptables.internal;

import dev.netns.NatRule;
import dev.netns.NatRule.Protocol;
import dev.netns.NatRuleHandle;
import dev.netns.NatTable;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures applying NAT rules in a fresh anonymous namespace (needs root and netns-netlink):
 * the first rule of a new namespace, one rule, 100 rules one by one, 100 rules in one
 * {@link NatTable#applyAll}. Prints medians.
 * Sends no traffic.
 *
 * <pre>java -cp ... dev.netns.iptables.internal.NatBench [rounds]</pre>
 */
public final class NatBench {

    private NatBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        try (NetworkStack stack = NetworkStack.open(); NetNamespace ns = stack.createAnonymousNamespace()) {
            NatTable nat = ns.nat();

            long t0 = System.nanoTime();
            NatRuleHandle first = nat.apply(NatRule.masquerade("10.0.0.0/24"));
            double firstMs = ms(System.nanoTime() - t0);
            first.close();

            // One sample of the first rule is mostly noise (and JIT): repeat it, each time in a
            // namespace of its own, which is what every test of the testkit pays.
            double[] firstFresh = new double[rounds * 5];
            for (int i = 0; i < firstFresh.length; i++) {
                try (NetNamespace fresh = stack.createAnonymousNamespace()) {
                    long s = System.nanoTime();
                    fresh.nat().apply(NatRule.masquerade("10.0.0.0/24"));
                    firstFresh[i] = ms(System.nanoTime() - s);
                }
            }

            double[] one = new double[rounds * 5];
            double[] remove = new double[rounds * 5];
            for (int i = 0; i < one.length; i++) {
                long s = System.nanoTime();
                NatRuleHandle h = nat.apply(NatRule.portForward(Protocol.TCP, 8000 + i, "192.168.15.2", 80));
                one[i] = ms(System.nanoTime() - s);
                s = System.nanoTime();
                h.close();
                remove[i] = ms(System.nanoTime() - s);
            }

            double[] oneByOne = new double[rounds];
            double[] batch = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                List<NatRule> rules = hundred(r);
                long s = System.nanoTime();
                for (NatRule rule : rules) {
                    nat.apply(rule);
                }
                oneByOne[r] = ms(System.nanoTime() - s);
                nat.clear();

                s = System.nanoTime();
                nat.applyAll(rules);
                batch[r] = ms(System.nanoTime() - s);
                nat.clear();
            }
            System.out.printf("iptables variant: %s%n", ((IptablesNatTable) nat).variant());
            System.out.printf("first rule in a new namespace (detects variant, creates chains): %.1f ms%n", firstMs);
            System.out.printf("first rule in a new namespace: median %.2f ms over %d namespaces%n", median(firstFresh),
                    firstFresh.length);
            System.out.printf("apply one rule (port forward, 3 iptables lines): median %.2f ms over %d%n", median(one), one.length);
            System.out.printf("remove one rule: median %.2f ms over %d%n", median(remove), remove.length);
            System.out.printf("100 rules one by one: median %.1f ms over %d rounds%n", median(oneByOne), rounds);
            System.out.printf("100 rules in one applyAll: median %.1f ms over %d rounds%n", median(batch), rounds);
        }
    }

    private static List<NatRule> hundred(int round) {
        List<NatRule> rules = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rules.add(i % 2 == 0
                    ? NatRule.portForward(Protocol.TCP, 10000 + i, "192.168.15.2", 10000 + i)
                    : NatRule.masquerade("10." + round + "." + i + ".0/24"));
        }
        return rules;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
