package dev.netns.netlink.internal;

import com.sun.jna.LastErrorException;
import dev.netns.NamespaceClosedException;
import dev.netns.NamespaceId;
import dev.netns.NetnsException;
import dev.netns.netlink.internal.libc.LibC;
import dev.netns.netlink.internal.wire.LinkMessages;
import java.util.ArrayDeque;

/**
 * Namespaces made ahead of time: unshared, their rtnetlink socket opened inside, lo up. Taking
 * one costs the caller no thread hand-off and no kernel work while one is ready, so creating a
 * namespace on the caller's path is only the bind mount (named) or nothing.
 *
 * <p>Filling starts with the first take (a stack that never creates a namespace makes none) and
 * keeps {@link #READY} ready from then on, so that a test's topology (a sandbox and a few hosts)
 * finds its namespaces made while the previous test ran. Two threads make them:
 * <ul>
 *   <li>a {@linkplain Anchor#background() background anchor} at the lowest priority keeps the pool
 *       full. On a busy machine it gets the CPU only when the callers leave it free, so refilling
 *       does not slow down the topology being built; on an idle core it runs at full speed.</li>
 *   <li>the stack's anchor, at normal priority, makes one for each caller that finds the pool
 *       empty, so a caller never waits on the background thread; whichever finishes first serves
 *       the caller.</li>
 * </ul>
 * Each makes one namespace per task and queues the next while more are wanted, so the anchor's
 * other jobs wait for one namespace at most. The pool never holds more than {@link #READY}: a
 * spare that arrives when it is full (both threads raced for the last place) is released, so the
 * descriptors a stack keeps open are the same after any burst.
 */
final class SpareNamespaces implements AutoCloseable {
    /** Enough for a test's topology of a sandbox and three hosts. */
    static final int READY = 4;

    /** Makes one spare on the given anchor's thread. */
    @FunctionalInterface
    interface Maker {
        Spare make(Anchor on) throws Exception;
    }

    private final Anchor anchor;
    private final Anchor background;
    private final Maker maker;
    private final ArrayDeque<Spare> ready = new ArrayDeque<>(); // guarded by this
    private int waiting; // guarded by this: callers waiting in take()
    private boolean filling; // guarded by this: a fill task is queued or running on the background anchor
    private boolean serving; // guarded by this: a fill task for waiting callers is queued or running on the anchor
    private RuntimeException failure; // guarded by this: the last fill's, for the next taker
    private boolean closed; // guarded by this

    /**
     * @param anchor makes spares for callers that wait
     * @param background keeps the pool full, at low priority; closed by the caller after this
     */
    SpareNamespaces(Anchor anchor, Anchor background) {
        this(anchor, background, on -> on.inNewNamespace(Spare::openInCurrent).call());
    }

    SpareNamespaces(Anchor anchor, Anchor background, Maker maker) {
        this.anchor = anchor;
        this.background = background;
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
                        wait();
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

    /** Queues the fill tasks that are missing: one to keep the pool full, one for waiting callers. Holds this. */
    private void refill() {
        if (!filling && ready.size() < READY) {
            filling = submit(background, false);
        }
        if (!serving && waiting > ready.size()) {
            serving = submit(anchor, true);
        }
    }

    /**
     * Whether the task was queued. If the stack's anchor cannot take it, the reason goes to the
     * next taker; if the background anchor cannot, callers are served by the stack's anchor alone.
     * Holds this.
     */
    private boolean submit(Anchor on, boolean forWaiting) {
        try {
            on.submit(() -> fill(on, forWaiting));
            return true;
        } catch (RuntimeException e) {
            if (forWaiting) {
                failure = e;
                notifyAll();
            }
            return false;
        }
    }

    /** Whether a fill of this kind has work: callers waiting, or the pool not full. Holds this. */
    private boolean wanted(boolean forWaiting) {
        return !closed && (forWaiting ? waiting > ready.size() : ready.size() < READY);
    }

    /** Runs on {@code on}: makes one spare, and queues itself again while more are wanted. */
    private Void fill(Anchor on, boolean forWaiting) {
        synchronized (this) {
            if (!wanted(forWaiting)) {
                done(forWaiting);
                return null;
            }
        }
        Spare s;
        try {
            s = maker.make(on);
        } catch (Exception e) {
            synchronized (this) {
                done(forWaiting);
                failure = e instanceof RuntimeException re ? re : new NetnsException(e.getMessage(), e);
                notifyAll();
            }
            return null;
        }
        synchronized (this) {
            done(forWaiting);
            if (closed || ready.size() >= Math.max(READY, waiting)) {
                s.close(); // the other thread filled the last place first
                return null;
            }
            ready.add(s);
            notifyAll();
            refill();
        }
        return null;
    }

    /** Marks the fill task of this kind as ended. Holds this. */
    private void done(boolean forWaiting) {
        if (forWaiting) {
            serving = false;
        } else {
            filling = false;
        }
    }

    /** How many spares are ready now. */
    synchronized int readyCount() {
        return ready.size();
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
