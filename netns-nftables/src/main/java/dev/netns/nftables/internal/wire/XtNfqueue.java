package dev.netns.nftables.internal.wire;

/** Constants from linux/netfilter/xt_NFQUEUE.h: the NFQUEUE target's flags and the sizes of its info structs, plain and padded to XT_ALIGN as the compat layer expects them. */
public final class XtNfqueue {
    public static final int NFQ_FLAG_BYPASS = 1;
    public static final int NFQ_FLAG_CPU_FANOUT = 2;
    public static final int NFQ_FLAG_MASK = 3;
    public static final int INFO_V1_LEN = 4;
    public static final int INFO_V3_LEN = 6;
    public static final int INFO_V3_FLAGS_OFFSET = 4;
    public static final int INFO_V1_ALIGNED_LEN = 8;
    public static final int INFO_V3_ALIGNED_LEN = 8;

    private XtNfqueue() {
    }
}
