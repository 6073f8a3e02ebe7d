package dev.netns.nftables.internal.wire;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Duplication in the kernel, which a queue verdict cannot do: the expressions of
 * {@code numgen random mod 100 lt PERCENT dup to ADDR device IFINDEX}, laid out as nft lays them.
 * The copy goes to {@code to} through interface {@code ifindex} (nf_dup_ipv4/ipv6 route it
 * there as a new packet); the original goes on unchanged.
 */
public final class DupRules {
    private static final int PERCENT = 100;

    private DupRules() {
    }

    /**
     * @param percent the share of packets duplicated, 1..100 (100 leaves out the numgen test)
     * @param to the copy's next hop, IPv4 or IPv6 (the rule's family must match)
     * @param ifindex the interface the copy leaves by
     * @return the expressions, to follow the rule's own matches
     */
    public static List<Expr> duplicate(int percent, InetAddress to, int ifindex) {
        Objects.requireNonNull(to, "to");
        if (percent < 1 || percent > PERCENT) {
            throw new IllegalArgumentException("duplication percent " + percent + " is not within 1..100");
        }
        if (ifindex <= 0) {
            throw new IllegalArgumentException("ifindex " + ifindex + " must be positive");
        }
        List<Expr> out = new ArrayList<>();
        if (percent < PERCENT) {
            // numgen yields a host-order u32; nft turns it to network order before comparing.
            out.add(new Expr.Numgen(NfTables.NFT_REG_1, PERCENT, NfTables.NFT_NG_RANDOM, 0));
            out.add(new Expr.Byteorder(NfTables.NFT_REG_1, NfTables.NFT_REG_1, NfTables.NFT_BYTEORDER_HTON, 4, 4));
            out.add(new Expr.Cmp(NfTables.NFT_REG_1, NfTables.NFT_CMP_LT, Bytes.be32(percent)));
        }
        out.add(Expr.Immediate.value(NfTables.NFT_REG_1, Bytes.address(to)));
        // The device register holds the ifindex in host order (the kernel reads it as a u32).
        out.add(Expr.Immediate.value(NfTables.NFT_REG_2, Bytes.host32(ifindex)));
        out.add(new Expr.Dup(NfTables.NFT_REG_1, NfTables.NFT_REG_2));
        return out;
    }
}
