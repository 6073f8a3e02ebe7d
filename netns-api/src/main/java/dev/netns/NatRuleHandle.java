package dev.netns;

/**
 * An applied NAT rule. {@link #close()} removes exactly that rule; it is idempotent.
 *
 * @since 0.1
 */
public interface NatRuleHandle extends AutoCloseable {

    /** @return the rule as applied */
    NatRule rule();

    /** @return the identifier in the rule's {@code iptables} comment ({@code netns:ID}) */
    String id();

    /** @return whether the rule is still applied as far as the SDK knows */
    boolean isActive();

    /**
     * Removes the rule; does nothing if it is already gone.
     *
     * @throws IptablesFailedException if iptables refused (the rule is then still there)
     */
    @Override
    void close();
}
