/**
 * The nf_tables wire format in pure Java: nfnetlink batches, the table, chain and rule messages,
 * rule expressions, dump-reply decoders, and the constants of the kernel headers they come from
 * (linux/netfilter/nf_tables.h, nfnetlink.h, nf_nat.h, linux/netfilter.h). Builds on the generic
 * netlink codec of {@code dev.netns.netlink.internal.wire}. No JNA, no sockets, no system calls;
 * unit-tested without root against bytes captured from {@code nft}. Not API.
 */
package dev.netns.nftables.internal.wire;
