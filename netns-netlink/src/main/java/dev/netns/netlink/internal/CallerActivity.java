package dev.netns.netlink.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether a stack's callers have an rtnetlink request at the kernel now, or had one within the
 * last moments (requests and dumps through {@link RtnlConnection}, takes of spare namespaces and
 * closes of namespace handles, after which the kernel dismantles the namespace; not mounts or
 * sockets): work done ahead for later callers (refilling the namespace pool)
 * waits for a gap instead of competing with a caller's requests for RTNL and the CPU. A hint, not
 * a lock: what waits for a gap must also make progress without one (the pool's bursts do).
 *
 * <p>Why a gap and not just a low priority: a low-priority thread yields the CPU, but inside
 * {@code unshare} it holds kernel locks (RTNL) that a caller's next request then waits for, and it
 * takes them at the worst moment: right after a take, while the caller builds on the namespace it
 * took. bench/README.md has the measurements.
 */
final class CallerActivity {
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Only ever moves forward: two threads may read the clock in one order and store in the other. */
    private final AtomicLong lastEnd = new AtomicLong(System.nanoTime() - 86_400_000_000_000L); // a day ago: quiet from the start

    /** A caller's request starts; pair with {@link #end()}. */
    void begin() {
        inFlight.incrementAndGet();
    }

    /** A caller's request is answered (or failed). */
    void end() {
        touch(); // before the decrement: whoever sees the count drop sees this too
        inFlight.decrementAndGet();
    }

    /** Something a caller did that was not a request (taking a spare namespace, say). */
    void touch() {
        lastEnd.accumulateAndGet(System.nanoTime(), (last, now) -> now - last > 0 ? now : last);
    }

    /**
     * @param quietNanos how long callers must have left the kernel alone
     * @return how long to wait from now before they will have (0: they have; {@code quietNanos}
     *     while a request is in flight)
     */
    long remaining(long quietNanos) {
        if (inFlight.get() > 0) {
            return quietNanos;
        }
        return Math.max(0, lastEnd.get() + quietNanos - System.nanoTime());
    }
}
