package dev.netns.netlink.internal;

import com.sun.jna.LastErrorException;
import dev.netns.NamespaceClosedException;
import dev.netns.NamespaceId;
import dev.netns.NetnsException;
import dev.netns.netlink.internal.libc.LibC;
import dev.netns.netlink.internal.wire.LinkMessages;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Namespaces made ahead of time: unshared, their rtnetlink socket opened inside, lo up. Taking
 * one costs the caller no thread hand-off and no kernel work while one is ready, so creating a
 * namespace on the caller's path is only the bind mount (named) or nothing.
 *
 * <p>Filling starts with the first take (a stack that never creates a namespace makes none) and
 * keeps {@link #READY} ready from then on, so that a test's topology (a sandbox and a few hosts)
 * finds its namespaces made while the previous test ran. Two threads make them:
 * <ul>
 *   <li>a {@linkplain Anchor#background() background anchor} at the lowest priority refills the
 *       pool after takes that leave {@link #LOW} or more. It waits until the stack's callers
 *       have had no rtnetlink request in flight for {@link #QUIET_AFTER_REQUEST_NANOS}
 *       ({@link CallerActivity}): the caller is building on what it took, and a fill beside it
 *       would hold RTNL in the middle of that. On a busy machine it gets the CPU only when the
 *       callers leave it free, and when it wakes it does not preempt the caller; on an idle core
 *       it runs at full speed. What it can still cost a caller: inside {@code unshare} or
 *       setting lo up it may hold RTNL, which the caller's request then waits for, and a starved
 *       holder releases it late. One fill at a time bounds that.</li>
 *   <li>the stack's anchor, at normal priority, fills when a caller finds the pool empty (a
 *       burst: many namespaces in a row), and when a take leaves fewer than {@link #LOW}: the
 *       next take would wait otherwise. A test's topology takes three or four, so from the
 *       second test of a class on, the anchor makes the next test's namespaces while this test
 *       builds on its own; left to the background anchor, they were made (measured, tests
 *       21-220 of a class on two cores) by the anchor all the same, but while the next test
 *       waited in {@code take}: 0.6-0.9 ms of each test's build, against 0.1 ms now. It
 *       makes one for each caller that waits, and goes on until the pool is full again, making
 *       the next ones while the callers use the last, as a single thread at the callers'
 *       priority. The background anchor starts none meanwhile, nor for
 *       {@link #QUIET_AFTER_BURST_NANOS} after (more takes are likely): a starved low-priority
 *       thread inside {@code unshare} can hold kernel locks (RTNL) that the callers then wait
 *       for, so the two do not fill side by side for long.</li>
 * </ul>
 * Each makes one namespace per task and queues the next while more are wanted, so the anchor's
 * other jobs wait for one namespace at most. At rest the pool holds {@link #READY} (more only
 * while more callers wait): a spare that arrives when it is full (both threads raced for the last
 * place) is released, so the descriptors a stack keeps open are the same after any burst.
 */
final class SpareNamespaces implements AutoCloseable {
    /** Enough for a test's topology of a sandbox and three hosts. */
    static final int READY = 4;
    /** How long after a burst the background anchor waits before it refills. */
    static final long QUIET_AFTER_BURST_NANOS = 50_000_000;
    /**
     * How long the callers must have made no request before the background anchor refills: longer
     * than the gaps between the requests of one build (tens of microseconds of Java between them),
     * short enough that a test body of a few milliseconds leaves time for a refill.
     */
    static final long QUIET_AFTER_REQUEST_NANOS = 1_000_000;
    /**
     * With this many ready, a refill waits for a gap in the callers' requests: enough for the next
     * take or two without waiting. Below it, the stack's anchor refills at once.
     */
    static final int LOW = 2;
    /** The longest a fill waiting for a gap sleeps between looks while callers stay busy. */
    private static final long MAX_GAP_POLL_NANOS = 8_000_000;
    /** How often a waiting caller checks for a fill task an anchor failed without running it. */
    private static final long ABANDON_CHECK_MILLIS = 200;

    /** Makes one spare on the given anchor's thread. */
    @FunctionalInterface
    interface Maker {
        Spare make(Anchor on) throws Exception;
    }

    private final Anchor anchor;
    private final Anchor background;
    private final Maker maker;
    private final CallerActivity activity;
    private final ArrayDeque<Spare> ready = new ArrayDeque<>(); // guarded by this
    private int waiting; // guarded by this: callers waiting in take()
    private boolean filling; // guarded by this: a fill task is queued or running on the background anchor
    private boolean bursting; // guarded by this: the anchor fills, for waiting callers and then up to READY
    private FutureTask<Void> fillTask; // guarded by this: the background anchor's current task
    private FutureTask<Void> burstTask; // guarded by this: the anchor's current task
    private long burstEnded = System.nanoTime() - QUIET_AFTER_BURST_NANOS; // guarded by this
    private RuntimeException failure; // guarded by this: the last fill's, for the next taker
    private boolean closed; // guarded by this

    /**
     * @param anchor makes spares for callers that wait
     * @param background keeps the pool full, at low priority; closed by the caller after this
     * @param activity the stack's callers' requests, which the background anchor waits to pause
     */
    SpareNamespaces(Anchor anchor, Anchor background, CallerActivity activity) {
        this(anchor, background, activity, on -> on.inNewNamespace(Spare::openInCurrent).call());
    }

    SpareNamespaces(Anchor anchor, Anchor background, CallerActivity activity, Maker maker) {
        this.anchor = anchor;
        this.background = background;
        this.activity = activity;
        this.maker = maker;
    }

    /**
     * A fresh namespace, its own now: the caller closes it (or adopts it into a handle).
     *
     * @throws NamespaceClosedException if the stack is closed
     * @throws dev.netns.NetnsException if the anchor could not make one (no privileges, ...)
     */
    Spare take() {
        boolean interrupted = false;
        try {
            synchronized (this) {
                while (true) {
                    if (closed) {
                        throw new NamespaceClosedException("the network stack is closed");
                    }
                    Spare s = ready.poll();
                    if (s != null) {
                        activity.touch(); // the caller is about to use it: a refill waits
                        refill();
                        return s;
                    }
                    if (failure != null) {
                        RuntimeException f = failure;
                        failure = null; // reported once; the next take tries again
                        throw CallerFrames.append(f);
                    }
                    waiting++;
                    try {
                        refill();
                        if (failure == null) { // else the anchor took no task: report it at once
                            wait(ABANDON_CHECK_MILLIS);
                            reapAbandoned();
                        }
                    } catch (InterruptedException e) {
                        // A namespace is made in about a millisecond; keep the interrupt for after.
                        interrupted = true;
                    } finally {
                        waiting--;
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Ends the flag of a fill task that an anchor failed without running it (its thread could not
     * return to the JVM's namespace, nor could a successor): else no fill of that kind would ever
     * run again, and callers would wait for nothing. A task that ran has cleared its flag, or has
     * queued a successor, before it is done. Holds this.
     */
    private void reapAbandoned() {
        if (bursting && burstTask != null && burstTask.isDone()) {
            bursting = false;
            failure = causeOf(burstTask);
        }
        if (filling && fillTask != null && fillTask.isDone()) {
            filling = false;
        }
    }

    private static RuntimeException causeOf(FutureTask<Void> failed) {
        try {
            failed.get();
            return new NetnsException("the SDK's anchor thread dropped a task to create a namespace");
        } catch (ExecutionException e) {
            return e.getCause() instanceof RuntimeException re ? re : new NetnsException(String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException | java.util.concurrent.CancellationException e) {
            return new NetnsException("the SDK's anchor thread dropped a task to create a namespace", e);
        }
    }

    /** Queues the fill task that is missing, if any (see the class comment). Holds this. */
    private void refill() {
        // Fewer than LOW: the next take would wait, and on a busy machine (the JIT compilers of a
        // young JVM beside a test class, say) the background anchor gets no CPU before it.
        if (!bursting && (waiting > ready.size() || ready.size() < LOW)) {
            bursting = submit(anchor, true);
        }
        if (!filling && !bursting && ready.size() < READY) {
            filling = submit(background, false);
        }
    }

    /**
     * Whether the task was queued. If the stack's anchor cannot take it, the reason goes to the
     * next taker; if the background anchor cannot, callers are served by the stack's anchor alone.
     * Holds this.
     */
    private boolean submit(Anchor on, boolean burst) {
        try {
            FutureTask<Void> task = on.submit(() -> fill(on, burst));
            if (burst) {
                burstTask = task;
            } else {
                fillTask = task;
            }
            return true;
        } catch (RuntimeException e) {
            if (burst) {
                failure = e;
                notifyAll();
            }
            return false;
        }
    }

    /** Whether a fill of this kind has work: the pool is short (of READY, or of the callers waiting). Holds this. */
    private boolean wanted(boolean burst) {
        return !closed && ready.size() < (burst ? Math.max(READY, waiting) : READY) && (burst || !bursting);
    }

    /** Runs on {@code on}: makes one spare, and queues itself again while more are wanted. */
    private Void fill(Anchor on, boolean burst) {
        synchronized (this) {
            long poll = QUIET_AFTER_REQUEST_NANOS; // doubles while callers stay busy: fewer wake-ups
            while (true) {
                if (!wanted(burst)) {
                    done(burst);
                    return null;
                }
                long quiet = burst ? 0 : Math.max(burstEnded + QUIET_AFTER_BURST_NANOS - System.nanoTime(),
                        activity.remaining(QUIET_AFTER_REQUEST_NANOS));
                if (quiet <= 0) {
                    break;
                }
                if (quiet < poll) {
                    quiet = poll; // a later look only delays a refill that can wait (the anchor fills when few are left)
                    poll = Math.min(poll * 2, MAX_GAP_POLL_NANOS);
                }
                try {
                    // Only fills run on the background anchor. close() and new spares wake it; a
                    // burst that starts meanwhile, or callers who go on, are seen when the wait ends.
                    wait(quiet / 1_000_000, (int) (quiet % 1_000_000));
                } catch (InterruptedException e) {
                    // Nobody interrupts the SDK's threads; the loop checks again either way.
                }
            }
        }
        Spare s;
        try {
            s = maker.make(on);
        } catch (Exception e) {
            synchronized (this) {
                done(burst);
                // Kept only for callers that wait: a fill the anchor started because few were
                // left may fail with nobody waiting, and the next take tries again.
                if (waiting > 0) {
                    failure = e instanceof RuntimeException re ? re : new NetnsException(e.getMessage(), e);
                    notifyAll();
                }
            }
            return null;
        }
        synchronized (this) {
            if (!closed && ready.size() < Math.max(READY, waiting)) {
                ready.add(s);
                failure = null; // a namespace was made after all: an older failure is out of date
                notifyAll();
                if (wanted(burst)) {
                    resubmit(on, burst);
                } else {
                    done(burst);
                    refill();
                }
                return null;
            }
            done(burst);
        }
        s.close(); // closed, or the other thread filled the last place first
        return null;
    }

    /** Queues the next fill of a task that goes on. Holds this. */
    private void resubmit(Anchor on, boolean burst) {
        if (!submit(on, burst)) {
            done(burst);
        }
    }

    /** Marks the fill task of this kind as ended. Holds this. */
    private void done(boolean burst) {
        if (burst) {
            bursting = false;
            burstEnded = System.nanoTime();
        } else {
            filling = false;
        }
    }

    /** How many spares are ready now. */
    synchronized int readyCount() {
        return ready.size();
    }

    /** Whether a failure is kept for the next take. */
    synchronized boolean keepsFailure() {
        return failure != null;
    }

    /** Releases the spares; a fill still running releases what it makes. Later takes fail. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
            while (!ready.isEmpty()) {
                ready.poll().close();
            }
        }
    }

    /** A namespace made ahead of time: its descriptor and its rtnetlink socket, opened inside it. */
    record Spare(int fd, NamespaceId id, NetlinkSocket socket) {
        /**
         * Runs on the anchor, inside the namespace it just unshared: opens the namespace's
         * descriptor and rtnetlink socket and sets lo up (always index 1 in a new namespace).
         */
        static Spare openInCurrent() {
            int fd;
            try {
                fd = LibC.open("/proc/thread-self/ns/net", LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
            } catch (LastErrorException e) {
                throw Errors.of("open the new network namespace (/proc/thread-self/ns/net)", e);
            }
            NetlinkSocket socket = null;
            try {
                NamespaceId id = NetlinkNamespace.identify(fd);
                socket = NetlinkSocket.open();
                new RtnlConnection(socket, () -> "in a new namespace")
                        .request(LinkMessages.setUp(1, true), "set up on link lo (index 1)");
                return new Spare(fd, id, socket);
            } catch (RuntimeException e) {
                if (socket != null) {
                    socket.close();
                }
                NetlinkSocket.closeQuietly(fd);
                throw e;
            }
        }

        void close() {
            socket.close();
            NetlinkSocket.closeQuietly(fd);
        }
    }
}
