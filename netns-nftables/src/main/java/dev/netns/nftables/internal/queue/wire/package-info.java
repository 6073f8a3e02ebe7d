/**
 * The nfnetlink_queue codec: pure Java, no I/O. {@link dev.netns.nftables.internal.queue.wire.NfqMessages}
 * encodes config and verdict requests, {@link dev.netns.nftables.internal.queue.wire.NfqPacket} decodes the
 * packets the kernel queues; malformed input only ever raises {@link dev.netns.MalformedReplyException}.
 */
package dev.netns.nftables.internal.queue.wire;
