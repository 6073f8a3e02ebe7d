package dev.netns;

import java.util.List;

/**
 * The NAT rules the SDK manages in one namespace, obtained with {@link NetNamespace#nat()}.
 *
 * <p>Part of the namespace's {@link PacketFilter}. Rules live in the SDK's own place (its own
 * nf_tables table, or its own chains with the iptables backend), and each rule carries a comment
 * ({@code netns:ID}) that identifies it. Rules others wrote are never changed or reordered, and
 * keep working beside the SDK's. Every change is one transaction inside the namespace, so either
 * all of it lands or none of it does.
 *
 * <p>Safe to use from many threads: changes to one namespace are serialized.
 *
 * @since 0.1
 */
public interface NatTable extends AutoCloseable {

    /**
     * Applies a rule atomically.
     *
     * @return a handle whose {@link NatRuleHandle#close()} removes exactly this rule
     * @throws KernelException if the kernel refused the change (nf_tables; nothing was changed)
     * @throws RuleRejectedException if iptables refused the change (nothing was changed)
     * @throws NotSupportedException if the backend cannot write this rule (IPv6 with iptables)
     * @throws ToolNotFoundException if the backend needs a program that is not installed
     */
    NatRuleHandle apply(NatRule rule);

    /**
     * Applies several rules in one transaction: all of them or none.
     *
     * @return one handle per rule, in the same order
     * @throws KernelException or {@link RuleRejectedException} if the backend refused the change
     *     (nothing was changed)
     */
    List<NatRuleHandle> applyAll(List<? extends NatRule> rules);

    /** @return the rules the SDK applied in this namespace and has not removed, in order */
    List<NatRule> rules();

    /**
     * Removes every NAT rule the SDK applied here; once neither NAT nor filter rules are left, the
     * backend removes what it made to hold them, so the namespace's ruleset shows nothing of the SDK.
     * Handles of the removed rules become no-ops.
     */
    void clear();

    /** {@link #clear()}: the table may still be used afterwards. */
    @Override
    default void close() {
        clear();
    }
}
