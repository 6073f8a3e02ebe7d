package dev.netns.netlink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.netlink.internal.libc.LibC;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the pool's background refill reads: whether callers are at the kernel now, or were lately. */
class CallerActivityTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);
    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void callersWhoNeverAskedAreQuiet() {
        assertThat(new CallerActivity().remaining(HOUR)).isZero();
    }

    @Test
    void aRequestInFlightIsNeverQuietHoweverLongItTakes() throws InterruptedException {
        CallerActivity a = new CallerActivity();
        a.begin();
        Thread.sleep(5);
        assertThat(a.remaining(MILLI)).as("1 ms after a request that has run 5 ms").isEqualTo(MILLI);
        a.begin(); // a second caller
        a.end();
        assertThat(a.remaining(MILLI)).as("one of two requests answered").isEqualTo(MILLI);
        a.end();
        assertThat(a.remaining(HOUR)).as("both answered just now").isBetween(HOUR - TimeUnit.MINUTES.toNanos(1), HOUR);
    }

    @Test
    void quietOnceTheLastAnswerIsOldEnough() throws InterruptedException {
        CallerActivity a = new CallerActivity();
        a.begin();
        a.end();
        Thread.sleep(3);
        assertThat(a.remaining(MILLI)).isZero();
        assertThat(a.remaining(HOUR)).isPositive();
    }

    @Test
    void closingANamespaceHandleCountsAsActivity() {
        // A handle on the JVM's own namespace (not owned): no privileges needed, and closing it
        // takes the same path as closing a namespace the stack made.
        try (NetlinkStack stack = new NetlinkStack()) {
            int fd = LibC.open("/proc/self/ns/net", LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
            NetlinkNamespace handle = NetlinkNamespace.adopt(stack, fd, null, false, false, NetlinkSocket.open());
            assertThat(stack.activity().remaining(HOUR)).as("before the close").isZero();
            handle.close();
            assertThat(stack.activity().remaining(HOUR)).as("right after the close").isPositive();
        }
    }

    @Test
    void aTouchCountsAsActivity() {
        CallerActivity a = new CallerActivity();
        a.touch();
        assertThat(a.remaining(HOUR)).isPositive();
    }
}
