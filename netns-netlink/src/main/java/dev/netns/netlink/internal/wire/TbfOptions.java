package dev.netns.netlink.internal.wire;

import java.time.Duration;

/**
 * The token bucket filter: a rate limit with a bucket of {@code burst} bytes and a queue of at
 * most {@code limit} bytes, optionally a peak rate with a second bucket of one {@code mtu}.
 * Rates are in bytes per second (tc's {@code 1mbit} is 125 000), sizes in bytes.
 *
 * <p>A decoded tbf has its burst and mtu converted back from the psched ticks the kernel reports,
 * as tc shows them, so they may be a few bytes off what was configured.
 *
 * @param rate bytes per second, positive
 * @param burst bucket size in bytes, positive
 * @param limit queue size in bytes, positive
 * @param peakRate bytes per second, 0 for none
 * @param mtu the peak bucket's size in bytes, positive when there is a peak rate, else 0
 */
public record TbfOptions(long rate, int burst, int limit, long peakRate, int mtu) implements QdiscOptions {

    public TbfOptions {
        if (rate <= 0) {
            throw new IllegalArgumentException("tbf rate must be positive: " + rate);
        }
        if (burst <= 0 || limit <= 0) {
            throw new IllegalArgumentException("tbf burst and limit must be positive: burst " + burst + ", limit " + limit);
        }
        if (peakRate < 0 || mtu < 0 || (peakRate > 0 && mtu == 0)) {
            throw new IllegalArgumentException("tbf peak rate needs an mtu: peak " + peakRate + ", mtu " + mtu);
        }
    }

    /** A tbf without peak rate. */
    public static TbfOptions of(long rate, int burst, int limit) {
        return new TbfOptions(rate, burst, limit, 0, 0);
    }

    /**
     * A tbf whose queue holds what the rate drains in {@code latency}, as {@code tc ... latency}:
     * {@code limit = rate × latency + burst} (latency in whole microseconds, result truncated).
     */
    public static TbfOptions withLatency(long rate, int burst, Duration latency) {
        return new TbfOptions(rate, burst, latencyLimit(rate, burst, latency, 0, 0), 0, 0);
    }

    /**
     * {@link #withLatency(long, int, Duration)} with a peak rate: the limit is the smaller of the
     * two buckets' ({@code peakRate × latency + mtu}), as tc computes it.
     */
    public static TbfOptions withLatency(long rate, int burst, Duration latency, long peakRate, int mtu) {
        return new TbfOptions(rate, burst, latencyLimit(rate, burst, latency, peakRate, mtu), peakRate, mtu);
    }

    @Override
    public String kind() {
        return "tbf";
    }

    private static int latencyLimit(long rate, int burst, Duration latency, long peakRate, int mtu) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("negative latency: " + latency);
        }
        double micros = latency.toNanos() / 1000;
        double limit = rate * micros / 1_000_000 + burst;
        if (peakRate > 0) {
            double peakLimit = peakRate * micros / 1_000_000 + mtu;
            limit = Math.min(limit, peakLimit);
        }
        if (limit >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tbf limit for latency " + latency + " exceeds 2^31 bytes");
        }
        return (int) limit;
    }
}
