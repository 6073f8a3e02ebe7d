package dev.netns;

/**
 * A NAT rule, as a value. Applied with {@link NatTable#apply}.
 *
 * @since 0.1
 */
public sealed interface NatRule permits NatRule.Masquerade {

    /**
     * Rewrites the source address of packets from {@code source} to the outgoing interface's
     * address ({@code iptables -t nat -A POSTROUTING -s SOURCE -j MASQUERADE}).
     *
     * @param source the source prefix
     * @param outInterface the outgoing interface, or {@code null} for any
     */
    record Masquerade(IpPrefix source, String outInterface) implements NatRule {
    }

    /** @return a masquerade of {@code source} on any outgoing interface */
    static Masquerade masquerade(String source) {
        return new Masquerade(IpPrefix.parse(source).network(), null);
    }
}
