package dev.netns.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChecksTest {

    @Test
    void eventuallyPollsInTheCallersThreadAndNeverInterruptsIt() {
        List<Thread> ran = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        Checks.run(Checks.Mode.EVENTUALLY, Duration.ofSeconds(5), () -> {
            ran.add(Thread.currentThread());
            if (calls.incrementAndGet() < 3) {
                throw new AssertionError("not yet");
            }
        });
        assertThat(ran).hasSize(3).containsOnly(Thread.currentThread());

        List<Boolean> interrupted = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> Checks.run(Checks.Mode.EVENTUALLY, Duration.ofMillis(250), () -> {
            ran.add(Thread.currentThread());
            interrupted.add(Thread.currentThread().isInterrupted());
            throw new AssertionError("never");
        })).isInstanceOf(AssertionError.class).hasMessageContaining("never").hasMessageContaining("250 ms");
        assertThat(ran).containsOnly(Thread.currentThread());
        assertThat(interrupted).containsOnly(false);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
