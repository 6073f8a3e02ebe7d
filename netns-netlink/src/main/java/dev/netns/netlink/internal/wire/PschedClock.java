package dev.netns.netlink.internal.wire;

/**
 * The packet scheduler's clock, as {@code /proc/net/psched} describes it, and the unit conversions
 * tc does with it. Several tc structures carry times not in nanoseconds but in "psched ticks"
 * (tbf's buffer and mtu, htb's buffer and cbuffer, netem's latency and jitter, the rate tables).
 *
 * <p>The kernel's scheduler clock counts ticks of 2^PSCHED_SHIFT = 64 ns and converts a tick count
 * back with {@code PSCHED_TICKS2NS(t) = t << 6}. {@code /proc/net/psched} prints four hex words:
 * NSEC_PER_USEC (1000, which tc calls t2us), PSCHED_TICKS2NS(1) (64, tc's us2t), the constant
 * 1000000 (clock_res) and NSEC_PER_SEC / hrtimer resolution (1000000000 with high-resolution
 * timers, otherwise HZ). On every kernel since 2.6.31 the first three are fixed, so the SDK uses
 * {@link #STANDARD} unless a test hands it something else; this machine prints
 * {@code 000003e8 00000040 000f4240 3b9aca00}, exactly that.
 *
 * <p>tc (iproute2 tc_core.c) works in microseconds and converts with floating point, truncating
 * at two steps, and the SDK does the same so that its requests are the bytes tc sends:
 * <ul>
 *   <li>ticks per microsecond = t2us / us2t × clock_res / 10^6 = 1000 / 64 = 15.625, with tc's
 *       compatibility rule that t2us counts as us2t when clock_res is 10^9;</li>
 *   <li>a time of {@code t} µs is {@code floor(t × 15.625)} ticks (400 ms → 6 250 000 ticks,
 *       which the kernel turns back into exactly 400 000 000 ns; 1 µs → 15 ticks = 960 ns);</li>
 *   <li>the time to send {@code size} bytes at {@code rate} bytes/s is
 *       {@code floor(10^6 × size / rate)} µs, then converted as above. tbf's {@code buffer} is that
 *       time for its burst ({@code burst 4096} bytes at 125 000 B/s: 32 768 µs, 512 000 ticks).</li>
 * </ul>
 * The fourth word is tc's "HZ": htb's default burst is {@code rate / HZ + mtu} bytes.
 *
 * @param t2us first word, NSEC_PER_USEC on current kernels
 * @param us2t second word, nanoseconds per tick on current kernels
 * @param clockRes third word
 * @param hz fourth word
 */
public record PschedClock(long t2us, long us2t, long clockRes, long hz) {
    /** What every current kernel prints. */
    public static final PschedClock STANDARD = new PschedClock(1000, 64, 1_000_000, 1_000_000_000);

    private static final double TIME_UNITS_PER_SEC = 1_000_000;

    public PschedClock {
        if (t2us <= 0 || us2t <= 0 || clockRes <= 0 || hz <= 0) {
            throw new IllegalArgumentException("psched values must be positive: " + t2us + " " + us2t + " "
                    + clockRes + " " + hz);
        }
    }

    /**
     * Parses the text of {@code /proc/net/psched}: four hex words.
     *
     * @throws IllegalArgumentException if it is not that
     */
    public static PschedClock parse(String text) {
        String[] w = text.trim().split("\\s+");
        if (w.length != 4) {
            throw new IllegalArgumentException("/proc/net/psched should hold 4 hex words: " + text);
        }
        try {
            return new PschedClock(Long.parseLong(w[0], 16), Long.parseLong(w[1], 16), Long.parseLong(w[2], 16),
                    Long.parseLong(w[3], 16));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("/proc/net/psched should hold 4 hex words: " + text, e);
        }
    }

    /** tc's tick_in_usec: psched ticks per microsecond (15.625). */
    public double ticksPerMicro() {
        double clockFactor = clockRes / TIME_UNITS_PER_SEC;
        // tc's rule: a kernel with nanosecond resolution advertises t2us 1000 meaning 1.
        double t2 = clockRes == 1_000_000_000L ? us2t : t2us;
        return t2 / us2t * clockFactor;
    }

    /** Nanoseconds per tick as the kernel converts back (PSCHED_TICKS2NS(1), 64). */
    public long nanosPerTick() {
        return us2t * 1000 / t2us;
    }

    /** tc_core_time2tick: {@code floor(micros × ticks per µs)}, unbounded (the caller checks u32 range). */
    public long ticks(long micros) {
        if (micros < 0) {
            throw new IllegalArgumentException("negative time: " + micros + " µs");
        }
        return (long) (micros * ticksPerMicro());
    }

    /** tc_core_tick2time: ticks back to whole microseconds. */
    public long micros(long ticks) {
        return (long) (ticks / ticksPerMicro());
    }

    /** Ticks as the kernel reads them, in nanoseconds (PSCHED_TICKS2NS). */
    public long ticksToNanos(long ticks) {
        return ticks * nanosPerTick();
    }

    /**
     * tc_calc_xmittime: the ticks to send {@code size} bytes at {@code rate} bytes/s, truncated to
     * whole microseconds first, as tc does.
     */
    public long xmitTicks(long rate, long size) {
        if (rate <= 0) {
            throw new IllegalArgumentException("rate must be positive: " + rate);
        }
        double micros = TIME_UNITS_PER_SEC * ((double) size / (double) rate);
        return ticks(toU32(micros));
    }

    /** tc_calc_xmitsize: the bytes sent in {@code ticks} at {@code rate} bytes/s (how tc shows a burst). */
    public long xmitSize(long rate, long ticks) {
        return toU32((double) rate * micros(ticks) / TIME_UNITS_PER_SEC);
    }

    // C's conversion of a double to unsigned int, for the values tc produces (not above 2^32).
    private static long toU32(double v) {
        if (v <= 0 || Double.isNaN(v)) {
            return 0;
        }
        return Math.min((long) v, 0xFFFF_FFFFL);
    }
}
