package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.FibRules.*;

import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import dev.netns.internal.Validation;

/**
 * A policy-routing rule ({@code ip rule}): what a request adds or deletes and what a dump or
 * notification reports. Optional selectors are {@code null} when absent.
 *
 * @param family 2 (IPv4) or 10 (IPv6)
 * @param from the source prefix (FRA_SRC), {@code null} for "from all"
 * @param to the destination prefix (FRA_DST), or {@code null}
 * @param iif the input interface name (FRA_IIFNAME), or {@code null}
 * @param oif the output interface name (FRA_OIFNAME), or {@code null}
 * @param fwmark the firewall mark to match (FRA_FWMARK, u32), or {@code null}
 * @param fwmask the mask applied to the mark before comparing (FRA_FWMASK, u32), or {@code null}
 * @param table the routing table for {@link FibRules#FR_ACT_TO_TBL}, 0 for none
 * @param priority the rule's preference (FRA_PRIORITY, u32), or {@code null} to let the kernel pick
 *     one on add and to match any on delete; decoded rules report 0 for the kernel's rule 0
 * @param action the FR_ACT_* action; {@link FibRules#FR_ACT_UNSPEC} only in a delete, where it matches any
 * @param flags fib_rule_hdr flags, such as {@link FibRules#FIB_RULE_INVERT} ("not")
 */
public record FibRule(int family, IpPrefix from, IpPrefix to, String iif, String oif, Long fwmark, Long fwmask,
        long table, Long priority, int action, int flags) {

    /** Validates the selectors against each other and the kernel's field widths. */
    public FibRule {
        if (family != Decoding.AF_INET && family != Decoding.AF_INET6) {
            throw new InvalidInputException("rule family " + family + " is neither 2 (IPv4) nor 10 (IPv6)");
        }
        checkFamily("from", from, family);
        checkFamily("to", to, family);
        if (iif != null) {
            Validation.interfaceName(iif);
        }
        if (oif != null) {
            Validation.interfaceName(oif);
        }
        checkU32("fwmark", fwmark);
        checkU32("fwmask", fwmask);
        checkU32("priority", priority);
        if (table < 0 || table > 0xffff_ffffL) {
            throw new InvalidInputException("rule table " + table + " is out of range 0..4294967295");
        }
        if (action < 0 || action > 0xff) {
            throw new InvalidInputException("rule action " + action + " does not fit fib_rule_hdr.action (u8)");
        }
    }

    /** {@code ip rule add [from FROM] [to TO] lookup TABLE priority PRIORITY}: the most common kind. */
    public static FibRule lookup(int family, IpPrefix from, IpPrefix to, long table, Long priority) {
        return new FibRule(family, from, to, null, null, null, null, table, priority, FR_ACT_TO_TBL, 0);
    }

    /** @return this rule with another firewall-mark selector */
    public FibRule withFwmark(Long mark, Long mask) {
        return new FibRule(family, from, to, iif, oif, mark, mask, table, priority, action, flags);
    }

    /** @return this rule with other interface selectors */
    public FibRule withInterfaces(String inputName, String outputName) {
        return new FibRule(family, from, to, inputName, outputName, fwmark, fwmask, table, priority, action, flags);
    }

    /** @return this rule with another action (and no table unless the action is FR_ACT_TO_TBL) */
    public FibRule withAction(int newAction) {
        return new FibRule(family, from, to, iif, oif, fwmark, fwmask, newAction == FR_ACT_TO_TBL ? table : 0,
                priority, newAction, flags);
    }

    private static void checkFamily(String what, IpPrefix p, int family) {
        if (p != null && Decoding.family(p.address()) != family) {
            throw new InvalidInputException("rule selector " + what + " " + p + " is not of the rule's family " + family);
        }
    }

    private static void checkU32(String what, Long v) {
        if (v != null && (v < 0 || v > 0xffff_ffffL)) {
            throw new InvalidInputException("rule " + what + " " + v + " is out of range 0..4294967295 (u32)");
        }
    }
}
