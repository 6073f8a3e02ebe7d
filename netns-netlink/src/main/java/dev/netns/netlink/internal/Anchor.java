package dev.netns.netlink.internal;

import com.sun.jna.LastErrorException;
import dev.netns.NetnsException;
import dev.netns.netlink.internal.libc.LibC;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A platform thread that lives in the JVM's original network namespace and does everything that
 * must start from there: creating namespaces (it unshares, captures the new namespace, and
 * switches straight back), creating the SDK's other threads (a thread starts in the namespace of
 * the thread that created it), and starting processes (the JDK's process reaper threads are
 * created by the thread that starts a process).
 *
 * <p>Only this thread and namespace workers ever call {@code setns}/{@code unshare}: never a
 * caller's thread. If it ever fails to switch back home it retires and a fresh one takes over.
 */
final class Anchor implements AutoCloseable {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final int hostNsFd;
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private volatile Thread thread;
    private volatile boolean closed;

    /**
     * @param hostNsFd a descriptor of the JVM's original network namespace; owned by the caller
     */
    Anchor(int hostNsFd) {
        this.hostNsFd = hostNsFd;
        startThread();
    }

    private synchronized void startThread() {
        Thread t = new Thread(this::loop, "netns-anchor-" + IDS.incrementAndGet());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void loop() {
        try {
            // The creating thread may itself sit in a namespace (a stack opened from inside call()).
            LibC.setns(hostNsFd, LibC.CLONE_NEWNET);
        } catch (LastErrorException e) {
            failAll(Errors.of("enter the JVM's own network namespace", e));
            return;
        }
        while (!closed) {
            Runnable r;
            try {
                r = queue.take();
            } catch (InterruptedException e) {
                continue;
            }
            r.run();
            if (Thread.currentThread() != thread) {
                return; // retired after a failed switch back home
            }
        }
    }

    private void failAll(RuntimeException e) {
        Runnable r;
        while ((r = queue.poll()) != null) {
            if (r instanceof FutureTask<?> f) {
                f.cancel(false);
            }
        }
        throw e;
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
        FutureTask<T> f = new FutureTask<>(task);
        queue.add(f);
        return await(f);
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

    /**
     * Creates a new network namespace with {@code unshare} on the anchor thread, runs
     * {@code inNew} inside it, then switches back.
     */
    <T> T callInNewNamespace(Callable<T> inNew) {
        return call(() -> {
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
        });
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
            // Stranded outside home: hand the queue to a fresh thread, let this one end.
            startThread();
            throw Errors.of("return the SDK's anchor thread to the JVM's network namespace", e);
        }
    }

    private static <T> T await(FutureTask<T> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    // The task is already running on the anchor and must finish to keep
                    // namespace state consistent; keep waiting and re-assert the interrupt after.
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

    @Override
    public void close() {
        closed = true;
        queue.add(() -> { });
    }
}
