package dev.netns.nftables.internal.wire;

/** Constants from linux/netfilter/nf_tables_compat.h (enum nft_target_attributes) and x_tables.h: an xtables target carried by nf_tables. */
public final class NfTablesCompat {
    public static final int NFTA_TARGET_UNSPEC = 0;
    public static final int NFTA_TARGET_NAME = 1;
    public static final int NFTA_TARGET_REV = 2;
    public static final int NFTA_TARGET_INFO = 3;
    public static final int XT_EXTENSION_MAXNAMELEN = 29;

    private NfTablesCompat() {
    }
}
