package dev.netns.nftables.internal.wire;

/** The NF_NAT_RANGE_* flags of linux/netfilter/nf_nat.h, carried by NFTA_NAT_FLAGS and NFTA_MASQ_FLAGS. */
public final class NfNat {
    // #define
    public static final int NF_NAT_RANGE_MAP_IPS = 1;
    public static final int NF_NAT_RANGE_PROTO_SPECIFIED = 2;
    public static final int NF_NAT_RANGE_PROTO_RANDOM = 4;
    public static final int NF_NAT_RANGE_PERSISTENT = 8;
    public static final int NF_NAT_RANGE_PROTO_RANDOM_FULLY = 16;
    public static final int NF_NAT_RANGE_PROTO_OFFSET = 32;
    public static final int NF_NAT_RANGE_NETMAP = 64;

    private NfNat() {
    }
}
