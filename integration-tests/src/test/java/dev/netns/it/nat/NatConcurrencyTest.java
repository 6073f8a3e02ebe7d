package dev.netns.it.nat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.NatRule;
import dev.netns.NatRule.Protocol;
import dev.netns.NatRuleHandle;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import dev.netns.testkit.RequiresRoot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 8 threads applying and removing rules in one namespace, each through its own table: none lost. */
@RequiresRoot
class NatConcurrencyTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {NatLab.NFTABLES, NatLab.IPTABLES})
    void eightThreadsLoseNone(String backend) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (NetworkStack stack = NatLab.openStack(backend); NetNamespace ns = stack.createAnonymousNamespace()) {
            CyclicBarrier start = new CyclicBarrier(8);
            List<Future<List<NatRuleHandle>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<NatRuleHandle> kept = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        NatRule rule = i % 3 == 0
                                ? NatRule.masquerade("10." + thread + "." + i + ".0/24")
                                : NatRule.portForward(i % 2 == 0 ? Protocol.TCP : Protocol.UDP, 20000 + thread * 100 + i,
                                        "192.168.15.2", 80);
                        NatRuleHandle h = ns.nat().apply(rule);
                        if (i % 2 == 0) {
                            h.close();
                        } else {
                            kept.add(h);
                        }
                    }
                    return kept;
                }));
            }
            Set<String> kept = new HashSet<>();
            for (Future<List<NatRuleHandle>> f : futures) {
                f.get(120, TimeUnit.SECONDS).forEach(h -> kept.add(h.id()));
            }
            assertThat(kept).hasSize(40);
            assertThat(ns.nat().rules()).hasSize(40);

            String save = NatLab.rules(ns, backend);
            Set<String> inKernel = new HashSet<>();
            Matcher m = Pattern.compile("netns:([0-9a-f]+)").matcher(save);
            while (m.find()) {
                inKernel.add(m.group(1));
            }
            assertThat(inKernel).isEqualTo(kept);
            // The table, chains or jumps were made once, not once per racing thread.
            if (backend.equals(NatLab.IPTABLES)) {
                assertThat(save.lines().filter(l -> l.equals("-A POSTROUTING -j NETNS-POSTROUTING"))).hasSize(1);
            } else {
                assertThat(save.lines().filter(l -> l.startsWith("table inet netns"))).hasSize(1);
                assertThat(save.lines().filter(l -> l.contains("chain postrouting"))).hasSize(1);
            }
            ns.nat().clear();
        } finally {
            pool.shutdownNow();
        }
    }
}
