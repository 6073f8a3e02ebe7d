package dev.netns.netlink.internal.wire;

/**
 * Traffic-control constants, named as in the kernel UAPI headers they come from:
 * linux/rtnetlink.h (RTM_*QDISC/TCLASS/TFILTER, TCA_*), linux/pkt_sched.h (handles, tbf, htb,
 * netem), linux/pkt_cls.h (actions, u32, matchall), linux/gen_stats.h and linux/tc_act/tc_mirred.h.
 * Values and struct sizes are checked against a gcc-compiled program in PktSchedConstantsTest.
 *
 * <p>The RTM_ message types live here rather than in {@link RtNetlink} so the tc codec stays in
 * files of its own.
 */
public final class PktSched {
    // linux/rtnetlink.h: message types.
    public static final int RTM_NEWQDISC = 36;
    public static final int RTM_DELQDISC = 37;
    public static final int RTM_GETQDISC = 38;
    public static final int RTM_NEWTCLASS = 40;
    public static final int RTM_DELTCLASS = 41;
    public static final int RTM_GETTCLASS = 42;
    public static final int RTM_NEWTFILTER = 44;
    public static final int RTM_DELTFILTER = 45;
    public static final int RTM_GETTFILTER = 46;

    // linux/rtnetlink.h: attributes after struct tcmsg.
    public static final int TCA_KIND = 1;
    public static final int TCA_OPTIONS = 2;
    public static final int TCA_STATS = 3;
    public static final int TCA_XSTATS = 4;
    public static final int TCA_RATE = 5;
    public static final int TCA_FCNT = 6;
    public static final int TCA_STATS2 = 7;
    public static final int TCA_STAB = 8;
    public static final int TCA_PAD = 9;
    public static final int TCA_DUMP_INVISIBLE = 10;
    public static final int TCA_CHAIN = 11;
    public static final int TCA_HW_OFFLOAD = 12;
    public static final int TCA_INGRESS_BLOCK = 13;
    public static final int TCA_EGRESS_BLOCK = 14;
    public static final int TCA_DUMP_FLAGS = 15;
    public static final int TCA_EXT_WARN_MSG = 16;

    /** sizeof(struct tcmsg): family, 3 pad bytes, ifindex, handle, parent, info. */
    public static final int TCMSG_LEN = 20;

    // linux/pkt_sched.h: handles.
    public static final int TC_H_MAJ_MASK = 0xFFFF0000;
    public static final int TC_H_MIN_MASK = 0x0000FFFF;
    public static final int TC_H_UNSPEC = 0;
    public static final int TC_H_ROOT = 0xFFFFFFFF;
    public static final int TC_H_INGRESS = 0xFFFFFFF1;
    public static final int TC_H_CLSACT = TC_H_INGRESS;
    public static final int TC_H_MIN_PRIORITY = 0xFFE0;
    public static final int TC_H_MIN_INGRESS = 0xFFF2;
    public static final int TC_H_MIN_EGRESS = 0xFFF3;

    // linux/pkt_sched.h: struct tc_ratespec.
    public static final int TC_LINKLAYER_UNAWARE = 0;
    public static final int TC_LINKLAYER_ETHERNET = 1;
    public static final int TC_LINKLAYER_ATM = 2;
    public static final int TC_LINKLAYER_MASK = 0x0F;
    public static final int TC_RTAB_SIZE = 1024;
    /** sizeof(struct tc_ratespec). */
    public static final int TC_RATESPEC_LEN = 12;

    // tbf
    public static final int TCA_TBF_PARMS = 1;
    public static final int TCA_TBF_RTAB = 2;
    public static final int TCA_TBF_PTAB = 3;
    public static final int TCA_TBF_RATE64 = 4;
    public static final int TCA_TBF_PRATE64 = 5;
    public static final int TCA_TBF_BURST = 6;
    public static final int TCA_TBF_PBURST = 7;
    public static final int TCA_TBF_PAD = 8;
    /** sizeof(struct tc_tbf_qopt). */
    public static final int TC_TBF_QOPT_LEN = 36;

    // htb
    public static final int TCA_HTB_PARMS = 1;
    public static final int TCA_HTB_INIT = 2;
    public static final int TCA_HTB_CTAB = 3;
    public static final int TCA_HTB_RTAB = 4;
    public static final int TCA_HTB_DIRECT_QLEN = 5;
    public static final int TCA_HTB_RATE64 = 6;
    public static final int TCA_HTB_CEIL64 = 7;
    public static final int TCA_HTB_PAD = 8;
    public static final int TCA_HTB_OFFLOAD = 9;
    public static final int TC_HTB_PROTOVER = 3;
    /** sizeof(struct tc_htb_opt), sizeof(struct tc_htb_glob). */
    public static final int TC_HTB_OPT_LEN = 44;
    public static final int TC_HTB_GLOB_LEN = 20;

