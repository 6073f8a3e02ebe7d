package dev.netns.nftables.internal.wire;

/** Constants from linux/netfilter/nfnetlink.h: subsystems, batch messages and struct nfgenmsg. */
public final class NfNetlink {
    // #define
    public static final int NFNETLINK_V0 = 0;
    public static final int NFNL_SUBSYS_NONE = 0;
    public static final int NFNL_SUBSYS_CTNETLINK = 1;
    public static final int NFNL_SUBSYS_CTNETLINK_EXP = 2;
    public static final int NFNL_SUBSYS_QUEUE = 3;
    public static final int NFNL_SUBSYS_ULOG = 4;
    public static final int NFNL_SUBSYS_OSF = 5;
    public static final int NFNL_SUBSYS_IPSET = 6;
    public static final int NFNL_SUBSYS_ACCT = 7;
    public static final int NFNL_SUBSYS_CTNETLINK_TIMEOUT = 8;
    public static final int NFNL_SUBSYS_CTHELPER = 9;
    public static final int NFNL_SUBSYS_NFTABLES = 10;
    public static final int NFNL_SUBSYS_NFT_COMPAT = 11;
    public static final int NFNL_SUBSYS_HOOK = 12;
    public static final int NFNL_SUBSYS_COUNT = 13;
    public static final int NFNL_MSG_BATCH_BEGIN = 16;
    public static final int NFNL_MSG_BATCH_END = 17;

    // enum nfnl_batch_attributes
    public static final int NFNL_BATCH_UNSPEC = 0;
    public static final int NFNL_BATCH_GENID = 1;

    // sizeof(struct nfgenmsg)
    public static final int NFGENMSG_LEN = 4;

    private NfNetlink() {
    }

    /**
     * The nlmsg_type of an nf_tables message: the subsystem in the high byte, as the kernel's
     * nfnetlink dispatcher reads it.
     *
     * @param msg an NFT_MSG_* value
     */
    public static int nftablesType(int msg) {
        return NFNL_SUBSYS_NFTABLES << 8 | msg;
    }

    /**
     * A struct nfgenmsg. Its res_id is big-endian: in requests it names the subsystem of a batch
     * (BATCH_BEGIN/END) and is otherwise 0; in replies it carries the low 16 bits of the ruleset
     * generation.
     *
     * @param family an NFPROTO_* value
     * @param resId the resource id, host value
     */
    public static byte[] nfgenmsg(int family, int resId) {
        return new byte[] {(byte) family, (byte) NFNETLINK_V0, (byte) (resId >>> 8), (byte) resId};
    }
}
