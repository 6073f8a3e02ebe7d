package dev.netns;

import dev.netns.internal.Validation;
import java.util.Objects;

/**
 * A policy-routing rule ({@code ip rule}): which packets (by source, destination, input or output
 * interface, firewall mark) are routed by which table, or dropped. Immutable; the selector
 * methods return copies. A rule without {@link #from} or {@link #to} is IPv4 unless {@link #ipv6()}
 * says otherwise.
 *
 * <pre>{@code
 * red.addRule(Rule.lookup(100).from("10.1.0.0/16").priority(1000));  // ip rule add from 10.1.0.0/16 lookup 100 priority 1000
 * red.addRule(Rule.lookup(200).fwmark(0x1).iif("veth-red"));         // ip rule add fwmark 0x1 iif veth-red lookup 200
 * red.addRule(Rule.blackhole().to("10.66.0.0/16").priority(10));     // ip rule add to 10.66.0.0/16 blackhole priority 10
 * }</pre>
 *
 * @since 0.1
 */
public final class Rule {
    private static final long MAX_U32 = 0xFFFF_FFFFL;

    /** What a matching rule does. */
    public enum Action {
        /** Look the packet up in {@link Rule#table()}. */
        LOOKUP,
        /** Drop silently. */
        BLACKHOLE,
        /** Reject with ICMP host unreachable. */
        UNREACHABLE,
        /** Reject with ICMP administratively prohibited. */
        PROHIBIT,
        /** Another action (goto, nop) the kernel reported. */
        OTHER
    }

    private final boolean ipv6;
    private final Action action;
    private final long table;
    private final IpPrefix from;
    private final IpPrefix to;
    private final String iif;
    private final String oif;
    private final Long fwmark;
    private final Long fwmask;
    private final Long priority;

    private Rule(boolean ipv6, Action action, long table, IpPrefix from, IpPrefix to, String iif, String oif, Long fwmark,
            Long fwmask, Long priority) {
        Validation.notNull("rule action", action);
        if (action == Action.LOOKUP && (table < 1 || table > MAX_U32)) {
            throw new InvalidInputException("rule table " + table + " is out of range 1..4294967295");
        }
        checkFamily("from", from, ipv6);
        checkFamily("to", to, ipv6);
        if (iif != null) {
            Validation.interfaceName(iif);
        }
        if (oif != null) {
            Validation.interfaceName(oif);
        }
        checkU32("fwmark", fwmark);
        checkU32("fwmark mask", fwmask);
        checkU32("priority", priority);
        if (fwmask != null && fwmark == null) {
            throw new InvalidInputException("rule fwmark mask 0x" + Long.toHexString(fwmask) + " needs a fwmark");
        }
        this.ipv6 = ipv6;
        this.action = action;
        this.table = action == Action.LOOKUP ? table : 0;
        this.from = from;
        this.to = to;
        this.iif = iif;
        this.oif = oif;
        this.fwmark = fwmark;
        this.fwmask = fwmask;
        this.priority = priority;
    }

    private static void checkFamily(String what, IpPrefix p, boolean ipv6) {
        if (p != null && p.isIpv4() == ipv6) {
            throw new InvalidInputException("rule selector " + what + " " + p + " is not of the rule's family ("
                    + (ipv6 ? "IPv6" : "IPv4") + ")");
        }
    }

    private static void mixed(String what, IpPrefix p, String otherWhat, IpPrefix other) {
        if (other != null && other.isIpv4() != p.isIpv4()) {
            throw new InvalidInputException("rule selector " + what + " " + p + " and " + otherWhat + " " + other
                    + " mix IPv4 and IPv6");
        }
    }

    private static void checkU32(String what, Long v) {
        if (v != null && (v < 0 || v > MAX_U32)) {
            throw new InvalidInputException("rule " + what + " " + v + " is out of range 0..4294967295");
        }
    }

    /** @return a rule that looks packets up in {@code table} ({@code ip rule add lookup TABLE}), matching all */
    public static Rule lookup(long table) {
        return new Rule(false, Action.LOOKUP, table, null, null, null, null, null, null, null);
    }

    /** @return a rule that drops matching packets ({@code ip rule add blackhole}) */
    public static Rule blackhole() {
        return new Rule(false, Action.BLACKHOLE, 0, null, null, null, null, null, null, null);
    }

    /** @return a rule that rejects matching packets with host unreachable ({@code ip rule add unreachable}) */
    public static Rule unreachable() {
        return new Rule(false, Action.UNREACHABLE, 0, null, null, null, null, null, null, null);
    }

    /** @return a rule that rejects matching packets with prohibited ({@code ip rule add prohibit}) */
    public static Rule prohibit() {
        return new Rule(false, Action.PROHIBIT, 0, null, null, null, null, null, null, null);
    }

    /**
     * A rule with any action, matching all: {@link Action#OTHER} describes rules the kernel reports
     * (goto, nop) that {@link NetNamespace#addRule} refuses; a {@link Action#LOOKUP} needs {@link #lookup}.
     *
     * @throws InvalidInputException for {@link Action#LOOKUP}, which needs a table
     */
    public static Rule of(Action action) {
        Validation.notNull("rule action", action);
        if (action == Action.LOOKUP) {
            throw new InvalidInputException("a lookup rule needs a table: use Rule.lookup(TABLE)");
        }
        return new Rule(false, action, 0, null, null, null, null, null, null, null);
    }

