package dev.netns.nftables.internal.queue;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Turns an {@link ImpairmentPolicy} into a fate per packet. Every packet consumes exactly the same
 * number of random draws whatever is decided, so packet k's fate depends only on the seed and k:
 * a replay with the same seed drops the same packets even if, say, corruption is turned on.
 * Not thread-safe: the queue's one reader thread owns it.
 */
final class Impairer {
    private static final int FLIP = 0xff;

    private final ImpairmentPolicy policy;
    private final RandomGenerator random;
    private final long delayNanos;
    private final long jitterNanos;

    Impairer(ImpairmentPolicy policy) {
        this.policy = policy;
        // SplittableRandom's algorithm is specified, so a seed means the same sequence on every JDK.
        this.random = new SplittableRandom(policy.seed());
        this.delayNanos = policy.delay().toNanos();
        this.jitterNanos = policy.jitter().toNanos();
    }

    /** @return the fate of the next packet; {@code packet} starts at its IP header */
    PacketFate decide(byte[] packet) {
        double lossDraw = random.nextDouble();
        double corruptDraw = random.nextDouble();
        double reorderDraw = random.nextDouble();
        double jitterA = random.nextDouble();
        double jitterB = random.nextDouble();
        double positionDraw = random.nextDouble();
        if (lossDraw < policy.loss()) {
            return PacketFate.DROP;
        }
        boolean reordered = delayNanos > 0 && reorderDraw < policy.reorder();
        long delay = reordered ? 0 : Math.max(0, delayNanos + jitter(jitterA, jitterB));
        int offset = -1;
        if (corruptDraw < policy.corruption()) {
            int start = Layer4.corruptibleStart(packet);
            if (start >= 0 && start < packet.length) {
                offset = start + (int) (positionDraw * (packet.length - start));
            }
        }
        return new PacketFate(false, delay, reordered, offset);
    }

    private long jitter(double a, double b) {
        if (jitterNanos == 0) {
            return 0;
        }
        if (policy.distribution() == JitterDistribution.UNIFORM) {
            return (long) ((2 * a - 1) * jitterNanos);
        }
        // Box-Muller from two fixed draws (nextGaussian may take a varying number of draws).
        double gaussian = Math.sqrt(-2 * Math.log(1 - a)) * Math.cos(2 * Math.PI * b);
        return (long) (gaussian * jitterNanos);
    }

    /** Flips the byte a fate names, in place. */
    static void corrupt(byte[] packet, int offset) {
        packet[offset] ^= (byte) FLIP;
    }
}
