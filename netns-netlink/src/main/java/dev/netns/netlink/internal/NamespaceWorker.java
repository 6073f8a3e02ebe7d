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
 * Code that must run inside the namespace ({@code call}, sysctls, sockets) runs here.
 */
final class NamespaceWorker {
    private static final Runnable STOP = () -> { };

    private final String label;
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> entered = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean stopped;

    NamespaceWorker(Anchor anchor, int nsFd, String label) {
        this.label = label;
        this.thread = anchor.startThread(() -> loop(nsFd), "netns-worker " + label);
        try {
            entered.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetnsException("interrupted while starting the worker thread of " + label, e);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private void loop(int nsFd) {
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
        if (isCurrent()) {
            return task.call();
        }
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
                    f.cancel(true);
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

    /** Stops the thread and waits for it to end, so that it no longer holds the namespace. */
    void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            queue.add(STOP);
        }
        if (!isCurrent()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

}