    /** @return a copy of the IPv6 family ({@code ip -6 rule}); needed only when neither from nor to is given */
    public Rule ipv6() {
        return new Rule(true, action, table, from, to, iif, oif, fwmark, fwmask, priority);
    }

    /** @return a copy that matches packets from {@code prefix}; its family becomes the rule's */
    public Rule from(String prefix) {
        return from(IpPrefix.parse(prefix));
    }

    /** @return a copy that matches packets from {@code prefix}; its family becomes the rule's */
    public Rule from(IpPrefix prefix) {
        Validation.notNull("rule source", prefix);
        mixed("from", prefix, "to", to);
        return new Rule(!prefix.isIpv4(), action, table, prefix.network(), to, iif, oif, fwmark, fwmask, priority);
    }

    /** @return a copy that matches packets to {@code prefix}; its family becomes the rule's */
    public Rule to(String prefix) {
        return to(IpPrefix.parse(prefix));
    }

    /** @return a copy that matches packets to {@code prefix}; its family becomes the rule's */
    public Rule to(IpPrefix prefix) {
        Validation.notNull("rule destination", prefix);
        mixed("to", prefix, "from", from);
        return new Rule(!prefix.isIpv4(), action, table, from, prefix.network(), iif, oif, fwmark, fwmask, priority);
    }

    /** @return a copy that matches packets arriving on interface {@code name} ({@code iif NAME}) */
    public Rule iif(String name) {
        return new Rule(ipv6, action, table, from, to, name, oif, fwmark, fwmask, priority);
    }

    /** @return a copy that matches packets leaving through interface {@code name} ({@code oif NAME}) */
    public Rule oif(String name) {
        return new Rule(ipv6, action, table, from, to, iif, name, fwmark, fwmask, priority);
    }

    /** @return a copy that matches packets with firewall mark {@code mark} ({@code fwmark MARK}) */
    public Rule fwmark(long mark) {
        return new Rule(ipv6, action, table, from, to, iif, oif, mark, null, priority);
    }

    /** @return a copy that matches packets whose mark, masked with {@code mask}, is {@code mark} ({@code fwmark MARK/MASK}) */
    public Rule fwmark(long mark, long mask) {
        return new Rule(ipv6, action, table, from, to, iif, oif, mark, mask, priority);
    }

    /** @return a copy with a preference (lower is tried first), 0 to 4294967295 */
    public Rule priority(long value) {
        return new Rule(ipv6, action, table, from, to, iif, oif, fwmark, fwmask, value);
    }

    /** @return whether the rule is for IPv6 */
    public boolean isIpv6() {
        return ipv6;
    }

    /** @return what a matching rule does */
    public Action action() {
        return action;
    }

    /** @return the table a {@link Action#LOOKUP} rule consults, 0 for other actions */
    public long table() {
        return table;
    }

    /** @return the source selector, or {@code null} for "from all" */
    public IpPrefix from() {
        return from;
    }

    /** @return the destination selector, or {@code null} */
    public IpPrefix to() {
        return to;
    }

    /** @return the input interface selector, or {@code null} */
    public String iif() {
        return iif;
    }

    /** @return the output interface selector, or {@code null} */
    public String oif() {
        return oif;
    }

    /** @return the firewall mark selector, or {@code null} */
    public Long fwmark() {
        return fwmark;
    }

    /** @return the mask of the firewall mark selector, or {@code null} for the kernel's default (all ones) */
    public Long fwmask() {
        return fwmask;
    }

    /**
     * @return the preference, or {@code null} on a rule to add for "let the kernel choose" (and on a
     *     rule to delete for "any"); rules the kernel reports always have one
     */
    public Long priority() {
        return priority;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rule r && ipv6 == r.ipv6 && action == r.action && table == r.table
                && Objects.equals(from, r.from) && Objects.equals(to, r.to) && Objects.equals(iif, r.iif)
                && Objects.equals(oif, r.oif) && Objects.equals(fwmark, r.fwmark) && Objects.equals(fwmask, r.fwmask)
                && Objects.equals(priority, r.priority);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ipv6, action, table, from, to, iif, oif, fwmark, fwmask, priority);
    }

    /** @return the rule as {@code ip rule} prints it */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (priority != null) {
            sb.append(priority).append(": ");
        }
        sb.append("from ").append(from == null ? "all" : from.toString());
        if (to != null) {
            sb.append(" to ").append(to);
        }
        if (fwmark != null) {
            sb.append(" fwmark 0x").append(Long.toHexString(fwmark));
            if (fwmask != null) {
                sb.append("/0x").append(Long.toHexString(fwmask));
            }
        }
        if (iif != null) {
            sb.append(" iif ").append(iif);
        }
        if (oif != null) {
            sb.append(" oif ").append(oif);
        }
        sb.append(action == Action.LOOKUP ? " lookup " + table : " " + action.name().toLowerCase(java.util.Locale.ROOT));
        if (ipv6 && from == null && to == null) {
            sb.append(" (IPv6)");
        }
        return sb.toString();
    }
}
