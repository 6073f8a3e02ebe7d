package dev.netns.netlink.internal.wire;

/**
 * Constants from linux/fib_rules.h (struct fib_rule_hdr, FRA_*, FR_ACT_*) and the RTM_*RULE
 * message types of linux/rtnetlink.h, named as there.
 */
public final class FibRules {
    public static final int RTM_NEWRULE = 32;
    public static final int RTM_DELRULE = 33;
    public static final int RTM_GETRULE = 34;

    /** sizeof(struct fib_rule_hdr): family, dst_len, src_len, tos, table, res1, res2, action (u8 each), flags u32. */
    public static final int FIB_RULE_HDR_LEN = 12;

    public static final int FRA_DST = 1;
    public static final int FRA_SRC = 2;
    public static final int FRA_IIFNAME = 3;
    public static final int FRA_GOTO = 4;
    public static final int FRA_PRIORITY = 6;
    public static final int FRA_FWMARK = 10;
    public static final int FRA_FLOW = 11;
    public static final int FRA_TUN_ID = 12;
    public static final int FRA_SUPPRESS_IFGROUP = 13;
    public static final int FRA_SUPPRESS_PREFIXLEN = 14;
    public static final int FRA_TABLE = 15;
    public static final int FRA_FWMASK = 16;
    public static final int FRA_OIFNAME = 17;
    public static final int FRA_L3MDEV = 19;
    public static final int FRA_UID_RANGE = 20;
    public static final int FRA_PROTOCOL = 21;

    public static final int FR_ACT_UNSPEC = 0;
    public static final int FR_ACT_TO_TBL = 1;
    public static final int FR_ACT_GOTO = 2;
    public static final int FR_ACT_NOP = 3;
    public static final int FR_ACT_BLACKHOLE = 6;
    public static final int FR_ACT_UNREACHABLE = 7;
    public static final int FR_ACT_PROHIBIT = 8;

    public static final int FIB_RULE_PERMANENT = 0x00000001;
    public static final int FIB_RULE_INVERT = 0x00000002;

    private FibRules() {
    }
}
