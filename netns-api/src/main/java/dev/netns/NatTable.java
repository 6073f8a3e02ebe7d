package dev.netns;

import java.util.List;

/**
 * The NAT rules the SDK manages in one namespace, obtained with {@link NetNamespace#nat()}.
 *
 * <p>Rules live in chains the SDK owns ({@code NETNS-PREROUTING}, {@code NETNS-OUTPUT},
 * {@code NETNS-POSTROUTING} in the {@code nat} table), jumped to from the built-in chains; each
 * rule carries a comment ({@code netns:ID}) that identifies it. The user's own rules are never
 * changed or reordered. Every change is one {@code iptables-restore --noflush --wait} run inside
 * the namespace, so either all of it lands or none of it does.
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
     * @throws IptablesFailedException if iptables refused the change (nothing was changed)
     * @throws ToolNotFoundException if the backend needs a program that is not installed
     */
    NatRuleHandle apply(NatRule rule);

    /**
     * Applies several rules in one {@code iptables-restore}: all of them or none.
     *
     * @return one handle per rule, in the same order
     * @throws IptablesFailedException if iptables refused the change (nothing was changed)
     */
    List<NatRuleHandle> applyAll(List<? extends NatRule> rules);

    /** @return the rules the SDK applied in this namespace and has not removed, in order */
    List<NatRule> rules();

    /**
     * Removes every rule the SDK applied here, the jumps to its chains and the chains
     * themselves; afterwards {@code iptables-save} of the namespace shows nothing of the SDK.
     * Handles of the removed rules become no-ops.
     */
    void clear();

    /** {@link #clear()}: the table may still be used afterwards. */
    @Override
    default void close() {
        clear();
    }
}
