package dev.netns.it.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netns.LinkInfo;
import dev.netns.NamespaceId;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import dev.netns.VethPair;
import dev.netns.it.support.Procfs;
import dev.netns.testkit.RequiresRoot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The threading rules of DESIGN.md, checked from /proc: once a namespace is closed no JVM thread is
 * still inside it (a thread inside keeps a deleted namespace alive), and the SDK never moves a
 * caller's thread, platform or virtual, into another namespace.
 */
@RequiresRoot
class ThreadHygieneTest {
    /** Thread exit is asynchronous to join(): the kernel may show the task for a moment longer. */
    private static final Duration THREAD_EXIT = Duration.ofSeconds(5);

    private static NetworkStack stack;
    private static String home;

    @BeforeAll
    static void open() {
        home = Procfs.currentThreadNs();
        stack = NetworkStack.open();
    }

    @AfterAll
    static void close() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void noThreadStaysInsideAfterCallExecPingAndSysctl() {
        List<NamespaceId> ids = new ArrayList<>();
        String name = Procfs.uniquePrefix() + "threads";
        for (NetNamespace ns : List.of(stack.createAnonymousNamespace(), stack.createNamespace(name))) {
            NamespaceId id = ns.id();
            ids.add(id);
            try {
                String inside = ns.call(Procfs::currentThreadNs);
                assertThat(inside).isEqualTo("net:[" + id.inode() + "]").isNotEqualTo(home);
                assertThat(ns.exec("true").exitCode()).isZero();
                assertThat(ns.ping("127.0.0.1").reachable()).isTrue();
                ns.setSysctl("net.ipv4.ip_forward", "1");
                assertThat(ns.sysctl("net.ipv4.ip_forward")).isEqualTo("1");
                // A thread a task starts begins inside the namespace; it ends before close.
                String child = ns.call(() -> {
                    String[] seen = new String[1];
                    Thread t = new Thread(() -> seen[0] = Procfs.currentThreadNs(), "it-core-child");
                    t.start();
                    t.join();
                    return seen[0];
                });
                assertThat(child).isEqualTo(inside);
                assertThat(Procfs.threadsInside(id)).as("the worker is inside while open").isNotEmpty();
            } finally {
                ns.close();
            }
            await().atMost(THREAD_EXIT).untilAsserted(() ->
                    assertThat(Procfs.threadsInside(id)).as("threads inside closed %s", id).isEmpty());
        }
        assertThat(Procfs.currentThreadNs()).isEqualTo(home);
        assertThat(Ip.netnsList()).doesNotContain(name);
    }

    @Test
    void handlesWorkFromPlatformThreadsWithoutMovingThem() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            useFromOtherThreads(pool);
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void handlesWorkFromVirtualThreadsWithoutMovingThem() throws Exception {
        ExecutorService virtual;
        try {
            // Java 21+ only; the baseline is 17, so look it up by reflection.
            virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (NoSuchMethodException e) {
            Assumptions.abort("virtual threads need Java 21+, running on " + Runtime.version());
            return;
        }
        try {
            useFromOtherThreads(virtual);
        } finally {
            virtual.shutdown();
            assertThat(virtual.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** 16 tasks at once on {@code executor}, each using shared handles and checking its own thread. */
    private static void useFromOtherThreads(ExecutorService executor) throws Exception {
        NetNamespace a = stack.createAnonymousNamespace();
        NetNamespace b = stack.createAnonymousNamespace();
        NamespaceId ida = a.id();
        NamespaceId idb = b.id();
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int n = i;
                Callable<String> task = () -> {
                    String before = Procfs.currentThreadNs();
                    VethPair v = a.createVeth("x" + n, "y" + n, b);
                    v.local().addAddress("10.70." + n + ".1/24").up();
                    v.peer().addAddress("10.70." + n + ".2/24").up();
                    String inside = a.call(Procfs::currentThreadNs);
                    assertThat(a.sysctl("net.ipv4.conf.x" + n + ".forwarding")).isEqualTo("0");
                    assertThat(b.exec("cat", "/proc/sys/net/ipv4/ip_forward").orThrow().stdout()).isEqualTo("0\n");
                    // A fresh veth passes traffic only once the kernel's link watcher has activated
                    // it (up to ~1 s), so the first echo may be dropped: retry until one is answered, on this
                    // (possibly virtual) thread, which is the one under test.
                    await().pollInSameThread().atMost(Duration.ofSeconds(5)).until(() -> a.ping("10.70." + n + ".2").reachable());
                    assertThat(b.links()).extracting(LinkInfo::name).contains("y" + n);
                    String after = Procfs.currentThreadNs();
                    assertThat(inside).isEqualTo("net:[" + ida.inode() + "]");
                    assertThat(after).as("caller thread's namespace after SDK calls").isEqualTo(before);
                    return after;
                };
                results.add(executor.submit(task));
            }
            for (Future<String> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(home);
            }
            assertThat(a.links()).hasSize(17);
        } finally {
            a.close();
            b.close();
        }
        await().atMost(THREAD_EXIT).untilAsserted(() -> {
            assertThat(Procfs.threadsInside(ida)).isEmpty();
            assertThat(Procfs.threadsInside(idb)).isEmpty();
        });
        assertThat(Procfs.currentThreadNs()).isEqualTo(home);
    }
}
