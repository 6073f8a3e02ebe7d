package dev.netns.netlink.internal.wire;

import dev.netns.LinkInfo;

/**
 * Everything {@link LinkKindMessages#decode(NlMessage)} reads from a link message: the common
 * fields, the kind-specific data, and the counters when the kernel sent them.
 *
 * @param link the common fields; for a veth, {@link LinkInfo#linkIndex()} is the peer's index
 * @param kindSpec the kind-specific data, {@code null} for a kind without a model here (veth,
 *     loopback, unknown kinds)
 * @param linkNetnsId IFLA_LINK_NETNSID: the namespace (as this namespace numbers it) where
 *     {@link LinkInfo#linkIndex()} lives, such as a veth peer's; -1 when it is this namespace
 * @param stats IFLA_STATS64, or {@code null} if the request skipped statistics
 */
public record LinkDetails(LinkInfo link, LinkKindSpec kindSpec, int linkNetnsId, LinkStats stats) {
}