    // netem
    public static final int TCA_NETEM_CORR = 1;
    public static final int TCA_NETEM_DELAY_DIST = 2;
    public static final int TCA_NETEM_REORDER = 3;
    public static final int TCA_NETEM_CORRUPT = 4;
    public static final int TCA_NETEM_LOSS = 5;
    public static final int TCA_NETEM_RATE = 6;
    public static final int TCA_NETEM_ECN = 7;
    public static final int TCA_NETEM_RATE64 = 8;
    public static final int TCA_NETEM_PAD = 9;
    public static final int TCA_NETEM_LATENCY64 = 10;
    public static final int TCA_NETEM_JITTER64 = 11;
    public static final int TCA_NETEM_SLOT = 12;
    public static final int TCA_NETEM_SLOT_DIST = 13;
    /** sizeof(struct tc_netem_qopt), tc_netem_corr, tc_netem_reorder, tc_netem_corrupt, tc_netem_rate. */
    public static final int TC_NETEM_QOPT_LEN = 24;
    public static final int TC_NETEM_CORR_LEN = 12;
    public static final int TC_NETEM_REORDER_LEN = 8;
    public static final int TC_NETEM_CORRUPT_LEN = 8;
    public static final int TC_NETEM_RATE_LEN = 16;

    // linux/gen_stats.h
    public static final int TCA_STATS_BASIC = 1;
    public static final int TCA_STATS_RATE_EST = 2;
    public static final int TCA_STATS_QUEUE = 3;
    public static final int TCA_STATS_APP = 4;
    public static final int TCA_STATS_RATE_EST64 = 5;
    public static final int TCA_STATS_PAD = 6;
    public static final int TCA_STATS_BASIC_HW = 7;
    public static final int TCA_STATS_PKT64 = 8;
    /** sizeof(struct gnet_stats_basic) (u64 + u32, padded), gnet_stats_queue, and the legacy tc_stats. */
    public static final int GNET_STATS_BASIC_LEN = 16;
    public static final int GNET_STATS_QUEUE_LEN = 20;
    public static final int TC_STATS_LEN = 40;

    // linux/pkt_cls.h: actions.
    public static final int TCA_ACT_KIND = 1;
    public static final int TCA_ACT_OPTIONS = 2;
    public static final int TCA_ACT_INDEX = 3;
    public static final int TCA_ACT_STATS = 4;
    public static final int TCA_ACT_PAD = 5;
    public static final int TCA_ACT_COOKIE = 6;
    public static final int TCA_ACT_FLAGS = 7;
    public static final int TC_ACT_UNSPEC = -1;
    public static final int TC_ACT_OK = 0;
    public static final int TC_ACT_RECLASSIFY = 1;
    public static final int TC_ACT_SHOT = 2;
    public static final int TC_ACT_PIPE = 3;
    public static final int TC_ACT_STOLEN = 4;

    // linux/tc_act/tc_mirred.h
    public static final int TCA_MIRRED_TM = 1;
    public static final int TCA_MIRRED_PARMS = 2;
    public static final int TCA_MIRRED_PAD = 3;
    public static final int TCA_EGRESS_REDIR = 1;
    public static final int TCA_EGRESS_MIRROR = 2;
    public static final int TCA_INGRESS_REDIR = 3;
    public static final int TCA_INGRESS_MIRROR = 4;
    /** sizeof(struct tc_mirred): tc_gen (index, capab, action, refcnt, bindcnt), eaction, ifindex. */
    public static final int TC_MIRRED_LEN = 28;

    // linux/pkt_cls.h: u32
    public static final int TCA_U32_CLASSID = 1;
    public static final int TCA_U32_HASH = 2;
    public static final int TCA_U32_LINK = 3;
    public static final int TCA_U32_DIVISOR = 4;
    public static final int TCA_U32_SEL = 5;
    public static final int TCA_U32_POLICE = 6;
    public static final int TCA_U32_ACT = 7;
    public static final int TCA_U32_INDEV = 8;
    public static final int TCA_U32_PCNT = 9;
    public static final int TCA_U32_MARK = 10;
    public static final int TCA_U32_FLAGS = 11;
    public static final int TCA_U32_PAD = 12;
    public static final int TC_U32_TERMINAL = 1;
    /** sizeof(struct tc_u32_sel) without keys, sizeof(struct tc_u32_key). */
    public static final int TC_U32_SEL_LEN = 16;
    public static final int TC_U32_KEY_LEN = 16;

    // linux/pkt_cls.h: matchall
    public static final int TCA_MATCHALL_CLASSID = 1;
    public static final int TCA_MATCHALL_ACT = 2;
    public static final int TCA_MATCHALL_FLAGS = 3;
    public static final int TCA_MATCHALL_PCNT = 4;
    public static final int TCA_MATCHALL_PAD = 5;
    public static final int TCA_CLS_FLAGS_SKIP_HW = 1;
    public static final int TCA_CLS_FLAGS_SKIP_SW = 2;

    /** linux/if_ether.h: every protocol, as a filter's protocol (host order; the tcmsg carries it big-endian). */
    public static final int ETH_P_ALL = 0x0003;
    public static final int ETH_P_IP = 0x0800;
    public static final int ETH_P_IPV6 = 0x86DD;

    private PktSched() {
    }
}
