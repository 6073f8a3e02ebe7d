package dev.netns.netlink.internal;

import com.sun.jna.LastErrorException;
import dev.netns.NamespaceClosedException;
import dev.netns.NamespaceId;
import dev.netns.NetnsException;
import dev.netns.netlink.internal.libc.LibC;
import dev.netns.netlink.internal.wire.LinkMessages;
import java.util.ArrayDeque;

/**
 * Namespaces made ahead of time by the {@link Anchor}: unshared, their rtnetlink socket opened
 * inside, lo up. Taking one costs the caller no thread hand-off and no kernel work while one is
 * ready, so creating a namespace on the caller's path is only the bind mount (named) or nothing.
 *
 * <p>Filling starts with the first take (a stack that never creates a namespace makes none) and
 * keeps {@link #READY} ready from then on, so that a test's topology (a sandbox and a few hosts)
 * finds its namespaces made while the previous test ran; a caller that finds none waits for the
 * next the anchor makes. The anchor makes them one per task, each task queueing the next while
 * more are wanted, so the anchor's other jobs wait for one namespace at most.
 */
final class SpareNamespaces implements AutoCloseable {
    /** Enough for a test's topology of a sandbox and three hosts. */
    static final int READY = 4;

    private final Anchor anchor;
    private final ArrayDeque<Spare> ready = new ArrayDeque<>(); // guarded by this
    private int waiting; // guarded by this: callers waiting in take()
    private boolean refilling; // guarded by this: a refill task is queued or running
    private RuntimeException failure; // guarded by this: the last refill's, for the next taker
    private boolean closed; // guarded by this

    SpareNamespaces(Anchor anchor) {
        this.anchor = anchor;
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

    /** Queues a refill task unless one is queued already or nothing is missing. Holds this. */
    private void refill() {
        if (refilling || ready.size() >= wanted()) {
            return;
        }
        refilling = true;
        try {
            anchor.submit(this::fill);
        } catch (RuntimeException e) {
            refilling = false;
            failure = e;
            notifyAll();
        }
    }

    /** How many should be ready: {@link #READY}, and at least one for every caller waiting. Holds this. */
    private int wanted() {
        return Math.max(READY, waiting);
    }

    /**
     * Runs on the anchor: makes one spare, and queues itself again while more are wanted. One per
     * task, so the anchor's other jobs (a sysctl, a socket) wait for at most one namespace.
     */
    private Void fill() {
        synchronized (this) {
            if (closed || ready.size() >= wanted()) {
                refilling = false;
                return null;
            }
        }
        Spare s;
        try {
            s = anchor.inNewNamespace(Spare::openInCurrent).call();
        } catch (Exception e) {
            synchronized (this) {
                refilling = false;
                failure = e instanceof RuntimeException re ? re : new NetnsException(e.getMessage(), e);
                notifyAll();
            }
            return null;
        }
        synchronized (this) {
            if (closed) {
                refilling = false;
                s.close();
                return null;
            }
            ready.add(s);
            notifyAll();
            refilling = false;
            refill();
        }
        return null;
    }

    /** Releases the spares; a refill still running releases what it makes. Later takes fail. */
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
