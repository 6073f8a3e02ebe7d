package dev.netns.netlink.internal.wire;

import java.util.Objects;

/**
 * A qdisc kind that takes no options (clsact, ingress): only TCA_KIND is sent.
 *
 * @param kind the TCA_KIND string
 */
public record BareQdisc(String kind) implements QdiscOptions {
    public static final BareQdisc CLSACT = new BareQdisc("clsact");
    public static final BareQdisc INGRESS = new BareQdisc("ingress");

    public BareQdisc {
        Objects.requireNonNull(kind, "kind");
        if (kind.isEmpty()) {
            throw new IllegalArgumentException("empty qdisc kind");
        }
    }
}
