package dev.netns.netlink.internal.wire;

import java.time.Duration;
import java.util.Objects;

/**
 * The network emulator: delay with jitter, random loss, duplication, corruption, reordering, a
 * rate limit and a queue limit. Probabilities and correlations are percentages (0 to 100), as tc
 * takes them; on the wire each is a u32 fraction of 2^32 - 1, rounded to nearest (even).
 * Start from {@link #DEFAULTS} and change what is needed:
 * {@code NetemOptions.DEFAULTS.delay(ofMillis(50), ofMillis(10)).loss(20)}.
 *
 * <p>Decoded options hold the percentages the kernel's fractions correspond to, which re-encode
 * to the same bytes but may differ from the configured values in the last digits.
 *
 * @param delay added delay
 * @param jitter random variation of the delay
 * @param delayCorrelation percent
 * @param loss percent of packets dropped at random
 * @param lossCorrelation percent
 * @param duplicate percent of packets sent twice
 * @param duplicateCorrelation percent
 * @param corrupt percent of packets with a flipped bit
 * @param corruptCorrelation percent
 * @param reorder percent of packets sent at once (the others are delayed); the encoder insists on a delay
 * @param reorderCorrelation percent
 * @param gap reorder every {@code gap}-th packet; 0 means 1 when reordering, as tc does
 * @param rate bytes per second, 0 for unlimited
 * @param limit queue length in packets (tc's default is 1000)
 */
public record NetemOptions(Duration delay, Duration jitter, double delayCorrelation, double loss,
        double lossCorrelation, double duplicate, double duplicateCorrelation, double corrupt,
        double corruptCorrelation, double reorder, double reorderCorrelation, int gap, long rate, int limit)
        implements QdiscOptions {

    /** No impairment, a queue of 1000 packets: what {@code tc qdisc add ... netem} alone sets. */
    public static final NetemOptions DEFAULTS =
            new NetemOptions(Duration.ZERO, Duration.ZERO, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1000);

    public NetemOptions {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(jitter, "jitter");
        if (delay.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("netem delay and jitter must not be negative: " + delay + ", " + jitter);
        }
        percent("delay correlation", delayCorrelation);
        percent("loss", loss);
        percent("loss correlation", lossCorrelation);
        percent("duplicate", duplicate);
        percent("duplicate correlation", duplicateCorrelation);
        percent("corrupt", corrupt);
        percent("corrupt correlation", corruptCorrelation);
        percent("reorder", reorder);
        percent("reorder correlation", reorderCorrelation);
        if (gap < 0 || rate < 0 || limit < 0) {
            throw new IllegalArgumentException("netem gap, rate and limit must not be negative");
        }
    }

    public NetemOptions delay(Duration delay) {
        return delay(delay, jitter, delayCorrelation);
    }

    public NetemOptions delay(Duration delay, Duration jitter) {
        return delay(delay, jitter, delayCorrelation);
    }

    public NetemOptions delay(Duration delay, Duration jitter, double correlation) {
        return new NetemOptions(delay, jitter, correlation, loss, lossCorrelation, duplicate, duplicateCorrelation,
                corrupt, corruptCorrelation, reorder, reorderCorrelation, gap, rate, limit);
    }

    public NetemOptions loss(double percent) {
        return loss(percent, lossCorrelation);
    }

    public NetemOptions loss(double percent, double correlation) {
        return new NetemOptions(delay, jitter, delayCorrelation, percent, correlation, duplicate, duplicateCorrelation,
                corrupt, corruptCorrelation, reorder, reorderCorrelation, gap, rate, limit);
    }

    public NetemOptions duplicate(double percent) {
        return duplicate(percent, duplicateCorrelation);
    }

    public NetemOptions duplicate(double percent, double correlation) {
        return new NetemOptions(delay, jitter, delayCorrelation, loss, lossCorrelation, percent, correlation,
                corrupt, corruptCorrelation, reorder, reorderCorrelation, gap, rate, limit);
    }

    public NetemOptions corrupt(double percent) {
        return corrupt(percent, corruptCorrelation);
    }

    public NetemOptions corrupt(double percent, double correlation) {
        return new NetemOptions(delay, jitter, delayCorrelation, loss, lossCorrelation, duplicate, duplicateCorrelation,
                percent, correlation, reorder, reorderCorrelation, gap, rate, limit);
    }

    public NetemOptions reorder(double percent, double correlation) {
        return new NetemOptions(delay, jitter, delayCorrelation, loss, lossCorrelation, duplicate, duplicateCorrelation,
                corrupt, corruptCorrelation, percent, correlation, gap, rate, limit);
    }

    public NetemOptions gap(int gap) {
        return new NetemOptions(delay, jitter, delayCorrelation, loss, lossCorrelation, duplicate, duplicateCorrelation,
                corrupt, corruptCorrelation, reorder, reorderCorrelation, gap, rate, limit);
    }

    /** A rate limit in bytes per second. */
    public NetemOptions rate(long bytesPerSecond) {
        return new NetemOptions(delay, jitter, delayCorrelation, loss, lossCorrelation, duplicate, duplicateCorrelation,
                corrupt, corruptCorrelation, reorder, reorderCorrelation, gap, bytesPerSecond, limit);
    }

    /** The queue length in packets. */
    public NetemOptions limit(int packets) {
        return new NetemOptions(delay, jitter, delayCorrelation, loss, lossCorrelation, duplicate, duplicateCorrelation,
                corrupt, corruptCorrelation, reorder, reorderCorrelation, gap, rate, packets);
    }

    @Override
    public String kind() {
        return "netem";
    }

    /** A percentage as the kernel's u32 fraction: {@code rint(percent / 100 × (2^32 - 1))}, as tc computes it. */
    public static int probability(double percent) {
        return (int) (long) Math.rint(percent / 100 * 4294967295.0);
    }

    /** The inverse of {@link #probability(double)}. */
    public static double percent(int probability) {
        return (probability & 0xFFFF_FFFFL) / 4294967295.0 * 100;
    }

    private static void percent(String what, double value) {
        if (!(value >= 0 && value <= 100)) {
            throw new IllegalArgumentException("netem " + what + " is a percentage 0..100: " + value);
        }
    }
}
