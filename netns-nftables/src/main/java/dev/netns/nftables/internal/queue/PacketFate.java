package dev.netns.nftables.internal.queue;

/**
 * What happens to one queued packet.
 *
 * @param drop whether it is dropped (then the other fields are unused)
 * @param delayNanos how long it is held before its verdict
 * @param reordered whether it skipped the delay
 * @param corruptOffset the byte of the packet that is flipped, or -1 for none
 */
record PacketFate(boolean drop, long delayNanos, boolean reordered, int corruptOffset) {
    static final PacketFate DROP = new PacketFate(true, 0, false, -1);
}
