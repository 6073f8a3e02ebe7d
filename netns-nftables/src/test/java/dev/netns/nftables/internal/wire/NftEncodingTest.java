package dev.netns.nftables.internal.wire;

import static dev.netns.nftables.internal.wire.Hex.hex;
import static dev.netns.nftables.internal.wire.Hex.normalised;
import static dev.netns.nftables.internal.wire.Netfilter.NFPROTO_INET;
import static dev.netns.nftables.internal.wire.Netfilter.NFPROTO_IPV4;
import static dev.netns.nftables.internal.wire.Netfilter.NFPROTO_IPV6;
import static dev.netns.nftables.internal.wire.Netfilter.NFPROTO_UNSPEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netns.netlink.internal.wire.MessageBuilder;
import dev.netns.netlink.internal.wire.Netlink;
import dev.netns.netlink.internal.wire.NlMessage;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Batches compared byte for byte with what {@code nft} sent for the same command
 * ({@link NftCaptures}), after {@link Hex#normalised(String)}.
 */
class NftEncodingTest {

    @BeforeAll
    static void littleEndian() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the captures are little-endian");
    }

    /** Our one-message batch, normalised like nft's. */
    private static String batchOf(MessageBuilder m) {
        return normalised(hex(new NftBatch().add(m).finish(0)));
    }

    private static void assertSameAsNft(MessageBuilder ours, String captured) {
        assertThat(batchOf(ours)).isEqualTo(normalised(captured));
    }

    private static MessageBuilder rule(int family, String table, String chain, List<Expr> exprs) {
        return NftMessages.newRule(family, table, chain, exprs, null, RulePosition.END);
    }

    // ---- tables ----

    @Test
    void table() {
        assertSameAsNft(NftMessages.newTable(NFPROTO_IPV4, "t", 0, null), NftCaptures.TABLE);
        assertSameAsNft(NftMessages.newTable(NFPROTO_INET, "x", 0, null), NftCaptures.TABLE_INET);
    }

    @Test
    void ownerTable() {
        assertSameAsNft(NftMessages.newTable(NFPROTO_IPV4, "t", NfTables.NFT_TABLE_F_OWNER, null), NftCaptures.TABLE_OWNER);
    }

    @Test
    void deleteTable() {
        assertSameAsNft(NftMessages.deleteTable(NFPROTO_IPV4, "t"), NftCaptures.DEL_TABLE);
        assertSameAsNft(NftMessages.deleteTable(NFPROTO_IPV4, 1), NftCaptures.DEL_TABLE_HANDLE);
    }

    // ---- chains ----

    @Test
    void natBaseChains() {
        assertSameAsNft(NftMessages.newChain(NFPROTO_IPV4, "t", "pre",
                new BaseChain("nat", Netfilter.NF_INET_PRE_ROUTING, -100, Netfilter.NF_ACCEPT)), NftCaptures.CHAIN_NAT_PRE);
        assertSameAsNft(NftMessages.newChain(NFPROTO_IPV4, "t", "out",
                new BaseChain("nat", Netfilter.NF_INET_LOCAL_OUT, -100, null)), NftCaptures.CHAIN_NAT_OUT);
        assertSameAsNft(NftMessages.newChain(NFPROTO_IPV4, "t", "post",
                new BaseChain("nat", Netfilter.NF_INET_POST_ROUTING, 100, null)), NftCaptures.CHAIN_NAT_POST);
    }

    @Test
    void filterBaseChains() {
        assertSameAsNft(NftMessages.newChain(NFPROTO_IPV4, "f", "input",
                new BaseChain("filter", Netfilter.NF_INET_LOCAL_IN, 0, Netfilter.NF_DROP)), NftCaptures.CHAIN_FILTER_INPUT);
        assertSameAsNft(NftMessages.newChain(NFPROTO_IPV4, "f", "forward",
                new BaseChain("filter", Netfilter.NF_INET_FORWARD, 0, Netfilter.NF_ACCEPT)),
                NftCaptures.CHAIN_FILTER_FORWARD);
        assertSameAsNft(NftMessages.newChain(NFPROTO_IPV4, "f", "output",
                new BaseChain("filter", Netfilter.NF_INET_LOCAL_OUT, 0, null)), NftCaptures.CHAIN_FILTER_OUTPUT);
    }

    @Test
    void regularChainAndDelete() {
        assertSameAsNft(NftMessages.newChain(NFPROTO_IPV4, "f", "custom2", null), NftCaptures.CHAIN_REGULAR);
        assertSameAsNft(NftMessages.deleteChain(NFPROTO_IPV4, "f", "custom"), NftCaptures.DEL_CHAIN);
    }

    // ---- rules ----

    @Test
    void natRules() {
        assertSameAsNft(rule(NFPROTO_IPV4, "t", "post", CapturedRules.MASQ_SADDR_OIF), NftCaptures.RULE_MASQ_SADDR_OIF);
        assertSameAsNft(rule(NFPROTO_IPV4, "t", "post", CapturedRules.MASQ_NOT_DADDR), NftCaptures.RULE_MASQ_NOT_DADDR);
        assertSameAsNft(rule(NFPROTO_IPV4, "t", "pre", CapturedRules.DNAT_TCP), NftCaptures.RULE_DNAT_TCP);
        assertSameAsNft(rule(NFPROTO_IPV4, "t", "pre", CapturedRules.DNAT_UDP_RANGE), NftCaptures.RULE_DNAT_UDP_RANGE);
        assertSameAsNft(rule(NFPROTO_IPV4, "t", "post", CapturedRules.SNAT), NftCaptures.RULE_SNAT);
    }

    @Test
    void ipv6NatRules() {
        assertSameAsNft(rule(NFPROTO_IPV6, "t6", "post", CapturedRules.MASQ6), NftCaptures.RULE_MASQ6);
        assertSameAsNft(rule(NFPROTO_IPV6, "t6", "pre", CapturedRules.DNAT6), NftCaptures.RULE_DNAT6);
    }

    @Test
    void filterRules() {
        assertSameAsNft(rule(NFPROTO_IPV4, "f", "input", CapturedRules.DROP_PAIR), NftCaptures.RULE_DROP_PAIR);
        assertSameAsNft(rule(NFPROTO_IPV4, "f", "input", CapturedRules.REJECT_TCP), NftCaptures.RULE_REJECT_TCP);
        assertSameAsNft(rule(NFPROTO_IPV4, "f", "input", CapturedRules.REJECT_ICMP), NftCaptures.RULE_REJECT_ICMP);
        assertSameAsNft(rule(NFPROTO_IPV4, "f", "input", CapturedRules.CT_NEW), NftCaptures.RULE_CT_NEW);
        assertSameAsNft(rule(NFPROTO_IPV4, "f", "input", CapturedRules.IIFNAME), NftCaptures.RULE_IIFNAME);
        assertSameAsNft(rule(NFPROTO_IPV4, "f", "input", CapturedRules.NUMGEN), NftCaptures.RULE_NUMGEN);
        assertSameAsNft(rule(NFPROTO_IPV4, "f", "input", CapturedRules.COUNTER), NftCaptures.RULE_COUNTER);
        assertSameAsNft(rule(NFPROTO_IPV4, "f", "input", CapturedRules.JUMP), NftCaptures.RULE_JUMP);
    }

    @Test
    void ruleWithCommentAsUserData() {
        assertSameAsNft(NftMessages.newRule(NFPROTO_IPV4, "f", "input", CapturedRules.COUNTER,
                UserData.comment("netns:42"), RulePosition.END), NftCaptures.RULE_COMMENT);
    }

    @Test
    void rulePositions() {
        assertSameAsNft(NftMessages.newRule(NFPROTO_IPV4, "f", "input", List.of(Expr.Immediate.verdict(Verdict.DROP)),
                null, RulePosition.after(3)), NftCaptures.RULE_POSITION);
        assertSameAsNft(NftMessages.newRule(NFPROTO_IPV4, "f", "input", List.of(Expr.Immediate.verdict(Verdict.ACCEPT)),
                null, RulePosition.before(3)), NftCaptures.RULE_INSERT_POSITION);
    }

    @Test
    void deleteRuleByHandle() {
        assertSameAsNft(NftMessages.deleteRule(NFPROTO_IPV4, "f", "input", 3), NftCaptures.DEL_RULE);
    }

    @Test
    void flushRulesetIsADeleteTableOfAllFamilies() {
        // nft's "flush ruleset": DELTABLE without attributes, family unspec. Not an SDK operation,
        // but it shows the batch framing with an attribute-less message.
        MessageBuilder m = new MessageBuilder(NfNetlink.nftablesType(NfTables.NFT_MSG_DELTABLE),
                Netlink.NLM_F_ACK).header(NfNetlink.nfgenmsg(NFPROTO_UNSPEC, 0));
        assertSameAsNft(m, NftCaptures.FLUSH_RULESET);
    }

    // ---- dump requests (not batched, no ack) ----

    @Test
    void dumpRequests() {
        assertThat(hex(NftMessages.getGeneration().finish(0))).isEqualTo(NftCaptures.GETGEN);
        assertThat(hex(NftMessages.getTables(NFPROTO_UNSPEC).finish(0))).isEqualTo(NftCaptures.GETTABLE_DUMP);
        assertThat(hex(NftMessages.getChains(NFPROTO_UNSPEC).finish(0))).isEqualTo(NftCaptures.GETCHAIN_DUMP);
        assertThat(hex(NftMessages.getRules(NFPROTO_IPV4).finish(0))).isEqualTo(NftCaptures.GETRULE_DUMP_IP);
    }

    // ---- the batch itself ----

    @Test
    void batchNumbersConsecutivelyAndAcksEveryInnerMessage() {
        var batch = new NftBatch().add(NftMessages.newTable(NFPROTO_IPV4, "t", NfTables.NFT_TABLE_F_OWNER, null))
                .add(NftMessages.newChain(NFPROTO_IPV4, "t", "post",
                        new BaseChain("nat", Netfilter.NF_INET_POST_ROUTING, 100, null)))
                .add(rule(NFPROTO_IPV4, "t", "post", CapturedRules.MASQ_SADDR_OIF));
        var messages = NlMessage.parseAll(batch.finish(41));
        assertThat(messages).extracting(m -> m.seq()).containsExactly(41, 42, 43, 44, 45);
        assertThat(messages).extracting(m -> m.type()).containsExactly(NfNetlink.NFNL_MSG_BATCH_BEGIN,
                NfNetlink.nftablesType(NfTables.NFT_MSG_NEWTABLE), NfNetlink.nftablesType(NfTables.NFT_MSG_NEWCHAIN),
                NfNetlink.nftablesType(NfTables.NFT_MSG_NEWRULE), NfNetlink.NFNL_MSG_BATCH_END);
        assertThat(messages.subList(1, 4)).allSatisfy(m -> assertThat(m.flags() & 0x04).isEqualTo(0x04));
        // BEGIN and END: AF_UNSPEC, version 0, res_id NFNL_SUBSYS_NFTABLES big-endian; no ack asked.
        for (var marker : List.of(messages.get(0), messages.get(4))) {
            assertThat(marker.flags()).isEqualTo(0x01);
            assertThat(hex(marker.payload())).isEqualTo("0000000a");
        }
    }

    @Test
    void batchWithExpectedGenerationCarriesNfnlBatchGenid() {
        // Hand-computed (nft 1.0.6 does not send it): BEGIN of 20 + 8 bytes, NFNL_BATCH_GENID (1) = be32 0x2ae9.
        String begin = "1c000000" + "1000" + "0100" + "07000000" + "00000000" + "0000000a" + "0800" + "0100" + "00002ae9";
        String end = "14000000" + "1100" + "0100" + "08000000" + "00000000" + "0000000a";
        assertThat(hex(new NftBatch().expectGeneration(0x2ae9).finish(7))).isEqualTo(begin + end);
    }

    @Test
    void batchRefusesAMessageWithoutAck() {
        var noAck = new MessageBuilder(NfNetlink.nftablesType(NfTables.NFT_MSG_NEWTABLE), 0)
                .header(NfNetlink.nfgenmsg(NFPROTO_IPV4, 0));
        assertThatThrownBy(() -> new NftBatch().add(noAck).finish(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ack");
    }

    @Test
    void namesAndUserDataAreCheckedBeforeTheKernelSeesThem() {
        assertThatThrownBy(() -> NftMessages.newTable(NFPROTO_IPV4, "", 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table name");
        assertThatThrownBy(() -> NftMessages.deleteChain(NFPROTO_IPV4, "t", "c".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chain name");
        assertThatThrownBy(() -> NftMessages.newRule(NFPROTO_IPV4, "t", "c", List.of(), Bytes.of(new byte[257]),
                RulePosition.END)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("257");
        assertThatThrownBy(() -> UserData.comment("x".repeat(129))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bytes.ifname("sixteen-bytes-xx")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rawExpressionsAreWrittenBackUnchanged() {
        // A "log" expression the model does not know, decoded from a rule and encoded again.
        Expr.Raw log = new Expr.Raw("log", Hex.bytes("0800020000000000"));
        NlMessage m = NlMessage.parseAll(
                rule(NFPROTO_IPV4, "f", "input", List.of(log, new Expr.Counter())).finish(1)).get(0);
        // Our NEWRULE request has the layout of a NEWRULE the kernel dumps, so the decoder reads it.
        var decoded = NftReplies.rule(m);
        assertThat(decoded.expressions()).containsExactly(log, new Expr.Counter());
    }
}
