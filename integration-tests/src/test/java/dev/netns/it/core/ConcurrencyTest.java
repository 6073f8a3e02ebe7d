package dev.netns.it.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netns.AlreadyExistsException;
import dev.netns.LinkInfo;
import dev.netns.NamespaceId;
import dev.netns.NetNamespace;
import dev.netns.VethPair;
import dev.netns.it.support.Procfs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Eight threads creating and deleting namespaces at once, sharing one stack and one hub namespace. */
class ConcurrencyTest extends StackTestSupport {
    private static final int THREADS = 8;
    private static final int ROUNDS = 25;

    @Test
    void eightThreadsCreateAndDeleteNamespacesWithVeths() throws Exception {
        String prefix = Procfs.uniquePrefix();
        int fds = Procfs.steadyOpenFds(stack);
        Set<String> names = ConcurrentHashMap.newKeySet();
        Set<NamespaceId> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (NetNamespace hub = stack.createAnonymousNamespace()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    int made = 0;
                    for (int r = 0; r < ROUNDS; r++) {
                        boolean named = (r + thread) % 2 == 0;
                        String name = prefix + thread + "-" + r;
                        NetNamespace ns = named ? stack.createNamespace(name) : stack.createAnonymousNamespace();
                        try {
                            if (named) {
                                assertThat(names.add(name)).as("name %s made twice", name).isTrue();
                            }
                            // Namespaces alive at the same time never share an identity.
                            assertThat(ids.add(ns.id())).as("id %s handed out twice", ns.id()).isTrue();
                            String peer = "h" + thread + "x" + r;
                            VethPair v = ns.createVeth("v0", peer, hub);
                            v.local().addAddress("10.90." + thread + ".1/24").up();
                            assertThat(ns.links()).extracting(LinkInfo::name).containsExactlyInAnyOrder("lo", "v0");
                            assertThat(hub.link(peer).index()).isEqualTo(v.peer().index());
                            made++;
                        } finally {
                            ids.remove(ns.id());
                            ns.close();
                        }
                    }
                    return made;
                }));
            }
            go.countDown();
            for (Future<Integer> f : done) {
                assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(ROUNDS);
            }
            assertThat(names).hasSize(THREADS * ROUNDS / 2);
            // Each namespace took its veth with it; the kernel removes the hub's ends asynchronously.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(hub.links()).extracting(LinkInfo::name).containsExactly("lo"));
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Ip.netnsList()).noneMatch(n -> n.startsWith(prefix));
        assertThat(stack.namespaceNames()).noneMatch(n -> n.startsWith(prefix));
        // The pool's threads are gone, so their descriptors-free exit leaves the count where it was.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Procfs.openFds()).isEqualTo(fds));
    }

    @Test
    void oneNameCreatedByEightThreadsAtOnceHasExactlyOneWinner() throws Exception {
        String name = Procfs.uniquePrefix() + "race";
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<NetNamespace> winners = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<NetNamespace>> tries = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                tries.add(pool.submit(() -> {
                    go.await();
                    try {
                        return stack.createNamespace(name);
                    } catch (AlreadyExistsException lost) {
                        assertThat(lost).hasMessageContaining(name);
                        return null;
                    }
                }));
            }
            go.countDown();
            for (Future<NetNamespace> f : tries) {
                NetNamespace ns = f.get(30, TimeUnit.SECONDS);
                if (ns != null) {
                    winners.add(ns);
                }
            }
            assertThat(winners).hasSize(1);
            // The losers did not disturb the winner's name.
            assertThat(Ip.run("netns", "exec", name, "readlink", "/proc/self/ns/net").strip())
                    .isEqualTo("net:[" + winners.get(0).id().inode() + "]");
        } finally {
            winners.forEach(NetNamespace::close);
            pool.shutdownNow();
            Ip.tryRun("netns", "del", name); // only if a failure above left it
        }
        assertThat(Ip.netnsList()).doesNotContain(name);
    }
}
