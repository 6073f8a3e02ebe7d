package dev.netns.testkit;

import dev.netns.InvalidInputException;
import dev.netns.NatRule;
import java.util.Objects;

/**
 * A NAT rule of a {@link Topology}, applied in one of its hosts (usually the sandbox,
 * {@link Topology#SANDBOX}, which plays the tutorial's host). Immutable, compared by value.
 *
 * <p>NAT specs are made by {@link Topology.Builder#nat(NatRule)} and
 * {@link Topology.Builder#nat(String, NatRule)}:
 *
 * <pre>{@code
 * Topology.builder().nat(NatRule.masquerade("192.168.15.0/24")); // in the sandbox
 * }</pre>
 *
 * @since 0.1
 */
public final class NatSpec {

    private final String host;
    private final NatRule rule;

    /** Validates the components. */
    NatSpec(String host, NatRule rule) {
        Topology.checkNodeName("NAT rule host", host);
        if (rule == null) {
            throw new InvalidInputException("NAT rule for host " + host + " must not be null");
        }
        this.host = host;
        this.rule = rule;
    }

    /** @return the host whose NAT table gets the rule */
    public String host() {
        return host;
    }

    /** @return the rule */
    public NatRule rule() {
        return rule;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NatSpec n && host.equals(n.host) && rule.equals(n.rule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, rule);
    }

    @Override
    public String toString() {
        return "NatSpec[host=" + host + ", rule=" + rule + "]";
    }
}
