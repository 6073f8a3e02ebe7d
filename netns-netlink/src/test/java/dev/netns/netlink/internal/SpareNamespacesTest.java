package dev.netns.netlink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.NamespaceId;
import dev.netns.NetnsException;
import dev.netns.netlink.internal.SpareNamespaces.Spare;
import dev.netns.netlink.internal.libc.LibC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who makes the spare namespaces, and how many the pool keeps. The spares here are stand-ins (a
 * descriptor of /dev/null and a netlink socket, which need no privileges): what is tested is the
 * pool's bookkeeping across its two threads, with real anchors.
 */
@Timeout(60)
class SpareNamespacesTest {
    private int hostNsFd;
    private Anchor anchor;
    private Anchor background;
    private SpareNamespaces pool;
    /** The threads the maker ran on, with their nice values. */
    private final Set<String> makers = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void anchors() {
        hostNsFd = LibC.open("/proc/self/ns/net", LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        anchor = new Anchor(hostNsFd);
        background = anchor.background();
    }

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
        background.close();
        anchor.close();
        // the anchors end after their queued tasks; a stand-in needs no way home, so no wait here
        NetlinkSocket.closeQuietly(hostNsFd);
    }

    @Test
    void theBackgroundThreadKeepsThePoolFullAtTheLowestPriority() throws Exception {
        pool = new SpareNamespaces(anchor, background, new CallerActivity(), on -> standIn());
        pool.take().close();
        awaitTrue(() -> pool.readyCount() == SpareNamespaces.READY, "the pool to fill");
        for (int i = 0; i < SpareNamespaces.READY - SpareNamespaces.LOW; i++) {
            pool.take().close(); // taken from the pool, leaving LOW: refilled in the background only
        }
        awaitTrue(() -> pool.readyCount() == SpareNamespaces.READY, "the pool to fill again");
        // The anchor keeps the nice value of the thread that started it (this one's).
        assertThat(makers).as("the threads that made spares, with their nice values")
                .contains("netns-spares nice=" + Anchor.BACKGROUND_NICE)
                .allMatch(m -> m.equals("netns-spares nice=" + Anchor.BACKGROUND_NICE) || m.equals(anchorAtOurNice()));
    }

