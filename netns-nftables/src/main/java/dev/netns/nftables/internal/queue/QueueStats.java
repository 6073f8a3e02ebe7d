package dev.netns.nftables.internal.queue;

/**
 * Counters of a {@link PacketQueue} since it was opened.
 *
 * @param received packets the kernel queued to the engine
 * @param accepted packets given NF_ACCEPT (after their delay)
 * @param dropped packets given NF_DROP (loss)
 * @param corrupted accepted packets sent back with a flipped byte
 * @param reordered packets that skipped the delay
 * @param held packets waiting for their verdict now
 * @param kernelErrors errors the kernel answered to verdicts (for example an unknown packet id)
 * @param engineNanos total time packets spent in the engine beyond their chosen delay: the queue's
 *     own cost (decision, scheduling lateness), summed over released packets
 */
public record QueueStats(long received, long accepted, long dropped, long corrupted, long reordered, long held,
        long kernelErrors, long engineNanos) {

    /** @return the engine's own mean added latency per released packet, in microseconds */
    public double meanEngineMicros() {
        long released = accepted + dropped;
        return released == 0 ? 0 : engineNanos / 1000.0 / released;
    }
}
