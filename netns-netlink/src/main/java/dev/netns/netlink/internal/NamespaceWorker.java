package dev.netns.netlink.internal;

import com.sun.jna.LastErrorException;
import dev.netns.NamespaceClosedException;
import dev.netns.NetnsException;
import dev.netns.netlink.internal.libc.LibC;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One namespace's pinned platform thread: created by the {@link Anchor} (so it starts in the JVM's
 * namespace), it enters its namespace once and never leaves; it ends when the namespace closes.
 * User code that must run inside the namespace ({@code call}, {@code run}) runs here; the SDK's own
 * short jobs inside it (sysctls, sockets) are done by the anchor instead (no thread to start or stop).
 */
final class NamespaceWorker {
    private static final Runnable STOP = () -> { };
    static final long STOP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String label;
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> entered = new CompletableFuture<>();
    /** The worker whose thread this is, on a worker thread. */
    private static final ThreadLocal<NamespaceWorker> CURRENT = new ThreadLocal<>();

    private final Thread thread;
    private volatile boolean stopped;
    /** The worker this one's task waits for (a call inside a call), or null: to refuse a cycle. */
    private volatile NamespaceWorker waitingFor;

    NamespaceWorker(Anchor anchor, int nsFd, String label) {
        this.label = label;
        this.thread = anchor.startThread(() -> loop(nsFd), "netns-worker " + label);
        // Wait without giving up on an interrupt: a worker abandoned half-started would enter the
        // namespace anyway and keep it alive with nobody left to stop it. Entering takes microseconds.
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    entered.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw (RuntimeException) e.getCause();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop(int nsFd) {
        CURRENT.set(this);
        try {
            LibC.setns(nsFd, LibC.CLONE_NEWNET);
        } catch (LastErrorException e) {
            entered.completeExceptionally(Errors.of("enter " + label + " (setns)", e));
            return;
        }
        entered.complete(null);
        while (true) {
            Runnable r;
            try {
                r = queue.take();
            } catch (InterruptedException e) {
                continue;
            }
            if (r == STOP) {
                return;
            }
            r.run();
        }
    }

    /** @return whether the calling thread is this worker */
    boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    Thread thread() {
        return thread;
    }

    /** Runs {@code task} on the worker and waits for its result. */
    <T> T call(Callable<T> task) throws Exception {
        return call(task, true);
    }

    /**
     * Like {@link #call(Callable)}, but an interrupt of the caller does not abandon the task: for
     * short tasks that hand back a resource (a socket born in the namespace), which a cancelled
     * caller would never close and which would keep the namespace alive. The interrupt is kept.
     */
    <T> T callToCompletion(Callable<T> task) throws Exception {
        return call(task, false);
    }

    private <T> T call(Callable<T> task, boolean cancelOnInterrupt) throws Exception {
        if (isCurrent()) {
            return task.call();
        }
        NamespaceWorker caller = CURRENT.get();
        if (caller != null) {
            // A task of one namespace waiting for another's that (through any chain) waits for it
            // would never return: both threads would wait for ever.
            for (NamespaceWorker w = this; w != null; w = w.waitingFor) {
                if (w == caller) {
                    throw new NetnsException("cannot call into " + label + " from code running in " + caller.label
                            + " (a call inside a call): " + label + " is already waiting for " + caller.label
                            + ", so neither would ever return");
                }
            }
            caller.waitingFor = this;
        }
        try {
            return await(task, cancelOnInterrupt);
        } finally {
            if (caller != null) {
                caller.waitingFor = null;
            }
        }
    }

    private <T> T await(Callable<T> task, boolean cancelOnInterrupt) throws Exception {
        FutureTask<T> f = new FutureTask<>(task);
        synchronized (this) {
            if (stopped) {
                throw new NamespaceClosedException("cannot run code in " + label + ": the namespace handle is closed");
            }
            queue.add(f);
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    if (cancelOnInterrupt) {
                        f.cancel(true);
                    }
                } catch (java.util.concurrent.CancellationException e) {
                    throw new NetnsException("task in " + label + " was cancelled by an interrupt", e);
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof Exception ex) {
                        throw CallerFrames.append(ex);
                    }
                    throw CallerFrames.append((Error) c);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Stops the thread and waits for it to end, so that it no longer holds the namespace. A task
     * still running is interrupted.
     *
     * @return whether the thread ended (or is the caller, which ends when its task returns)
     */
    boolean stop() {
        synchronized (this) {
            if (stopped) {
                return !thread.isAlive() || isCurrent();
            }
            stopped = true;
            queue.add(STOP);
        }
        if (isCurrent()) {
            return true;
        }
        thread.interrupt();
        boolean interrupted = false;
        long deadline = System.nanoTime() + STOP_TIMEOUT_NANOS;
        while (thread.isAlive() && System.nanoTime() - deadline < 0) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

}
