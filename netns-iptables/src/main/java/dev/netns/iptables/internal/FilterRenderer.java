package dev.netns.iptables.internal;

import dev.netns.FilterRule;
import dev.netns.FilterRule.IpProtocol;
import java.util.Locale;

/**
 * Turns {@link FilterRule}s into rule specs of the {@code filter} table, in the SDK's chains
 * ({@code NETNS-INPUT}, {@code NETNS-FORWARD}, {@code NETNS-OUTPUT}). Pure, unit-tested without root.
 */
final class FilterRenderer {
    static final String INPUT = "NETNS-INPUT";
    static final String FORWARD = "NETNS-FORWARD";
    static final String OUTPUT = "NETNS-OUTPUT";

    private FilterRenderer() {
    }

    /** @return the SDK chain of {@code rule}'s direction */
    static String chain(FilterRule rule) {
        return switch (rule.direction()) {
            case INPUT -> INPUT;
            case FORWARD -> FORWARD;
            case OUTPUT -> OUTPUT;
        };
    }

    /** @return the built-in chain that jumps to the SDK chain {@code sdkChain} */
    static String builtin(String sdkChain) {
        return sdkChain.substring("NETNS-".length());
    }

    /** @return everything after {@code -A CHAIN} */
    static String spec(FilterRule rule, String id) {
        StringBuilder s = new StringBuilder();
        if (rule.source() != null) {
            s.append("-s ").append(rule.source()).append(' ');
        }
        if (rule.destination() != null) {
            s.append("-d ").append(rule.destination()).append(' ');
        }
        if (rule.inInterface() != null) {
            s.append("-i ").append(rule.inInterface()).append(' ');
        }
        if (rule.outInterface() != null) {
            s.append("-o ").append(rule.outInterface()).append(' ');
        }
        if (rule.protocol() != null) {
            String p = rule.protocol().name().toLowerCase(Locale.ROOT);
            s.append("-p ").append(p).append(' ');
            if (rule.destinationPorts() != null) {
                var r = rule.destinationPorts();
                s.append("-m ").append(p).append(" --dport ")
                        .append(r.size() == 1 ? Integer.toString(r.first()) : r.first() + ":" + r.last()).append(' ');
            }
        }
        if (rule.newConnectionsOnly() && rule.protocol() == FilterRule.IpProtocol.TCP) {
            // the SYN, not conntrack's NEW: a connection opened before any rule needed conntrack
            // would look NEW at its next packet
            s.append("--syn ");
        } else if (rule.newConnectionsOnly()) {
            s.append("-m conntrack --ctstate NEW ");
        }
        if (rule.probability() < 1) {
            s.append(String.format(Locale.ROOT, "-m statistic --mode random --probability %.6f ", rule.probability()));
        }
        s.append("-m comment --comment ").append(RuleRenderer.comment(id)).append(' ');
        if (rule.action() == FilterRule.Action.DROP) {
            s.append("-j DROP");
        } else if (rule.protocol() == IpProtocol.TCP) {
            s.append("-j REJECT --reject-with tcp-reset");
        } else {
            s.append("-j REJECT");
        }
        return s.toString();
    }
}
