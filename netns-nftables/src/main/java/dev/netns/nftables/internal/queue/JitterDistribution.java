package dev.netns.nftables.internal.queue;

/** How a packet's jitter is drawn around the configured delay. */
public enum JitterDistribution {
    /** Uniform in {@code [delay - jitter, delay + jitter]}. */
    UNIFORM,
    /** Normal with mean {@code delay} and standard deviation {@code jitter}, cut at 0. */
    NORMAL
}
