package dev.netns;

/**
 * An address assigned to a link.
 *
 * @param prefix the address and prefix length
 * @param index the index of the link that carries it
 * @param scope the address scope as iproute2 prints it: "global", "link", "host"
 * @since 0.1
 */
public record LinkAddress(IpPrefix prefix, int index, String scope) {
}
