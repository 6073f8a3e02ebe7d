package dev.netns.testkit;

/**
 * Waits that a test's interrupt must not cut short: the testkit's own short jobs (a sandbox's
 * reset, NAT rules being written, old ports the kernel is deleting) must finish before the test
 * goes on, or it would see them half done. The interrupt is kept and set again afterwards.
 */
final class Uninterruptibly {
    /** A wait that {@link Thread#interrupt()} can end early. */
    interface Wait<T> {
        T get() throws InterruptedException;
    }

    private Uninterruptibly() {
    }

    /** @return what {@code wait} gives once it has ended without being interrupted */
    static <T> T get(Wait<T> wait) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return wait.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
