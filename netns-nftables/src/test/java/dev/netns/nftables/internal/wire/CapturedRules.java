package dev.netns.nftables.internal.wire;

import static dev.netns.nftables.internal.wire.Hex.bytes;
import static dev.netns.nftables.internal.wire.NfTables.NFT_CMP_EQ;
import static dev.netns.nftables.internal.wire.NfTables.NFT_CMP_GTE;
import static dev.netns.nftables.internal.wire.NfTables.NFT_CMP_LT;
import static dev.netns.nftables.internal.wire.NfTables.NFT_CMP_LTE;
import static dev.netns.nftables.internal.wire.NfTables.NFT_CMP_NEQ;
import static dev.netns.nftables.internal.wire.NfTables.NFT_PAYLOAD_NETWORK_HEADER;
import static dev.netns.nftables.internal.wire.NfTables.NFT_PAYLOAD_TRANSPORT_HEADER;
import static dev.netns.nftables.internal.wire.NfTables.NFT_REG_1;
import static dev.netns.nftables.internal.wire.NfTables.NFT_REG_2;

import dev.netns.nftables.internal.wire.Expr.Bitwise;
import dev.netns.nftables.internal.wire.Expr.Byteorder;
import dev.netns.nftables.internal.wire.Expr.Cmp;
import dev.netns.nftables.internal.wire.Expr.Counter;
import dev.netns.nftables.internal.wire.Expr.Ct;
import dev.netns.nftables.internal.wire.Expr.Immediate;
import dev.netns.nftables.internal.wire.Expr.Masq;
import dev.netns.nftables.internal.wire.Expr.Meta;
import dev.netns.nftables.internal.wire.Expr.Nat;
import dev.netns.nftables.internal.wire.Expr.Numgen;
import dev.netns.nftables.internal.wire.Expr.Payload;
import dev.netns.nftables.internal.wire.Expr.Reject;
import java.util.ArrayList;
import java.util.List;

/**
 * The expressions nft 1.0.6 generates for the captured rules, in the model: what a renderer must
 * produce to send the same bytes (see {@link NftEncodingTest}) and what a dump decodes to (see
 * {@link DumpDecodingTest}, with the kernel's additions of {@link #asDumped(List)}).
 */
final class CapturedRules {
    private CapturedRules() {
    }

    private static final int NET = NFT_PAYLOAD_NETWORK_HEADER;
    private static final int TH = NFT_PAYLOAD_TRANSPORT_HEADER;
    private static final Expr DROP = Immediate.verdict(Verdict.DROP);

    private static List<Expr> tcpOrUdpDport(int l4proto, int cmp, int port) {
        return List.of(new Meta(NfTables.NFT_META_L4PROTO, NFT_REG_1), new Cmp(NFT_REG_1, NFT_CMP_EQ, Bytes.of((byte) l4proto)),
                new Payload(NFT_REG_1, TH, 2, 2), new Cmp(NFT_REG_1, cmp, Bytes.be16(port)));
    }

    private static List<Expr> concat(List<Expr> first, Expr... rest) {
        List<Expr> out = new ArrayList<>(first);
        out.addAll(List.of(rest));
        return out;
    }

    /** ip saddr 192.168.15.0/24 oifname "eth0" masquerade: a /24 is a 3-byte load, no bitwise. */
    static final List<Expr> MASQ_SADDR_OIF = List.of(new Payload(NFT_REG_1, NET, 12, 3),
            new Cmp(NFT_REG_1, NFT_CMP_EQ, bytes("c0a80f")), new Meta(NfTables.NFT_META_OIFNAME, NFT_REG_1),
            new Cmp(NFT_REG_1, NFT_CMP_EQ, Bytes.ifname("eth0")), new Masq());

    /** ip daddr != 10.0.0.0/8 masquerade. */
    static final List<Expr> MASQ_NOT_DADDR = List.of(new Payload(NFT_REG_1, NET, 16, 1),
            new Cmp(NFT_REG_1, NFT_CMP_NEQ, bytes("0a")), new Masq());

    /** tcp dport 80 dnat to 192.168.15.2:80. */
    static final List<Expr> DNAT_TCP = concat(tcpOrUdpDport(6, NFT_CMP_EQ, 80),
            Immediate.value(NFT_REG_1, bytes("c0a80f02")), Immediate.value(NFT_REG_2, Bytes.be16(80)),
            new Nat(NfTables.NFT_NAT_DNAT, Netfilter.NFPROTO_IPV4, NFT_REG_1, 0, NFT_REG_2, 0,
                    NfNat.NF_NAT_RANGE_PROTO_SPECIFIED));

