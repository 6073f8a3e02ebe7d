package dev.netns.netlink.internal.wire;

/**
 * A qdisc's counters, from TCA_STATS2 (TCA_STATS_BASIC, TCA_STATS_QUEUE, TCA_STATS_PKT64) or,
 * on kernels without it, the legacy TCA_STATS.
 *
 * @param bytes bytes sent
 * @param packets packets sent
 * @param drops packets dropped
 * @param overlimits times the qdisc was over its limit (tbf: a packet had to wait for tokens)
 * @param requeues packets requeued
 * @param qlen packets queued now
 * @param backlog bytes queued now
 */
public record TcStats(long bytes, long packets, long drops, long overlimits, long requeues, long qlen, long backlog) {
}
