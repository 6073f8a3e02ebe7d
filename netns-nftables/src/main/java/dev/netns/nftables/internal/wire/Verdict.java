package dev.netns.nftables.internal.wire;

import java.util.Objects;

/**
 * A verdict as nf_tables carries it in an immediate's data: a code (NF_ACCEPT, NF_DROP or one of
 * the NFT_* verdicts) and, for jump and goto, the target chain.
 *
 * @param code NF_ACCEPT, NF_DROP, NFT_RETURN, NFT_JUMP, NFT_GOTO, NFT_CONTINUE, ...
 * @param chain the target chain of a jump or goto, {@code null} otherwise
 */
public record Verdict(int code, String chain) {
    /** {@code accept}. */
    public static final Verdict ACCEPT = new Verdict(Netfilter.NF_ACCEPT, null);
    /** {@code drop}. */
    public static final Verdict DROP = new Verdict(Netfilter.NF_DROP, null);
    /** {@code return}. */
    public static final Verdict RETURN = new Verdict(NfTables.NFT_RETURN, null);

    /** @return {@code jump chain} */
    public static Verdict jump(String chain) {
        return new Verdict(NfTables.NFT_JUMP, Objects.requireNonNull(chain, "chain"));
    }

    /** @return {@code goto chain} */
    public static Verdict goTo(String chain) {
        return new Verdict(NfTables.NFT_GOTO, Objects.requireNonNull(chain, "chain"));
    }
}
