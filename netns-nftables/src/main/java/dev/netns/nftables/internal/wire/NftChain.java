package dev.netns.nftables.internal.wire;

/**
 * A chain as a dump reports it.
 *
 * @param family its table's NFPROTO_* family
 * @param base hook, type, priority and policy for a base chain, {@code null} for a regular chain
 * @param use how many rules (and jumps) refer to it
 */
public record NftChain(int family, String table, String name, long handle, BaseChain base, int use) {
}
