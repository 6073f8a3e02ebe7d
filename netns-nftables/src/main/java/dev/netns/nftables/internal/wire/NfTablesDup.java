package dev.netns.nftables.internal.wire;

/** Constants from linux/netfilter/nf_tables.h, enum nft_dup_attributes: the {@code dup} expression (kept apart from NfTables, whose golden list belongs to the nf_tables codec). */
public final class NfTablesDup {
    public static final int NFTA_DUP_UNSPEC = 0;
    public static final int NFTA_DUP_SREG_ADDR = 1;
    public static final int NFTA_DUP_SREG_DEV = 2;

    private NfTablesDup() {
    }
}
