package dev.netns;

/**
 * An applied NAT rule. {@link #close()} removes exactly that rule; it is idempotent.
 *
 * @since 0.1
 */
public interface NatRuleHandle extends AutoCloseable {

    /** @return the rule as applied */
    NatRule rule();

    /** @return the identifier in the rule's comment ({@code netns:ID}) */
    String id();

    /** @return whether the rule is still applied as far as the SDK knows */
    boolean isActive();

    /**
     * Removes the rule; does nothing if it is already gone. Works even after the namespace handle
     * the rule was applied through is closed: it goes through another open handle to the
     * namespace, or, for a named namespace that still exists under {@code /run/netns} (after
     * {@link NetNamespace#release()}), one opened for the occasion; only when the namespace is gone
     * is the rule just forgotten.
     *
     * @throws KernelException or {@link RuleRejectedException} if the backend refused (the rule
     *     is then still there)
     */
    @Override
    void close();
}
