package dev.netns.nftables.internal.wire;

import static dev.netns.nftables.internal.wire.CapturedRules.asDumped;
import static dev.netns.nftables.internal.wire.Netfilter.NFPROTO_IPV4;
import static dev.netns.nftables.internal.wire.Netfilter.NFPROTO_IPV6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netns.MalformedReplyException;
import dev.netns.netlink.internal.wire.NlError;
import dev.netns.netlink.internal.wire.NlMessage;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The replies of {@code nft list ruleset} (see {@link NftCaptures}), decoded. */
class DumpDecodingTest {

    @BeforeAll
    static void littleEndian() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the captures are little-endian");
    }

    static List<NlMessage> messages(String hex) {
        return NlMessage.parseAll(Hex.buffer(Hex.unhex(hex)));
    }

    @Test
    void tables() {
        List<NftTable> tables = messages(NftCaptures.TABLES).stream().map(NftReplies::table).toList();
        assertThat(tables).containsExactly(new NftTable(NFPROTO_IPV4, "t", 1, 0, 3, null, null),
                new NftTable(NFPROTO_IPV6, "t6", 2, 0, 2, null, null), new NftTable(NFPROTO_IPV4, "f", 3, 0, 3, null, null));
        assertThat(messages(NftCaptures.TABLES)).allSatisfy(m -> assertThat(m.flags() & 0x02).isEqualTo(0x02));
    }

    @Test
    void ownerTable() {
        NftTable owned = NftReplies.table(messages(NftCaptures.OWNER_TABLE).get(0));
        assertThat(owned).isEqualTo(new NftTable(NFPROTO_IPV4, "o", 1, NfTables.NFT_TABLE_F_OWNER, 0, 0x4637, null));
    }

    @Test
    void generation() {
        assertThat(NftReplies.generation(messages(NftCaptures.NEWGEN).get(0))).isEqualTo(2);
    }

    @Test
    void dumpEndsWithDone() {
        NlMessage done = messages(NftCaptures.DONE).get(0);
        assertThat(done.isDone()).isTrue();
        assertThat(NlError.fromDone(done).errno()).isZero();
    }

    @Test
    void chains() {
        List<NftChain> chains = messages(NftCaptures.CHAINS).stream().map(NftReplies::chain).toList();
        int accept = Netfilter.NF_ACCEPT;
        assertThat(chains).containsExactly(
                new NftChain(NFPROTO_IPV4, "t", "pre", 1, new BaseChain("nat", Netfilter.NF_INET_PRE_ROUTING, -100, accept), 2),
                new NftChain(NFPROTO_IPV4, "t", "post", 2, new BaseChain("nat", Netfilter.NF_INET_POST_ROUTING, 100, accept), 3),
                new NftChain(NFPROTO_IPV4, "t", "out", 3, new BaseChain("nat", Netfilter.NF_INET_LOCAL_OUT, -100, accept), 0),
                new NftChain(NFPROTO_IPV6, "t6", "pre", 1, new BaseChain("nat", Netfilter.NF_INET_PRE_ROUTING, -100, accept), 1),
                new NftChain(NFPROTO_IPV6, "t6", "post", 2, new BaseChain("nat", Netfilter.NF_INET_POST_ROUTING, 100, accept), 1),
                new NftChain(NFPROTO_IPV4, "f", "input", 1, new BaseChain("filter", Netfilter.NF_INET_LOCAL_IN, 0, accept), 8),
                new NftChain(NFPROTO_IPV4, "f", "custom", 2, null, 1),
                new NftChain(NFPROTO_IPV4, "f", "forward", 3,
                        new BaseChain("filter", Netfilter.NF_INET_FORWARD, 0, Netfilter.NF_DROP), 0));
    }

    @Test
    void ipv4Rules() {
        List<NftRule> rules = messages(NftCaptures.RULES_IP).stream().map(NftReplies::rule).toList();
        assertThat(rules).extracting(r -> r.table() + "/" + r.chain() + "#" + r.handle() + "<" + r.position())
                .containsExactly("t/pre#6<0", "t/pre#7<6", "t/post#4<0", "t/post#5<4", "t/post#8<5",
                        "f/input#4<0", "f/input#5<4", "f/input#6<5", "f/input#7<6", "f/input#8<7", "f/input#9<8",
                        "f/input#10<9", "f/input#11<10");
        assertThat(rules).allSatisfy(r -> assertThat(r.family()).isEqualTo(NFPROTO_IPV4));
        assertThat(rules).extracting(NftRule::expressions).containsExactly(
                asDumped(CapturedRules.DNAT_TCP), asDumped(CapturedRules.DNAT_UDP_RANGE),
                CapturedRules.MASQ_SADDR_OIF, CapturedRules.MASQ_NOT_DADDR, asDumped(CapturedRules.SNAT),
                CapturedRules.DROP_PAIR, CapturedRules.REJECT_TCP, CapturedRules.CT_NEW, CapturedRules.IIFNAME,
                CapturedRules.NUMGEN, CapturedRules.COUNTER, CapturedRules.JUMP, CapturedRules.REJECT_ICMP);
        NftRule commented = rules.get(10);
        assertThat(UserData.commentOf(commented.userData())).isEqualTo("netns:42");
        assertThat(commented.userData()).isEqualTo(UserData.comment("netns:42"));
        assertThat(rules.stream().filter(r -> r.userData() != null)).containsExactly(commented);
    }

    @Test
    void kernelFillsNatMaxRegistersAndMapIps() {
        NftRule dnat = NftReplies.rule(messages(NftCaptures.RULES_IP).get(0));
        assertThat(dnat.expressions().get(6)).isEqualTo(new Expr.Nat(NfTables.NFT_NAT_DNAT, NFPROTO_IPV4,
                NfTables.NFT_REG_1, NfTables.NFT_REG_1, NfTables.NFT_REG_2, NfTables.NFT_REG_2,
                NfNat.NF_NAT_RANGE_MAP_IPS | NfNat.NF_NAT_RANGE_PROTO_SPECIFIED));
    }

    @Test
    void ipv6Rules() {
        List<NftRule> rules = messages(NftCaptures.RULES_IP6).stream().map(NftReplies::rule).toList();
        assertThat(rules).extracting(r -> r.table() + "/" + r.chain() + "#" + r.handle())
                .containsExactly("t6/pre#4", "t6/post#3");
        assertThat(rules).extracting(NftRule::expressions)
                .containsExactly(asDumped(CapturedRules.DNAT6), CapturedRules.MASQ6);
    }

    @Test
    void unknownExpressionsAreKeptRaw() {
        // A "log" expression, which the model lacks, with one 4-byte attribute of type 2.
        byte[] rule = Hex.unhex(
                "44000000060a02000000000000000000" // NEWRULE, 68 bytes, multi
                        + "02000000" // nfgenmsg ip
                        + "0600010066000000" // table "f"
                        + "0a000200696e707574000000" // chain "input"
                        + "1c000400" // expressions
                        + "18000100" // elem
                        + "08000100" + "6c6f6700" // name "log"
                        + "0c000200" + "0800020000000000"); // data { 2: 00000000 }
        NftRule r = NftReplies.rule(NlMessage.parseAll(Hex.buffer(rule)).get(0));
        assertThat(r.expressions()).containsExactly(new Expr.Raw("log", Hex.bytes("0800020000000000")));
    }

    @Test
    void wrongMessageTypeIsMalformed() {
        NlMessage table = messages(NftCaptures.TABLES).get(0);
        assertThatThrownBy(() -> NftReplies.rule(table)).isExactlyInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("NFT_MSG_NEWRULE");
    }

    @Test
    void commentOfForeignUserData() {
        assertThat(UserData.commentOf(null)).isNull();
        assertThat(UserData.commentOf(Hex.bytes("0105"))).isNull(); // runs past the end
        assertThat(UserData.commentOf(Hex.bytes("0101ff" + "0003616200"))).isEqualTo("ab"); // after another TLV
    }
}
