package dev.netns.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.NetworkStack;
import dev.netns.it.support.Footprint;
import dev.netns.testkit.RequiresRoot;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The storm: {@value #THREADS} threads (default {@value #DEFAULT_THREADS}; half of them virtual
 * where the JDK has virtual threads, 21+), {@value #OPS} operations each (default
 * {@value #DEFAULT_OPS}), in an order drawn from {@value #SEED} (printed): namespaces, veths,
 * bridges, addresses, routes, NAT rules, filter rules and impairments created and deleted, every
 * result checked by {@link StormWorker} against the SDK's dumps and, sampled, iproute2's and nft's.
 * Afterwards the JVM holds no more descriptors, threads or namespaces than before. CI runs the
 * defaults; {@code -Dnetns.storm.threads=32 -Dnetns.storm.ops=1000} is the full storm.
 */
@RequiresRoot
@Tag("reliability")
class StormTest {
    static final String THREADS = "netns.storm.threads";
    static final String OPS = "netns.storm.ops";
    static final String SEED = "netns.storm.seed";
    static final int DEFAULT_THREADS = 8;
    static final int DEFAULT_OPS = 250;

    @Test
    void storm() throws Exception {
        int threads = Integer.getInteger(THREADS, DEFAULT_THREADS);
        int ops = Integer.getInteger(OPS, DEFAULT_OPS);
        long seed = Long.getLong(SEED, System.nanoTime());
        Random seeds = new Random(seed);
        Method ofVirtual = virtualThreads();
        System.out.println("storm: seed " + seed + " (-D" + SEED + "=" + seed + "), " + threads + " threads ("
                + (ofVirtual == null ? "all platform: no virtual threads before Java 21" : "half virtual") + ") x " + ops + " ops");
        List<StormWorker> workers = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        // A first stack warms up what the JVM keeps for good (JNA, JDK pools); the baseline is
        // taken between the two, and the check after the storm's stack is closed (a stack keeps
        // one namespace made ahead of time).
        try (NetworkStack warm = NetworkStack.open(); dev.netns.NetNamespace ns = warm.createAnonymousNamespace()) {
            ns.exec("true");
        }
        if (ofVirtual != null) {
            Thread warmUp = unstartedVirtual(ofVirtual, () -> { }); // the JDK's virtual-thread scheduler, for good
            warmUp.start();
            warmUp.join();
        }
        Footprint before = Footprint.take(name -> false);
        long millis;
        try (NetworkStack stack = NetworkStack.open()) {
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                StormWorker w = new StormWorker(t, ops, seeds.nextLong(), stack);
                workers.add(w);
                Thread thread = ofVirtual != null && t % 2 == 1 ? unstartedVirtual(ofVirtual, w) : new Thread(w, "storm-" + t);
                running.add(thread);
            }
            running.forEach(Thread::start);
            for (Thread thread : running) {
                thread.join();
            }
            millis = (System.nanoTime() - start) / 1_000_000;
        }
        List<String> failures = workers.stream().map(w -> w.failure).filter(f -> f != null).toList();
        int done = workers.stream().mapToInt(w -> w.done).sum();
        int sampled = workers.stream().mapToInt(w -> w.sampled).sum();
        List<String> leaks = settle(before);
        System.out.printf("storm: %d of %d ops in %.1f s (%.0f ops/s), %d checks by ip/nft/tc, failures: %s, leaks: %s%n",
                done, threads * ops, millis / 1000.0, done * 1000.0 / Math.max(1, millis), sampled,
                failures.isEmpty() ? "none" : failures, leaks.isEmpty() ? "none" : leaks);
        assertThat(failures).isEmpty();
        assertThat(leaks).isEmpty();
    }

    private static List<String> settle(Footprint before) throws InterruptedException {
        List<String> leaks = List.of();
        for (int i = 0; i < 450; i++) { // 90 s: idle JDK pool threads ("process reaper") end after 60 s
            System.gc();
            leaks = Footprint.take(name -> false).leaksSince(before, 0);
            if (leaks.isEmpty()) {
                break;
            }
            Thread.sleep(200);
        }
        return leaks;
    }

    /** Thread.ofVirtual() where the JDK has it (21+); the build targets 17. */
    private static Method virtualThreads() {
        try {
            return Thread.class.getMethod("ofVirtual");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Thread unstartedVirtual(Method ofVirtual, Runnable task) throws Exception {
        Object builder = ofVirtual.invoke(null);
        return (Thread) Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class).invoke(builder, task);
    }
}
