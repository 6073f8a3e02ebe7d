package dev.netns.it.reliability;

/**
 * The lap the soak is running now, read by the cases' argument sources. The soak runs laps one
 * after another in the same JVM, so a static value is enough.
 */
final class SoakLap {
    private static volatile int current;

    private SoakLap() {
    }

    static int current() {
        return current;
    }

    static void set(int lap) {
        current = lap;
    }
}
