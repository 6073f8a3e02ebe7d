package dev.netns.nftables.internal;

import dev.netns.nftables.internal.wire.Expr;
import java.util.List;

/**
 * One nf_tables rule the SDK writes for a NAT or filter rule (a port forward becomes several).
 *
 * @param chain the SDK chain it goes in
 * @param expressions its expressions, in order, ending with the verdict or the NAT statement
 */
record RenderedRule(SdkChain chain, List<Expr> expressions) {
    RenderedRule {
        expressions = List.copyOf(expressions);
    }
}
