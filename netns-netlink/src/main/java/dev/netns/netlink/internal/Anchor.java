package dev.netns.netlink.internal;

import com.sun.jna.LastErrorException;
import dev.netns.NamespaceClosedException;
import dev.netns.NetnsException;
import dev.netns.netlink.internal.libc.LibC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A platform thread that lives in the JVM's original network namespace and does everything that
 * must start from there: creating namespaces (it unshares, captures the new namespace, and
 * switches straight back), creating the SDK's other threads (a thread starts in the namespace of
 * the thread that created it), starting processes (the JDK's process reaper threads are
 * created by the thread that starts a process), and the SDK's short jobs inside a namespace
 * (opening a socket there, a sysctl file), after which it switches straight back.
 *
 * <p>Only anchor threads and namespace workers ever call {@code setns}/{@code unshare}: never a
 * caller's thread. If it ever fails to switch back home it retires and a fresh one takes over.
 * Every task handed to it either runs or fails: none waits forever, also when the anchor cannot
 * start (no privileges) or the stack closes.
 *
 * <p>A {@linkplain #background() background} anchor runs at the lowest priority (nice 19): it
 * makes namespaces ahead of time, which must not take CPU from the callers it works for when the
 * machine is busy. Linux lets a thread lower its own priority without privileges, but raising it
 * again takes {@code CAP_SYS_NICE} or a generous {@code RLIMIT_NICE}, which rootless runs lack, so
 * work that a caller waits for goes to a normal anchor instead.
 */
final class Anchor implements AutoCloseable {
    private static final AtomicInteger IDS = new AtomicInteger();
    /** The nice value of a background anchor: the lowest priority of the normal scheduling class. */
    static final int BACKGROUND_NICE = 19;
    private static final Task<Void> STOP = new Task<>(() -> null);

    private final int hostNsFd;
    private final String hostNs;
    private final boolean background;
    private final Object lock = new Object();
    private final LinkedBlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private volatile Thread thread;
    private RuntimeException broken; // guarded by lock: why no anchor thread can run
    private boolean closed; // guarded by lock

    /**
     * Starts the anchor thread and waits until it is in the JVM's namespace.
     *
     * @param hostNsFd a descriptor of the JVM's original network namespace; owned by the caller
     * @throws NetnsException if the thread cannot get there
     */
    Anchor(int hostNsFd) {
        this(hostNsFd, false);
    }

    /**
     * @param background whether the thread runs at the lowest priority (see the class comment)
     */
    private Anchor(int hostNsFd, boolean background) {
        this.hostNsFd = hostNsFd;
        this.hostNs = readLink("/proc/self/ns/net");
        this.background = background;
        startThread();
    }

    /**
     * A background anchor for the same namespace, its thread started from this one's (so that
     * it begins in the JVM's namespace); the caller closes it.
     */
    Anchor background() {
        return call(() -> new Anchor(hostNsFd, true));
    }

    /** Starts a fresh anchor thread and waits until it is home; on failure the anchor is broken. */
    private void startThread() {
        CompletableFuture<Void> home = new CompletableFuture<>();
        Thread t = new Thread(() -> loop(home), (background ? "netns-spares-" : "netns-anchor-") + IDS.incrementAndGet());
        t.setDaemon(true);
        thread = t;
        t.start();
        try {
            home.join();
        } catch (CompletionException e) {
            RuntimeException cause = e.getCause() instanceof RuntimeException re ? re
                    : new NetnsException("the SDK's anchor thread failed to start", e.getCause());
            synchronized (lock) {
                broken = cause;
            }
            failPending(cause);
            throw cause;
        }
    }

    private void loop(CompletableFuture<Void> home) {
        // The creating thread may sit in another namespace (a stack opened from inside call(), or
        // a predecessor stranded by a failed switch back). Without privileges setns fails even to
        // the current namespace, so it is only called when the thread is not home already.
        if (!hostNs.equals(readLink("/proc/thread-self/ns/net"))) {
            try {
                LibC.setns(hostNsFd, LibC.CLONE_NEWNET);
            } catch (LastErrorException e) {
                home.completeExceptionally(Errors.of("enter the JVM's own network namespace", e));
                return;
            }
        }
        if (background) {
            try {
                LibC.setpriority(LibC.PRIO_PROCESS, 0, BACKGROUND_NICE);
            } catch (LastErrorException e) {
                // Not allowed (a seccomp filter, say): it works the same, only competing as an equal.
            }
        }
        home.complete(null);
        while (true) {
            Task<?> task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                continue; // only close() ends the anchor
            }
            if (task == STOP) {
                return;
            }
            task.run();
            if (Thread.currentThread() != thread) {
                return; // retired after a failed switch back home; its successor takes the queue
            }
        }
    }

    private static String readLink(String path) {
        try {
            return Files.readSymbolicLink(Path.of(path)).toString();
        } catch (IOException e) {
            throw new NetnsException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code task} on the anchor thread (in the JVM's namespace) and waits for it. */
    <T> T call(Callable<T> task) {
        if (Thread.currentThread() == thread) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new NetnsException(e.getMessage(), e);
            }
        }
        return await(submit(task));
    }

    /** Queues {@code task} for the anchor thread without waiting; {@link #await} its result later. */
    <T> FutureTask<T> submit(Callable<T> task) {
        Task<T> f = new Task<>(task);
        synchronized (lock) {
            if (broken != null) {
                throw new NetnsException("the SDK's anchor thread is not running: " + broken.getMessage(), broken);
            }
            if (closed) {
                throw new NamespaceClosedException("the network stack is closed");
            }
            queue.add(f);
        }
        return f;
    }

    /**
     * Runs {@code task} on the anchor thread after switching into the namespace {@code nsFd}, and
     * switches back. Used to open sockets that must belong to another namespace.
     */
    <T> T callIn(int nsFd, String what, Callable<T> task) {
        return call(() -> {
            try {
                LibC.setns(nsFd, LibC.CLONE_NEWNET);
            } catch (LastErrorException e) {
                throw Errors.of(what, e);
            }
            try {
                return task.call();
            } finally {
                returnHome();
            }
        });
    }

    /** A task for the anchor: unshare into a new network namespace, run {@code inNew}, switch back. */
    <T> Callable<T> inNewNamespace(Callable<T> inNew) {
        return () -> {
            try {
                LibC.unshare(LibC.CLONE_NEWNET);
            } catch (LastErrorException e) {
                throw Errors.of("create a network namespace (unshare CLONE_NEWNET)", e);
            }
            try {
                return inNew.call();
            } finally {
                returnHome();
            }
        };
    }

    /** Starts a thread from the anchor, so that it begins in the JVM's namespace. */
    Thread startThread(Runnable body, String name) {
        return call(() -> {
            Thread t = new Thread(body, name);
            t.setDaemon(true);
            t.start();
            return t;
        });
    }

    private void returnHome() {
        try {
            LibC.setns(hostNsFd, LibC.CLONE_NEWNET);
        } catch (LastErrorException e) {
            // Stranded outside home: a fresh thread takes the queue, this one ends after the task.
            startThread();
            throw Errors.of("return the SDK's anchor thread to the JVM's network namespace", e);
        }
    }

    private void failPending(RuntimeException cause) {
        Task<?> t;
        while ((t = queue.poll()) != null) {
            if (t != STOP) {
                t.fail(cause);
            }
        }
    }

    /** Waits for a task's result; its exception is rethrown with the caller's frames appended. */
    static <T> T await(FutureTask<T> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    // The task may already run on the anchor and must finish to keep namespace
                    // state consistent (it is bounded: netlink replies time out); keep waiting
                    // and re-assert the interrupt after.
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException re) {
                        throw CallerFrames.append(re);
                    }
                    if (c instanceof Error err) {
                        throw CallerFrames.append(err);
                    }
                    throw new NetnsException(String.valueOf(c.getMessage()), c);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the anchor after the tasks already queued; later calls fail at once. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
    }

    /** A task that can also be failed from outside, when no anchor thread will ever run it. */
    private static final class Task<T> extends FutureTask<T> {
        Task(Callable<T> c) {
            super(c);
        }

        void fail(Throwable t) {
            setException(t);
        }
    }
}
