package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.FibRules.*;
import static dev.netns.netlink.internal.wire.Netlink.*;

import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import dev.netns.MalformedReplyException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes RTM_*RULE requests ({@code ip rule add/del/show}) and decodes rule messages.
 *
 * <p>Attributes go in one fixed order: FRA_SRC, FRA_DST, FRA_IIFNAME, FRA_OIFNAME, FRA_FWMARK,
 * FRA_FWMASK, FRA_TABLE, FRA_PRIORITY. iproute2 writes them in the order of its command line, so
 * the two agree byte for byte when the command names the selectors in that order.
 */
public final class RuleMessages {
    private RuleMessages() {
    }

    /**
     * {@code ip rule add ...}.
     *
     * @throws InvalidInputException if the action is FR_ACT_UNSPEC, or FR_ACT_TO_TBL without a table
     */
    public static MessageBuilder add(FibRule r) {
        if (r.action() == FR_ACT_UNSPEC) {
            throw new InvalidInputException("a rule to add needs an action (FR_ACT_TO_TBL, FR_ACT_BLACKHOLE, ...)");
        }
        if (r.action() == FR_ACT_TO_TBL && r.table() == 0) {
            throw new InvalidInputException("a rule that looks up a table (FR_ACT_TO_TBL) needs a table id above 0");
        }
        return rule(RTM_NEWRULE, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, r);
    }

    /**
     * {@code ip rule del ...}: the kernel deletes the first rule that matches every field given;
     * action FR_ACT_UNSPEC, table 0 and a {@code null} priority match any.
     */
    public static MessageBuilder delete(FibRule r) {
        return rule(RTM_DELRULE, NLM_F_ACK, r);
    }

    /** RTM_GETRULE dump of one family (2 or 10). */
    public static MessageBuilder dump(int family) {
        return new MessageBuilder(RTM_GETRULE, NLM_F_DUMP).header(header(family, 0, 0, 0, FR_ACT_UNSPEC, 0));
    }

    private static MessageBuilder rule(int type, int flags, FibRule r) {
        // fib_rule_hdr.table is a u8: larger ids go in FRA_TABLE, with RT_TABLE_UNSPEC in the header.
        boolean bigTable = r.table() > 255;
        MessageBuilder m = new MessageBuilder(type, flags).header(header(r.family(), length(r.to()), length(r.from()),
                bigTable ? 0 : (int) r.table(), r.action(), r.flags()));
        if (r.from() != null && r.from().length() > 0) {
            m.attr(FRA_SRC, r.from().network().address().getAddress());
        }
        if (r.to() != null && r.to().length() > 0) {
            m.attr(FRA_DST, r.to().network().address().getAddress());
        }
        if (r.iif() != null) {
            m.attrString(FRA_IIFNAME, r.iif());
        }
        if (r.oif() != null) {
            m.attrString(FRA_OIFNAME, r.oif());
        }
        if (r.fwmark() != null) {
            m.attrU32(FRA_FWMARK, r.fwmark().intValue());
        }
        if (r.fwmask() != null) {
            m.attrU32(FRA_FWMASK, r.fwmask().intValue());
        }
        if (bigTable) {
            m.attrU32(FRA_TABLE, (int) r.table());
        }
        if (r.priority() != null) {
            m.attrU32(FRA_PRIORITY, r.priority().intValue());
        }
        return m;
    }

    /**
     * Decodes an RTM_NEWRULE or RTM_DELRULE message. FRA_TABLE, when present, wins over the header's
     * u8 table; a missing FRA_PRIORITY is priority 0 (the kernel omits it for rule 0).
     *
     * @throws MalformedReplyException on a short header, an overrunning attribute, a prefix length
     *     without its address, or an address of the wrong size
     */
    public static FibRule decode(NlMessage m) {
        int family = m.u8(0);
        int dstLen = m.u8(1);
        int srcLen = m.u8(2);
        int table = m.u8(4);
        int action = m.u8(7);
        int flags = m.i32(8);
        Attributes a = m.attributes(FIB_RULE_HDR_LEN);
        IpPrefix from = selector(a, FRA_SRC, family, srcLen, "FRA_SRC");
        IpPrefix to = selector(a, FRA_DST, family, dstLen, "FRA_DST");
        long fullTable = Decoding.u32Unsigned(a, FRA_TABLE, table);
        Long mark = a.has(FRA_FWMARK) ? Decoding.u32Unsigned(a, FRA_FWMARK, 0) : null;
        Long mask = a.has(FRA_FWMASK) ? Decoding.u32Unsigned(a, FRA_FWMASK, 0) : null;
        long priority = Decoding.u32Unsigned(a, FRA_PRIORITY, 0);
        String iif = a.string(FRA_IIFNAME);
        String oif = a.string(FRA_OIFNAME);
        return Decoding.decoding("RTM_NEWRULE", () -> new FibRule(family, from, to, iif, oif, mark, mask, fullTable,
                priority, action, flags));
    }

    private static IpPrefix selector(Attributes a, int type, int family, int len, String what) {
        if (family != Decoding.AF_INET && family != Decoding.AF_INET6) {
            throw new MalformedReplyException("rule of family " + family + "; expected 2 or 10");
        }
        InetAddress addr = Decoding.address(a, type, family, what);
        if (len == 0) {
            return null;
        }
        if (addr == null) {
            throw new MalformedReplyException("rule has a /" + len + " " + what + " selector without its address");
        }
        return Decoding.prefix(addr, len, what);
    }

    private static int length(IpPrefix p) {
        return p == null ? 0 : p.length();
    }

    /** struct fib_rule_hdr in host byte order. */
    static byte[] header(int family, int dstLen, int srcLen, int table, int action, int flags) {
        return ByteBuffer.allocate(FIB_RULE_HDR_LEN).order(ByteOrder.nativeOrder())
                .put((byte) family).put((byte) dstLen).put((byte) srcLen).put((byte) 0)
                .put((byte) table).put((byte) 0).put((byte) 0).put((byte) action)
                .putInt(flags)
                .array();
    }
}
