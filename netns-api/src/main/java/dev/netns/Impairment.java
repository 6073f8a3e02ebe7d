package dev.netns;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What to do to the packets leaving one end of a link: delay them (with jitter), drop, duplicate,
 * corrupt or reorder a random share of them, or limit their rate. Applied with
 * {@link Link#impair(Impairment)}, which keeps it in force until the returned handle is closed.
 *
 * <pre>{@code
 * try (ImpairmentHandle slow = redEth0.impair(Impairment.builder()
 *         .delay(Duration.ofMillis(50)).jitter(Duration.ofMillis(5)).loss(0.01).seed(42).build())) {
 *     ...   // packets red sends on eth0 wait 45-55 ms, 1 % are lost
 * }
 * }</pre>
 *
 * <p>An impairment acts in one direction, on what the link end sends; impair both ends for both
 * directions. Where the kernel has the {@code netem} queueing discipline the SDK uses it; where it
 * has not (many distribution and CI kernels), packets are steered to an SDK thread that does the
 * same in userspace. With a {@linkplain Builder#seed(long) seed} every random decision (which
 * packets are lost, how long each waits) follows from it, so a failing run can be replayed with
 * the same losses; netem cannot do that, so a seeded impairment always runs in userspace.
 *
 * @since 0.1
 */
public final class Impairment {
    private final Duration delay;
    private final Duration jitter;
    private final double loss;
    private final double duplicate;
    private final double corrupt;
    private final double reorder;
    private final long rateBitsPerSecond;
    private final Long seed;

    private Impairment(Builder b) {
        this.delay = b.delay;
        this.jitter = b.jitter;
        this.loss = b.loss;
        this.duplicate = b.duplicate;
        this.corrupt = b.corrupt;
        this.reorder = b.reorder;
        this.rateBitsPerSecond = b.rate;
        this.seed = b.seed;
    }

    /** @return a builder of an impairment that does nothing yet */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder that starts from this impairment */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.delay = delay;
        b.jitter = jitter;
        b.loss = loss;
        b.duplicate = duplicate;
        b.corrupt = corrupt;
        b.reorder = reorder;
        b.rate = rateBitsPerSecond;
        b.seed = seed;
        return b;
    }

    /** @return the added delay */
    public Duration delay() {
        return delay;
    }

    /** @return the largest deviation from the delay, either way (uniformly distributed) */
    public Duration jitter() {
        return jitter;
    }

    /** @return the share of packets dropped, 0 to 1 */
    public double loss() {
        return loss;
    }

    /** @return the share of packets sent twice, 0 to 1 */
    public double duplicate() {
        return duplicate;
    }

    /** @return the share of packets with one byte changed, 0 to 1 */
    public double corrupt() {
        return corrupt;
    }

    /** @return the share of packets sent at once while the others wait out the delay, 0 to 1 */
    public double reorder() {
        return reorder;
    }

    /** @return the rate limit in bits per second; 0 for none */
    public long rateBitsPerSecond() {
        return rateBitsPerSecond;
    }

    /** @return the seed of the random decisions, if one was given */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /** @return whether anything but the rate is impaired (delay, jitter, loss, duplicates, corruption, reordering) */
    public boolean emulatesPackets() {
        return !delay.isZero() || !jitter.isZero() || loss > 0 || duplicate > 0 || corrupt > 0 || reorder > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Impairment i && i.delay.equals(delay) && i.jitter.equals(jitter) && i.loss == loss
                && i.duplicate == duplicate && i.corrupt == corrupt && i.reorder == reorder
                && i.rateBitsPerSecond == rateBitsPerSecond && Objects.equals(i.seed, seed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(delay, jitter, loss, duplicate, corrupt, reorder, rateBitsPerSecond, seed);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Impairment[");
        if (!delay.isZero()) {
            sb.append("delay ").append(delay.toMillis()).append(" ms ");
        }
        if (!jitter.isZero()) {
            sb.append("jitter ").append(jitter.toMillis()).append(" ms ");
        }
        append(sb, "loss", loss);
        append(sb, "duplicate", duplicate);
        append(sb, "corrupt", corrupt);
        append(sb, "reorder", reorder);
        if (rateBitsPerSecond > 0) {
            sb.append("rate ").append(rateBitsPerSecond).append(" bit/s ");
        }
        if (seed != null) {
            sb.append("seed ").append(seed).append(' ');
        }
        return sb.toString().strip() + "]";
    }

    private static void append(StringBuilder sb, String what, double share) {
        if (share > 0) {
            sb.append(what).append(' ').append(share * 100).append("% ");
        }
    }

    /** Builds an {@link Impairment}; every setter checks its value at once. */
    public static final class Builder {
        private Duration delay = Duration.ZERO;
        private Duration jitter = Duration.ZERO;
        private double loss;
        private double duplicate;
        private double corrupt;
        private double reorder;
        private long rate;
        private Long seed;

        private Builder() {
        }

        /** Delays every packet by {@code delay} (at most one hour). */
        public Builder delay(Duration delay) {
            this.delay = duration("delay", delay);
            return this;
        }

        /** Varies the delay by up to {@code jitter} either way; needs a delay at least as long. */
        public Builder jitter(Duration jitter) {
            this.jitter = duration("jitter", jitter);
            return this;
        }

        /** Drops a share of the packets, 0 to 1 (0.2 drops one in five on average). */
        public Builder loss(double share) {
            this.loss = share("loss", share);
            return this;
        }

        /** Sends a share of the packets twice, 0 to 1. */
        public Builder duplicate(double share) {
            this.duplicate = share("duplicate", share);
            return this;
        }

        /** Changes one byte in a share of the packets, 0 to 1; receivers' checksums drop most of them. */
        public Builder corrupt(double share) {
            this.corrupt = share("corrupt", share);
            return this;
        }

        /** Sends a share of the packets at once while the others wait out the delay, 0 to 1; needs a delay. */
        public Builder reorder(double share) {
            this.reorder = share("reorder", share);
            return this;
        }

        /** Limits the rate to {@code bitsPerSecond} (at least 8,000 bit/s). */
        public Builder rate(long bitsPerSecond) {
            if (bitsPerSecond < 8_000) {
                throw new InvalidInputException("impairment rate " + bitsPerSecond + " bit/s is below the minimum of 8000 bit/s");
            }
            this.rate = bitsPerSecond;
            return this;
        }

        /** Seeds every random decision, so that the same seed gives the same losses and delays. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @return the impairment
         * @throws InvalidInputException if it does nothing, if the jitter exceeds the delay, or if
         *     reordering has no delay to reorder against
         */
        public Impairment build() {
            if (jitter.compareTo(delay) > 0) {
                throw new InvalidInputException("impairment jitter " + jitter.toMillis() + " ms exceeds its delay "
                        + delay.toMillis() + " ms; a packet cannot leave before it was sent");
            }
            if (reorder > 0 && delay.isZero()) {
                throw new InvalidInputException("impairment reorder " + reorder + " needs a delay: reordered packets are "
                        + "the ones that skip it");
            }
            Impairment i = new Impairment(this);
            if (!i.emulatesPackets() && rate == 0) {
                throw new InvalidInputException("impairment does nothing: set a delay, loss, duplicate, corrupt, reorder or rate");
            }
            return i;
        }

        private static Duration duration(String what, Duration d) {
            if (d == null || d.isNegative() || d.compareTo(Duration.ofHours(1)) > 0) {
                throw new InvalidInputException("impairment " + what + " " + d + " must be between 0 and 1 hour");
            }
            return d;
        }

        private static double share(String what, double share) {
            if (!(share >= 0 && share <= 1)) {
                throw new InvalidInputException("impairment " + what + " " + share + " must be a share between 0 and 1");
            }
            return share;
        }
    }
}
