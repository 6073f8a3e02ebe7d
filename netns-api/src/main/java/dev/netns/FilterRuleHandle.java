package dev.netns;

/**
 * An applied {@link FilterRule}. {@link #close()} removes exactly that rule; it is idempotent.
 *
 * @since 0.1
 */
public interface FilterRuleHandle extends AutoCloseable {

    /** @return the rule as applied */
    FilterRule rule();

    /** @return the identifier the backend marks the rule with (in its comment, {@code netns:ID}) */
    String id();

    /** @return whether the rule is still applied as far as the SDK knows */
    boolean isActive();

    /**
     * Removes the rule; does nothing if it is already gone or its namespace is.
     *
     * @throws KernelException or {@link RuleRejectedException} if the backend refused (the rule is
     *     then still there)
     */
    @Override
    void close();
}
