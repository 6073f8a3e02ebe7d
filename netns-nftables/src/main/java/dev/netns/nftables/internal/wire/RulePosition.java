package dev.netns.nftables.internal.wire;

/**
 * Where NEWRULE puts a rule: appended (NLM_F_APPEND) or inserted, at the chain's end or start or
 * next to the rule with a given handle (NFTA_RULE_POSITION), as {@code nft add rule} and
 * {@code nft insert rule} do.
 *
 * @param append after the reference (or at the end) rather than before it (or at the start)
 * @param handle the reference rule's handle, 0 for the chain's end or start
 */
public record RulePosition(boolean append, long handle) {
    /** At the end of the chain ({@code nft add rule}). */
    public static final RulePosition END = new RulePosition(true, 0);
    /** At the start of the chain ({@code nft insert rule}). */
    public static final RulePosition START = new RulePosition(false, 0);

    /** @return right after the rule with this handle ({@code add rule ... position H}) */
    public static RulePosition after(long handle) {
        return new RulePosition(true, handle);
    }

    /** @return right before the rule with this handle ({@code insert rule ... position H}) */
    public static RulePosition before(long handle) {
        return new RulePosition(false, handle);
    }
}
