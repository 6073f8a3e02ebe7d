package dev.netns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An interrupt does not end the testkit's own waits early, and is there again afterwards. */
class UninterruptiblyTest {

    @Test
    void aWaitThatIsInterruptedIsWaitedAgainAndTheInterruptKept() {
        AtomicInteger tries = new AtomicInteger();
        String got = Uninterruptibly.get(() -> {
            if (tries.incrementAndGet() < 3) {
                throw new InterruptedException("interrupted while waiting");
            }
            return "done";
        });
        try {
            assertThat(got).isEqualTo("done");
            assertThat(tries).hasValue(3);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted(); // leave the test's thread as it was
        }
    }

    @Test
    void anUninterruptedWaitLeavesNoInterrupt() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(done::countDown);
        t.start();
        Uninterruptibly.get(() -> {
            done.await();
            return null;
        });
        t.join();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
