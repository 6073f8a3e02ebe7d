package dev.netns;

import java.util.List;

/**
 * The NAT rules the SDK manages in one namespace. Rules live in chains the SDK owns; the user's
 * own rules are never changed.
 *
 * @since 0.1
 */
public interface NatTable {

    /**
     * Applies a rule atomically.
     *
     * @return a handle whose {@link NatRuleHandle#close()} removes exactly this rule
     */
    NatRuleHandle apply(NatRule rule);

    /** @return the rules the SDK applied in this namespace and has not removed */
    List<NatRule> rules();

    /** Removes every rule the SDK applied here, and its chains. */
    void clear();
}
