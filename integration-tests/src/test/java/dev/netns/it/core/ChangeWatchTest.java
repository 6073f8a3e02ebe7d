package dev.netns.it.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.netns.ChangeSubscription;
import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import dev.netns.LinkAddress;
import dev.netns.NamespaceClosedException;
import dev.netns.NetNamespace;
import dev.netns.it.support.Procfs;
import dev.netns.NetworkChange;
import dev.netns.NetworkChange.Topic;
import dev.netns.NetworkChange.Type;
import dev.netns.Route;
import dev.netns.VethPair;
import dev.netns.WatchOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Watches: changes made by iproute2 inside a namespace arrive as events, on a thread outside every
 * namespace; a forced ENOBUFS (a tiny receive buffer and a burst of changes while the listener is
 * held) ends in a RESYNC whose snapshot is the state {@code ip} shows; a watch ends with its handle
 * and with its namespace.
 */
class ChangeWatchTest extends StackTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void changesMadeByIpArriveAsEventsOnAThreadOutside() {
        String n = P + "w";
        List<NetworkChange> seen = new CopyOnWriteArrayList<>();
        List<String> threadNs = new CopyOnWriteArrayList<>();
        try (NetNamespace ns = stack.createNamespace(n); ChangeSubscription s = ns.watch(c -> {
            threadNs.add(Procfs.currentThreadNs());
            seen.add(c);
        })) {
            Ip.run("-n", n, "link", "add", "e0", "type", "veth", "peer", "name", "e1");
            Ip.run("-n", n, "addr", "add", "10.4.0.1/24", "dev", "e0");
            Ip.run("-n", n, "link", "set", "e0", "up");
            Ip.run("-n", n, "route", "add", "10.44.0.0/16", "via", "10.4.0.9", "table", "7");
            Ip.run("-n", n, "neigh", "add", "10.4.0.9", "lladdr", "02:00:00:00:04:09", "dev", "e0", "nud", "permanent");
            Ip.run("-n", n, "rule", "add", "from", "10.4.0.0/24", "lookup", "7", "priority", "77");
            Ip.run("-n", n, "link", "del", "e0");
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(seen).anySatisfy(c -> assertThat(c.type()).isEqualTo(Type.LINK_CHANGED)
                        .satisfies(t -> assertThat(c.link().name()).isEqualTo("e0")));
                assertThat(seen).anySatisfy(c -> {
                    assertThat(c.type()).isEqualTo(Type.ADDRESS_ADDED);
                    assertThat(c.address().prefix()).isEqualTo(IpPrefix.parse("10.4.0.1/24"));
                });
                assertThat(seen).anySatisfy(c -> {
                    assertThat(c.type()).isEqualTo(Type.ROUTE_ADDED);
                    assertThat(c.route()).isEqualTo(Route.to("10.44.0.0/16").via("10.4.0.9").dev("e0").table(7));
                });
                assertThat(seen).anySatisfy(c -> {
                    assertThat(c.type()).isEqualTo(Type.NEIGHBOUR_CHANGED);
                    assertThat(c.neighbour().toString()).isEqualTo("10.4.0.9 dev e0 lladdr 02:00:00:00:04:09 PERMANENT");
                });
                assertThat(seen).anySatisfy(c -> {
                    assertThat(c.type()).isEqualTo(Type.RULE_ADDED);
                    assertThat(c.rule().priority()).isEqualTo(77L);
                    assertThat(c.rule().table()).isEqualTo(7L);
                });
                assertThat(seen).anySatisfy(c -> {
                    assertThat(c.type()).isEqualTo(Type.LINK_DELETED);
                    assertThat(c.link().name()).isEqualTo("e0");
                });
            });
            assertThat(seen).noneMatch(c -> c.type() == Type.RESYNC);
            // Delivered on the SDK's thread, which sits in the JVM's own namespace, not in n.
            assertThat(threadNs).containsOnly(Procfs.processNs());
            assertThat(s.resyncs()).isZero();
        }
    }

    @Test
    void topicsFilterWhatArrives() {
        String n = P + "wt";
        List<NetworkChange> seen = new CopyOnWriteArrayList<>();
        try (NetNamespace ns = stack.createNamespace(n);
                ChangeSubscription s = ns.watch(WatchOptions.builder().topics(Topic.ADDRESSES).build(), seen::add)) {
            VethPair v = ns.createVeth("f0", "f1");
            v.local().addAddress("10.5.0.1/24");
            await().atMost(WAIT).until(() -> !seen.isEmpty());
            Ip.run("-n", n, "addr", "add", "10.5.0.2/24", "dev", "f1");
            await().atMost(WAIT).until(() -> seen.size() >= 2);
            assertThat(seen).allMatch(c -> c.type() == Type.ADDRESS_ADDED);
        }
        assertThatThrownBy(() -> WatchOptions.builder().topics().build()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("topic");
        assertThatThrownBy(() -> WatchOptions.builder().receiveBufferBytes(12).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("12");
    }

    @Test
    void overflowEndsInResyncWithTheStateIpShows() throws Exception {
        String n = P + "wo";
        List<NetworkChange> seen = new CopyOnWriteArrayList<>();
        CountDownLatch holdFirst = new CountDownLatch(1);
        CountDownLatch inResync = new CountDownLatch(1);
        CountDownLatch holdResync = new CountDownLatch(1);
        try (NetNamespace ns = stack.createNamespace(n)) {
            VethPair v = ns.createVeth("o0", "o1");
            WatchOptions tiny = WatchOptions.builder().topics(Topic.ADDRESSES, Topic.LINKS).receiveBufferBytes(1024).build();
            try (ChangeSubscription s = ns.watch(tiny, c -> {
                try {
                    if (c.type() == Type.RESYNC && inResync.getCount() > 0) {
                        inResync.countDown();
                        holdResync.await(30, TimeUnit.SECONDS);
                    } else {
                        holdFirst.await(30, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                seen.add(c);
            })) {
                // Burst 1 while the reader is held in the first event: the socket overflows.
                for (int i = 1; i <= 100; i++) {
                    v.local().addAddress("10.6.0." + i + "/32");
                }
                holdFirst.countDown();
                assertThat(inResync.await(10, TimeUnit.SECONDS)).as("a resync after the overflow").isTrue();
                // Burst 2 while the reader is held in that resync: these changes come after its
                // re-read, so they must arrive, or be reported by a second overflow and resync.
                for (int i = 1; i <= 100; i++) {
                    v.local().addAddress("10.6.1." + i + "/32");
                }
                holdResync.countDown();
                await().atMost(WAIT).untilAsserted(() -> assertThat(seen.stream().filter(c -> c.type() == Type.RESYNC)
                        .reduce((a, b) -> b)).get().satisfies(r -> assertThat(r.addresses())
                                .anyMatch(a -> a.prefix().toString().equals("10.6.1.100/32"))));
                assertThat(s.resyncs()).isGreaterThanOrEqualTo(2);
                NetworkChange resync = seen.stream().filter(c -> c.type() == Type.RESYNC).reduce((a, b) -> b).orElseThrow();
                assertThat(resync.reason()).contains("ENOBUFS");
                Set<String> sdk = new TreeSet<>();
                for (LinkAddress a : resync.addresses()) {
                    sdk.add(a.prefix().toString());
                }
                Set<String> ip = new TreeSet<>();
                for (Map<String, Object> l : Ip.json(n, "addr", "show")) {
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> infos = (List<Map<String, Object>>) l.get("addr_info");
                    for (Map<String, Object> a : infos) {
                        ip.add(a.get("local") + "/" + a.get("prefixlen"));
                    }
                }
                assertThat(sdk).isEqualTo(ip).contains("10.6.0.100/32", "10.6.1.100/32");
                assertThat(resync.links()).extracting(l -> l.name()).contains("lo", "o0", "o1");
                assertThat(resync.routes()).isEmpty(); // not watched
                // The watch goes on after the resync.
                int before = seen.size();
                Ip.run("-n", n, "addr", "add", "10.7.0.1/32", "dev", "o1");
                await().atMost(WAIT).until(() -> seen.size() > before);
            }
        }
    }

    @Test
    void aWatchEndsWithItsNamespaceAndLeavesNoThreadInside() {
        String n = P + "we";
        NetNamespace ns = stack.createNamespace(n);
        ChangeSubscription s = ns.watch(c -> { });
        var id = ns.id();
        ns.close();
        assertThat(s.isClosed()).isTrue();
        assertThat(Procfs.threadsInside(id)).isEmpty();
        assertThat(Procfs.threadNames()).noneMatch(t -> t.startsWith("netns-watch") && t.contains(n));
        assertThatThrownBy(() -> ns.watch(c -> { })).isInstanceOf(NamespaceClosedException.class);
        s.close(); // idempotent
    }
}
