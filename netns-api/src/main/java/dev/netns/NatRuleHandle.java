package dev.netns;

/**
 * An applied NAT rule. {@link #close()} removes exactly that rule; it is idempotent.
 *
 * @since 0.1
 */
public interface NatRuleHandle extends AutoCloseable {

    /** @return the rule as applied */
    NatRule rule();

    /** Removes the rule; does nothing if it is already gone. */
    @Override
    void close();
}
