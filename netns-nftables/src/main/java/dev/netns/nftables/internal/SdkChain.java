package dev.netns.nftables.internal;

import dev.netns.nftables.internal.wire.BaseChain;
import dev.netns.nftables.internal.wire.Netfilter;

/**
 * The base chains of the SDK's table, at the standard priorities ({@code dstnat} -100,
 * {@code srcnat} 100, {@code filter} 0), so they run beside the user's own chains at the same hooks
 * in the order everyone expects. A chain is created with the first rule that needs it: a nat chain
 * makes the kernel track connections in the namespace, which a namespace with only filter rules
 * does not need.
 */
enum SdkChain {
    PREROUTING("prerouting", "nat", Netfilter.NF_INET_PRE_ROUTING, -100),
    NAT_OUTPUT("nat-output", "nat", Netfilter.NF_INET_LOCAL_OUT, -100),
    POSTROUTING("postrouting", "nat", Netfilter.NF_INET_POST_ROUTING, 100),
    INPUT("input", "filter", Netfilter.NF_INET_LOCAL_IN, 0),
    FORWARD("forward", "filter", Netfilter.NF_INET_FORWARD, 0),
    OUTPUT("output", "filter", Netfilter.NF_INET_LOCAL_OUT, 0);

    final String chainName;
    final BaseChain base;

    SdkChain(String chainName, String type, int hook, int priority) {
        this.chainName = chainName;
        this.base = new BaseChain(type, hook, priority, null);
    }

    boolean isNat() {
        return base.type().equals("nat");
    }

    static SdkChain named(String name) {
        for (SdkChain c : values()) {
            if (c.chainName.equals(name)) {
                return c;
            }
        }
        return null;
    }
}
