/**
 * Impairment in userspace for kernels without netem: packets steered to nfnetlink_queue are
 * delayed, dropped, corrupted or reordered by {@link dev.netns.nftables.internal.queue.PacketQueue}
 * as an {@link dev.netns.nftables.internal.queue.ImpairmentPolicy} decides, from a seed.
 */
package dev.netns.nftables.internal.queue;
