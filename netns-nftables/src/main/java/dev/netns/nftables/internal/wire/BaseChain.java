package dev.netns.nftables.internal.wire;

import java.util.Objects;

/**
 * What makes a chain a base chain: attached to a netfilter hook with a type and a priority, and
 * optionally a default policy.
 *
 * @param type "filter", "nat" or "route"
 * @param hook an NF_INET_* hook
 * @param priority the hook priority (nat: dstnat -100, srcnat 100; filter 0)
 * @param policy NF_ACCEPT or NF_DROP, or {@code null} for none given (the kernel then accepts)
 */
public record BaseChain(String type, int hook, int priority, Integer policy) {
    public BaseChain {
        Objects.requireNonNull(type, "type");
    }
}