    /** udp dport 1000-2000 dnat to 10.0.0.2: a range is two comparisons. */
    static final List<Expr> DNAT_UDP_RANGE = List.of(new Meta(NfTables.NFT_META_L4PROTO, NFT_REG_1),
            new Cmp(NFT_REG_1, NFT_CMP_EQ, bytes("11")), new Payload(NFT_REG_1, TH, 2, 2),
            new Cmp(NFT_REG_1, NFT_CMP_GTE, Bytes.be16(1000)), new Cmp(NFT_REG_1, NFT_CMP_LTE, Bytes.be16(2000)),
            Immediate.value(NFT_REG_1, bytes("0a000002")),
            new Nat(NfTables.NFT_NAT_DNAT, Netfilter.NFPROTO_IPV4, NFT_REG_1, 0, 0, 0, 0));

    /** ip saddr 10.0.0.0/24 snat to 203.0.113.5. */
    static final List<Expr> SNAT = List.of(new Payload(NFT_REG_1, NET, 12, 3),
            new Cmp(NFT_REG_1, NFT_CMP_EQ, bytes("0a0000")), Immediate.value(NFT_REG_1, bytes("cb007105")),
            new Nat(NfTables.NFT_NAT_SNAT, Netfilter.NFPROTO_IPV4, NFT_REG_1, 0, 0, 0, 0));

    /** ip6 saddr fd00::/64 masquerade. */
    static final List<Expr> MASQ6 = List.of(new Payload(NFT_REG_1, NET, 8, 8),
            new Cmp(NFT_REG_1, NFT_CMP_EQ, bytes("fd00000000000000")), new Masq());

    /** tcp dport 80 dnat to [fd00::2]:80 (family ip6): the address fills one 16-byte register. */
    static final List<Expr> DNAT6 = concat(tcpOrUdpDport(6, NFT_CMP_EQ, 80),
            Immediate.value(NFT_REG_1, bytes("fd000000000000000000000000000002")),
            Immediate.value(NFT_REG_2, Bytes.be16(80)),
            new Nat(NfTables.NFT_NAT_DNAT, Netfilter.NFPROTO_IPV6, NFT_REG_1, 0, NFT_REG_2, 0,
                    NfNat.NF_NAT_RANGE_PROTO_SPECIFIED));

    /** ip saddr 10.0.0.1 ip daddr 10.0.0.2 drop. */
    static final List<Expr> DROP_PAIR = List.of(new Payload(NFT_REG_1, NET, 12, 4),
            new Cmp(NFT_REG_1, NFT_CMP_EQ, bytes("0a000001")), new Payload(NFT_REG_1, NET, 16, 4),
            new Cmp(NFT_REG_1, NFT_CMP_EQ, bytes("0a000002")), DROP);

    /** meta l4proto tcp tcp dport 5432 reject with tcp reset (nft drops the redundant l4proto match). */
    static final List<Expr> REJECT_TCP = concat(tcpOrUdpDport(6, NFT_CMP_EQ, 5432),
            new Reject(NfTables.NFT_REJECT_TCP_RST, 0));

    /** ct state new drop: ct state is a host-order bit set (new = 8). */
    static final List<Expr> CT_NEW = List.of(new Ct(NfTables.NFT_CT_STATE, NFT_REG_1),
            new Bitwise(NFT_REG_1, NFT_REG_1, 4, Bytes.host32(8), Bytes.host32(0)),
            new Cmp(NFT_REG_1, NFT_CMP_NEQ, Bytes.host32(0)), DROP);

    /** iifname "veth0" drop. */
    static final List<Expr> IIFNAME = List.of(new Meta(NfTables.NFT_META_IIFNAME, NFT_REG_1),
            new Cmp(NFT_REG_1, NFT_CMP_EQ, Bytes.ifname("veth0")), DROP);

    /** numgen random mod 100 < 20 drop: a 20 % probability. */
    static final List<Expr> NUMGEN = List.of(new Numgen(NFT_REG_1, 100, NfTables.NFT_NG_RANDOM, 0),
            new Byteorder(NFT_REG_1, NFT_REG_1, NfTables.NFT_BYTEORDER_HTON, 4, 4),
            new Cmp(NFT_REG_1, NFT_CMP_LT, Bytes.be32(20)), DROP);

    /** counter. */
    static final List<Expr> COUNTER = List.of(new Counter());

    /** jump custom. */
    static final List<Expr> JUMP = List.of(Immediate.verdict(Verdict.jump("custom")));

    /** reject (in family ip: ICMP port unreachable). */
    static final List<Expr> REJECT_ICMP = List.of(new Reject(NfTables.NFT_REJECT_ICMP_UNREACH, 3));

    /**
     * The same expressions as a dump reports them: the kernel fills the NAT max registers with the
     * min ones and adds NF_NAT_RANGE_MAP_IPS when there is an address.
     */
    static List<Expr> asDumped(List<Expr> sent) {
        List<Expr> out = new ArrayList<>();
        for (Expr e : sent) {
            if (e instanceof Nat n) {
                e = new Nat(n.type(), n.family(), n.regAddrMin(), n.regAddrMin(), n.regProtoMin(), n.regProtoMin(),
                        n.flags() | (n.regAddrMin() != 0 ? NfNat.NF_NAT_RANGE_MAP_IPS : 0));
            }
            out.add(e);
        }
        return out;
    }
}
