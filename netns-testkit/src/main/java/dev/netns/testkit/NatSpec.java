package dev.netns.testkit;

import dev.netns.InvalidInputException;
import dev.netns.NatRule;

/**
 * A NAT rule of a {@link Topology}, applied in one of its hosts (usually the sandbox,
 * {@link Topology#SANDBOX}, which plays the tutorial's host).
 *
 * <pre>{@code
 * new NatSpec(Topology.SANDBOX, NatRule.masquerade("192.168.15.0/24"));
 * }</pre>
 *
 * @param host the host whose NAT table gets the rule
 * @param rule the rule
 * @since 0.1
 */
public record NatSpec(String host, NatRule rule) {

    /** Validates the components. */
    public NatSpec {
        Topology.checkNodeName("NAT rule host", host);
        if (rule == null) {
            throw new InvalidInputException("NAT rule for host " + host + " must not be null");
        }
    }
}