    @Test
    void aCallerFindingThePoolEmptyIsServedByTheAnchorWhileTheBackgroundThreadIsStuck() throws Exception {
        CountDownLatch unstick = new CountDownLatch(1);
        pool = new SpareNamespaces(anchor, background, new CallerActivity(), on -> {
            if (on == background) {
                unstick.await(); // starved: a busy machine gives it no CPU
            }
            return standIn();
        });
        List<Spare> taken = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                taken.add(pool.take());
            }
            assertThat(makers).containsOnly(anchorAtOurNice());
        } finally {
            unstick.countDown();
            taken.forEach(Spare::close);
        }
        awaitTrue(() -> pool.readyCount() == SpareNamespaces.READY, "the pool to fill once unstuck");
    }

    @Test
    void duringABurstTheBackgroundThreadStartsNoFillBesideTheAnchor() throws Exception {
        AtomicInteger backgroundFills = new AtomicInteger();
        AtomicBoolean slowBackground = new AtomicBoolean();
        CountDownLatch backgroundIn = new CountDownLatch(1);
        CountDownLatch backgroundGo = new CountDownLatch(1);
        pool = new SpareNamespaces(anchor, background, new CallerActivity(), on -> {
            if (on == background) {
                backgroundFills.incrementAndGet();
                if (slowBackground.get()) {
                    // Starved on a busy machine: held, not slept, so that the burst surely starts
                    // while this fill is still running, however the threads are scheduled.
                    backgroundIn.countDown();
                    backgroundGo.await();
                }
            }
            return standIn();
        });
        pool.take().close();
        awaitTrue(() -> pool.readyCount() == SpareNamespaces.READY, "the pool to fill");
        slowBackground.set(true);
        int before = backgroundFills.get();
        List<Spare> taken = new ArrayList<>();
        try {
            taken.add(pool.take()); // starts a background refill
            assertThat(backgroundIn.await(10, TimeUnit.SECONDS)).as("the background refill started").isTrue();
            taken.add(pool.take());
            taken.add(pool.take()); // fewer than LOW left: the anchor's burst starts before take returns
            backgroundGo.countDown(); // the background's fill ends during the burst
            for (int i = 0; i < 23; i++) {
                taken.add(pool.take()); // the pool runs dry: bursts, served by the anchor
                Thread.sleep(3); // 69 ms in all: several background fills' time
            }
            assertThat(backgroundFills.get() - before).as("background fills started during the burst").isEqualTo(1);
        } finally {
            backgroundGo.countDown();
            taken.forEach(Spare::close);
        }
        awaitTrue(() -> pool.readyCount() == SpareNamespaces.READY, "the pool to fill after the burst");
    }

    @Test
    void burstsFromManyThreadsLeaveExactlyTheReadyNumber() throws Exception {
        pool = new SpareNamespaces(anchor, background, new CallerActivity(), on -> {
            Thread.sleep(1); // a namespace takes about a millisecond: the two threads race
            return standIn();
        });
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 6; c++) {
                done.add(callers.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        pool.take().close();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
        awaitTrue(() -> pool.readyCount() == SpareNamespaces.READY, "the pool to fill");
        Thread.sleep(100); // any fill still running would show as one too many
        assertThat(pool.readyCount()).isEqualTo(SpareNamespaces.READY);
    }

    @Test
    void aSpareMadeAfterCloseIsReleased() throws Exception {
        CountDownLatch unstick = new CountDownLatch(1);
        AtomicBoolean stick = new AtomicBoolean();
        List<Spare> fromBackground = new CopyOnWriteArrayList<>();
        pool = new SpareNamespaces(anchor, background, new CallerActivity(), on -> {
            Spare s = standIn();
            if (on == background && stick.get()) {
                fromBackground.add(s);
                unstick.await(); // still making it when the stack closes
            }
            return s;
        });
        // A burst: the anchor fills the pool. If it fills all four before this thread wakes to take
        // its own, the background makes the fourth again: that one must not stick.
        pool.take().close();
        awaitTrue(() -> pool.readyCount() == SpareNamespaces.READY, "the pool to fill");
        Thread.sleep(SpareNamespaces.QUIET_AFTER_BURST_NANOS / 1_000_000 + 20);
        stick.set(true);
        pool.take().close(); // the background refills, and sticks
        awaitTrue(() -> !fromBackground.isEmpty(), "the background refill to start");
        pool.close();
        unstick.countDown();
        Spare late = fromBackground.get(0);
        awaitTrue(() -> !Files.exists(Path.of("/proc/self/fd/" + late.fd())), "the late spare's descriptor to close");
    }

    @Test
    void aFailureReachesTheCallerOnceAndTheNextTakeTriesAgain() throws Exception {
        AtomicInteger failures = new AtomicInteger(2);
        pool = new SpareNamespaces(anchor, background, new CallerActivity(), on -> {
            if (failures.getAndDecrement() > 0) {
                throw new NetnsException("no namespace today");
            }
            return standIn();
        });
        assertThatThrownBy(pool::take).isInstanceOf(NetnsException.class).hasMessageContaining("no namespace today");
        Spare s = takeWithin(5); // a failure meant for the first taker may reach this one once
        s.close();
        pool.take().close(); // reported once: later takes are not failed by it
    }

    @Test
    void aRefillThatFailsWithNobodyWaitingFailsNoLaterTake() throws Exception {
        AtomicBoolean failing = new AtomicBoolean();
        CountDownLatch failed = new CountDownLatch(1);
        pool = new SpareNamespaces(anchor, background, new CallerActivity(), on -> {
            if (failing.get()) {
                failed.countDown();
                throw new NetnsException("no namespace today");
            }
            return standIn();
        });
        pool.take().close();
        awaitTrue(() -> pool.readyCount() == SpareNamespaces.READY, "the pool to fill");
        failing.set(true);
        List<Spare> taken = new ArrayList<>();
        try {
            for (int i = 0; i <= SpareNamespaces.READY - SpareNamespaces.LOW; i++) {
                taken.add(pool.take()); // the last leaves fewer than LOW: the anchor refills, and fails
            }
            assertThat(failed.await(5, TimeUnit.SECONDS)).as("the refill ran and failed").isTrue();
            // Each anchor runs its tasks in order: once these no-ops ran, no fill that saw the
            // maker failing is still deciding whether to keep its failure.
            anchor.submit(() -> null).get(5, TimeUnit.SECONDS);
            background.submit(() -> null).get(5, TimeUnit.SECONDS);
            assertThat(pool.keepsFailure()).as("a failure kept with nobody waiting").isFalse();
            failing.set(false);
            // The ready one, then one made on demand: the failure nobody waited for is not thrown here.
            while (taken.size() < SpareNamespaces.READY + 2) {
                taken.add(pool.take());
            }
        } finally {
            failing.set(false);
            taken.forEach(Spare::close);
        }
    }

    @Test
    void theBackgroundThreadWaitsUntilTheCallersLeaveTheKernelAlone() throws Exception {
        CallerActivity callers = new CallerActivity();
        AtomicInteger backgroundFills = new AtomicInteger();
        pool = new SpareNamespaces(anchor, background, callers, on -> {
            if (on == background) {
                backgroundFills.incrementAndGet();
            }
            return standIn();
        });
        pool.take().close(); // the first take finds the pool empty: a burst, and its pause after
        awaitTrue(() -> pool.readyCount() == SpareNamespaces.READY, "the pool to fill");
        pool.take().close();
        // refilled by the background thread, so the pause after the burst is over
        awaitTrue(() -> pool.readyCount() == SpareNamespaces.READY, "the pool to fill in the background");
        int before = backgroundFills.get();
        callers.begin(); // a caller's request is at the kernel
        Spare taken = pool.take();
        try {
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(SpareNamespaces.QUIET_AFTER_REQUEST_NANOS) * 30);
            assertThat(backgroundFills.get() - before).as("background fills started while a request was in flight").isZero();
            assertThat(pool.readyCount()).isEqualTo(SpareNamespaces.READY - 1);
        } finally {
            callers.end();
            taken.close();
        }
        awaitTrue(() -> pool.readyCount() == SpareNamespaces.READY, "the pool to fill once the callers are quiet");
        assertThat(backgroundFills.get() - before).isEqualTo(1);
    }

    @Test
    void aTakeThatLeavesFewerThanLowHasTheAnchorRefillAtOnce() throws Exception {
        CallerActivity callers = new CallerActivity();
        AtomicInteger backgroundFills = new AtomicInteger();
        pool = new SpareNamespaces(anchor, background, callers, on -> {
            if (on == background) {
                backgroundFills.incrementAndGet();
            }
            return standIn();
        });
        pool.take().close(); // the first take finds the pool empty: a burst fills it
        awaitTrue(() -> pool.readyCount() == SpareNamespaces.READY, "the pool to fill");
        makers.clear();
        int before = backgroundFills.get();
        callers.begin(); // a request in flight all along: the background anchor would wait
        List<Spare> taken = new ArrayList<>();
        try {
            for (int i = 0; i <= SpareNamespaces.READY - SpareNamespaces.LOW; i++) {
                taken.add(pool.take()); // a test's hosts, the last leaving fewer than LOW
            }
            awaitTrue(() -> pool.readyCount() == SpareNamespaces.READY, "the pool to fill while the caller is busy");
            assertThat(backgroundFills.get() - before).as("fills by the background anchor").isZero();
            assertThat(makers).containsOnly(anchorAtOurNice());
        } finally {
            callers.end();
            taken.forEach(Spare::close);
        }
    }

    @Test
    void aClosedPoolRefusesAndReleasesWhatItHolds() throws Exception {
        pool = new SpareNamespaces(anchor, background, new CallerActivity(), on -> standIn());
        pool.take().close();
        awaitTrue(() -> pool.readyCount() == SpareNamespaces.READY, "the pool to fill");
        pool.close();
        assertThat(pool.readyCount()).isZero();
        assertThatThrownBy(pool::take).isInstanceOf(dev.netns.NamespaceClosedException.class);
    }

    /** Takes, retrying after a failure that was meant for an earlier taker. */
    private Spare takeWithin(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            try {
                return pool.take();
            } catch (NetnsException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }

    private Spare standIn() throws IOException {
        makers.add(Thread.currentThread().getName().replaceAll("-\\d+$", "") + " nice=" + niceOfThisThread());
        int fd = LibC.open("/dev/null", LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        return new Spare(fd, new NamespaceId(0, fd), NetlinkSocket.open());
    }

    private static String anchorAtOurNice() {
        try {
            return "netns-anchor nice=" + niceOfThisThread();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Field 19 of /proc/thread-self/stat; the fields after the command's closing parenthesis start at 3. */
    private static int niceOfThisThread() throws IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(after[19 - 3]);
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
