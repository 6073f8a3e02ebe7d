package dev.netns.testkit;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** How an assertion is checked: once, until it holds (Awaitility), or throughout a period. */
final class Checks {
    static final Duration POLL = Duration.ofMillis(100);

    enum Mode { ONCE, EVENTUALLY, STAYS }

    private Checks() {
    }

    static void run(Mode mode, Duration window, Runnable check) {
        switch (mode) {
            case ONCE -> check.run();
            case EVENTUALLY -> eventually(window, check);
            case STAYS -> stays(window, check);
            default -> throw new IllegalStateException(mode.toString());
        }
    }

    private static void eventually(Duration window, Runnable check) {
        try {
            // In this thread: Awaitility would otherwise start a poller thread from the caller's
            // thread, which is inside a namespace when the assertion runs in call() (and then so
            // is the poller, keeping the namespace alive), and on timeout it interrupts that
            // poller, which cancels a probe running on a namespace's worker mid-way.
            Awaitility.await().pollInSameThread().pollDelay(Duration.ZERO).pollInterval(POLL).atMost(window)
                    .untilAsserted(check::run);
        } catch (ConditionTimeoutException e) {
            Throwable last = e.getCause();
            String why = last instanceof AssertionError ? last.getMessage() : e.getMessage();
            AssertionError error = new AssertionError(why + "\n(still so after retrying for " + window.toMillis() + " ms)", e);
            throw error;
        }
    }

    private static void stays(Duration window, Runnable check) {
        long start = System.nanoTime();
        long end = start + window.toNanos();
        int rounds = 0;
        while (true) {
            try {
                check.run();
            } catch (AssertionError e) {
                long held = (System.nanoTime() - start) / 1_000_000;
                throw new AssertionError(e.getMessage() + "\n(it was to hold for " + window.toMillis() + " ms, but stopped after "
                        + held + " ms, on check " + (rounds + 1) + ")", e);
            }
            rounds++;
            long now = System.nanoTime();
            if (now >= end) {
                return;
            }
            try {
                Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, (end - now) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while checking that it holds for " + window.toMillis() + " ms", e);
            }
        }
    }
}
