package dev.netns.internal;

import dev.netns.NetnsEvent;
import dev.netns.NetnsListener;
import dev.netns.NetworkStack;
import java.time.Duration;
import java.util.Arrays;

/**
 * The listeners of one {@link NetworkStack}, for backends to implement
 * {@link NetworkStack#addListener} and {@link NetworkStack#publish} with. Not API: may change
 * without notice.
 *
 * <p>Copy-on-write array behind one volatile field: the hot path of an operation with no listener
 * is one volatile read ({@link #active()}), and emitting never takes a lock, so a listener may
 * itself use the SDK or register listeners without deadlocking.
 *
 * <pre>{@code
 * boolean on = listeners.active();
 * long start = on ? System.nanoTime() : 0;
 * try { ...operation... } catch (RuntimeException e) { if (on) listeners.failed(ns, subject, start, e); throw e; }
 * if (on) listeners.emit(Kind.LINK_CREATED, ns, subject, start);
 * }</pre>
 */
public final class Listeners {
    private static final NetnsListener[] NONE = {};

    private volatile NetnsListener[] listeners = NONE;

    /** @return whether any listener is registered: measure and describe nothing otherwise */
    public boolean active() {
        return listeners.length != 0;
    }

    /** Registers {@code listener}; the same listener registered twice hears every event twice. */
    public NetnsListener.Registration add(NetnsListener listener) {
        Validation.notNull("listener", listener);
        synchronized (this) {
            NetnsListener[] now = listeners;
            NetnsListener[] next = Arrays.copyOf(now, now.length + 1);
            next[now.length] = listener;
            listeners = next;
        }
        return new NetnsListener.Registration() {
            private boolean closed;

            @Override
            public void close() {
                synchronized (Listeners.this) {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    remove(listener);
                }
            }

            @Override
            public String toString() {
                return "Registration[" + listener + (closed ? ", closed" : "") + "]";
            }
        };
    }

    /** Removes one registration of {@code listener}; called with the lock held. */
    private void remove(NetnsListener listener) {
        NetnsListener[] now = listeners;
        for (int i = 0; i < now.length; i++) {
            if (now[i] == listener) {
                NetnsListener[] next = new NetnsListener[now.length - 1];
                System.arraycopy(now, 0, next, 0, i);
                System.arraycopy(now, i + 1, next, i, now.length - i - 1);
                listeners = next.length == 0 ? NONE : next;
                return;
            }
        }
    }

    /**
     * Hands {@code event} to every listener, in registration order, on this thread. What a
     * listener throws is dropped: the operation it reports has happened, and failing it now would
     * tell the caller a lie. Only a {@link VirtualMachineError} (out of memory...) passes.
     */
    public void publish(NetnsEvent event) {
        Validation.notNull("event", event);
        for (NetnsListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable ignored) {
                // documented on NetnsListener: a listener cannot break the SDK
            }
        }
    }

    /** Publishes a successful operation that started at {@code startNanos} ({@link System#nanoTime()}). */
    public void emit(NetnsEvent.Kind kind, String namespace, String subject, long startNanos) {
        publish(NetnsEvent.of(kind, namespace, subject, since(startNanos)));
    }

    /**
     * Publishes a {@link NetnsEvent.Kind#FAILED} event for an operation that started at
     * {@code startNanos} and threw {@code failure}, unless the input was refused before anything
     * was done ({@link dev.netns.InvalidInputException}) or the handle was closed
     * ({@link dev.netns.NamespaceClosedException}): neither is a failure of the kernel or of iptables.
     */
    public void failed(String namespace, String subject, long startNanos, Throwable failure) {
        if (failure instanceof dev.netns.InvalidInputException || failure instanceof dev.netns.NamespaceClosedException) {
            return;
        }
        publish(NetnsEvent.failed(namespace, subject, since(startNanos), failure));
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos));
    }
}
