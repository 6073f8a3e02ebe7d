package dev.netns;

import java.util.List;

/**
 * The packet-filter rules the SDK manages in one namespace, obtained with
 * {@code ns.packetFilter().filter()}. The rules live in the SDK's own place (its own nf_tables
 * table, or its own iptables chains), apart from rules others wrote, which are never changed. Every
 * change is atomic: all of it lands or none of it does.
 *
 * <p>Safe to use from many threads: changes to one namespace are serialized.
 *
 * @since 0.1
 */
public interface FilterTable {

    /**
     * Applies a rule atomically.
     *
     * @return a handle whose {@link FilterRuleHandle#close()} removes exactly this rule
     * @throws KernelException if the kernel refused (nf_tables backend; nothing was changed)
     * @throws RuleRejectedException if the iptables backend refused (nothing was changed)
     * @throws NotSupportedException if the backend cannot write this kind of rule
     */
    FilterRuleHandle apply(FilterRule rule);

    /**
     * Applies several rules in one atomic change: all of them or none.
     *
     * @return one handle per rule, in the same order
     */
    List<FilterRuleHandle> applyAll(List<? extends FilterRule> rules);

    /** @return the rules the SDK applied in this namespace and has not removed, in order */
    List<FilterRule> rules();

    /** Removes every filter rule the SDK applied here. Handles of the removed rules become no-ops. */
    void clear();
}
