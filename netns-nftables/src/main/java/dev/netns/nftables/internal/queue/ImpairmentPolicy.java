package dev.netns.nftables.internal.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link PacketQueue} does to the packets steered to it: delay with jitter, loss,
 * corruption and reordering, all drawn from one seeded generator so that a run can be replayed
 * (the same seed and the same packets in the same order give the same drops, delays and
 * corruptions). Immutable; build it with {@link #builder()}.
 *
 * <p>Corruption flips one byte of the packet's layer-4 payload (or of its layer-4 header when the
 * payload is empty) and leaves the checksum as it was. The queue does not ask for GSO packets, so
 * the kernel completes checksums before copying packets out and marks a changed packet's checksum
 * as unchecked: the receiver verifies it and drops the packet, which is what corruption on a wire
 * looks like to UDP, TCP and ICMP. Only IPv4 UDP with checksum 0 (disabled) delivers changed data.
 *
 * <p>Reordering follows netem: with probability {@code reorder} a packet skips the delay and goes
 * at once, overtaking those still held. Jitter larger than the gap between packets reorders too.
 * Duplication cannot be done by a verdict; nf_tables {@code dup} does it in the kernel.
 */
public final class ImpairmentPolicy {
    private static final ImpairmentPolicy NONE = builder().build();

    private final Duration delay;
    private final Duration jitter;
    private final JitterDistribution distribution;
    private final double loss;
    private final double corruption;
    private final double reorder;
    private final long seed;

    private ImpairmentPolicy(Builder b) {
        this.delay = b.delay;
        this.jitter = b.jitter;
        this.distribution = b.distribution;
        this.loss = b.loss;
        this.corruption = b.corruption;
        this.reorder = b.reorder;
        this.seed = b.seed;
    }

    /** @return a policy that accepts every packet at once (measures the queue's own cost) */
    public static ImpairmentPolicy none() {
        return NONE;
    }

    /** @return a builder with no impairment and seed 0 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the mean added delay */
    public Duration delay() {
        return delay;
    }

    /** @return the jitter: half-width (uniform) or standard deviation (normal) */
    public Duration jitter() {
        return jitter;
    }

    /** @return how jitter is drawn */
    public JitterDistribution distribution() {
        return distribution;
    }

    /** @return the probability that a packet is dropped */
    public double loss() {
        return loss;
    }

    /** @return the probability that an accepted packet has one byte flipped */
    public double corruption() {
        return corruption;
    }

    /** @return the probability that a packet skips the delay */
    public double reorder() {
        return reorder;
    }

    /** @return the seed of the decisions */
    public long seed() {
        return seed;
    }

    @Override
    public String toString() {
        return "ImpairmentPolicy[delay=" + delay.toMillis() + "ms, jitter=" + jitter.toMillis() + "ms " + distribution
                + ", loss=" + loss + ", corruption=" + corruption + ", reorder=" + reorder + ", seed=" + seed + "]";
    }

    /** Builds an {@link ImpairmentPolicy}; every setting is validated when set. */
    public static final class Builder {
        private Duration delay = Duration.ZERO;
        private Duration jitter = Duration.ZERO;
        private JitterDistribution distribution = JitterDistribution.UNIFORM;
        private double loss;
        private double corruption;
        private double reorder;
        private long seed;

        private Builder() {
        }

        /** Adds {@code delay} to every accepted packet (0 to 1 hour). */
        public Builder delay(Duration delay) {
            this.delay = nonNegative("delay", delay);
            return this;
        }

        /** Varies the delay per packet, uniformly by up to {@code jitter} either way. */
        public Builder jitter(Duration jitter) {
            return jitter(jitter, JitterDistribution.UNIFORM);
        }

        /** Varies the delay per packet with the given distribution. */
        public Builder jitter(Duration jitter, JitterDistribution distribution) {
            this.jitter = nonNegative("jitter", jitter);
            this.distribution = Objects.requireNonNull(distribution, "distribution");
            return this;
        }

        /** Drops each packet with this probability (0..1). */
        public Builder loss(double probability) {
            this.loss = probability("loss", probability);
            return this;
        }

        /** Flips one byte of each accepted packet with this probability (0..1). */
        public Builder corruption(double probability) {
            this.corruption = probability("corruption", probability);
            return this;
        }

        /** Sends each packet at once, ahead of delayed ones, with this probability (0..1). */
        public Builder reorder(double probability) {
            this.reorder = probability("reorder", probability);
            return this;
        }

        /** Seeds the decisions: the same seed replays the same drops, delays and corruptions. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @return the policy */
        public ImpairmentPolicy build() {
            return new ImpairmentPolicy(this);
        }

        private static Duration nonNegative(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException(what + " " + d + " is not within 0..1h");
            }
            return d;
        }

        private static double probability(String what, double p) {
            if (!(p >= 0 && p <= 1)) { // also rejects NaN
                throw new IllegalArgumentException(what + " probability " + p + " is not within 0..1");
            }
            return p;
        }
    }
}
