package dev.netns.nftables.internal.wire;

import java.util.List;

/**
 * A rule as a dump reports it.
 *
 * @param family its table's NFPROTO_* family
 * @param handle the kernel's handle, what NFT_MSG_DELRULE needs
 * @param position the handle of the rule before it, 0 for the first (the kernel's NFTA_RULE_POSITION
 *        in a dump)
 * @param expressions the expressions in order, those the model lacks as {@link Expr.Raw}
 * @param userData its user data, or {@code null}; see {@link UserData#commentOf(Bytes)}
 */
public record NftRule(int family, String table, String chain, long handle, long position, List<Expr> expressions,
        Bytes userData) {
    public NftRule {
        expressions = List.copyOf(expressions);
    }
}
