package dev.netns.nftables.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netns.MalformedReplyException;
import dev.netns.netlink.internal.wire.MessageBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compat {@code target} expression (NFQUEUE) and {@code dup}, byte for byte against what the
 * tools sent (strace -xx, Debian 12 iptables-nft 1.8.9 and nft 1.0.6, x86-64), and decoded back.
 */
class CompatTargetAndDupTest {
    /**
     * NFTA_RULE_EXPRESSIONS payload of {@code iptables-nft -A OUTPUT -p udp -j NFQUEUE --queue-num 3
     * --queue-bypass}: meta l4proto, cmp 17, counter 0 0, target NFQUEUE rev 3 info {3, 1, BYPASS, pad}.
     */
    static final String IPTABLES_NFQUEUE = "24000180090001006d6574610000000014000280080002000000001008000100000000012c00018008000100636d700020000280080001000000000108000200000000000c00038005000100110000002c0001800c000100636f756e746572001c0002800c00010000000000000000000c0002000000000000000000340001800b0001007461726765740000240002800c0001004e4651554555450008000200000000030c0003000300010001000000";
    /** The last element of {@link #IPTABLES_NFQUEUE}: the target alone. */
    static final String NFQUEUE_ELEMENT = "340001800b0001007461726765740000240002800c0001004e4651554555450008000200000000030c0003000300010001000000";
    /**
     * NFTA_RULE_EXPRESSIONS payload of {@code nft add rule ip t c dup to 10.0.0.2 device "veth0"}
     * with veth0 at ifindex 3: immediate reg 1 10.0.0.2, immediate reg 2 (host-order u32) 3, dup 1 2.
     */
    static final String NFT_DUP = "2c0001800e000100696d6d6564696174650000001800028008000100000000010c000280080001000a0000022c0001800e000100696d6d6564696174650000001800028008000100000000020c00028008000100030000002000018008000100647570001400028008000100000000010800020000000002";

    /**
     * NFTA_RULE_EXPRESSIONS payload of {@code nft add rule ip t c numgen random mod 100 lt 20 dup to
     * 10.0.0.2 device "veth0"} (veth0 at ifindex 3).
     */
    static final String NFT_NUMGEN_DUP = "340001800b0001006e756d67656e0000240002800800010000000001080002000000006408000300000000010800040000000000400001800e000100627974656f726465720000002c000280080001000000000108000200000000010800030000000001080004000000000408000500000000042c00018008000100636d700020000280080001000000000108000200000000020c00038008000100000000142c0001800e000100696d6d6564696174650000001800028008000100000000010c000280080001000a0000022c0001800e000100696d6d6564696174650000001800028008000100000000020c00028008000100030000002000018008000100647570001400028008000100000000010800020000000002";

    @BeforeEach
    void littleEndian() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "golden hex is little-endian");
    }

    private static String encodeList(List<Expr> exprs) {
        MessageBuilder b = new MessageBuilder(0, 0);
        Expressions.write(b, NfTables.NFTA_RULE_EXPRESSIONS, exprs);
        ByteBuffer m = b.finish(0);
        m.position(16 + 4); // nlmsghdr, then the list's own nest header
        return Hex.hex(m);
    }

    @Test
    void nfqueueTargetMatchesIptablesNft() {
        Expr target = Expr.XtTarget.nfqueue(3, 1, XtNfqueue.NFQ_FLAG_BYPASS);
        assertThat(encodeList(List.of(target))).isEqualTo(NFQUEUE_ELEMENT);
    }

    @Test
    void iptablesRuleDecodesToTheModel() {
        List<Expr> exprs = Expressions.read(Hex.buffer(Hex.unhex(IPTABLES_NFQUEUE)));
        assertThat(exprs).hasSize(4);
        assertThat(exprs.get(0)).isEqualTo(new Expr.Meta(NfTables.NFT_META_L4PROTO, NfTables.NFT_REG_1));
        assertThat(exprs.get(2)).isEqualTo(new Expr.Counter(0, 0));
        assertThat(exprs.get(3)).isEqualTo(Expr.XtTarget.nfqueue(3, 1, XtNfqueue.NFQ_FLAG_BYPASS));
        Expr.XtTarget t = (Expr.XtTarget) exprs.get(3);
        assertThat(t.targetName()).isEqualTo("NFQUEUE");
        assertThat(t.rev()).isEqualTo(Expr.XtTarget.NFQUEUE_REV);
        assertThat(t.info().length()).isEqualTo(XtNfqueue.INFO_V3_ALIGNED_LEN);
    }

    @Test
    void dupMatchesNft() {
        List<Expr> rule = List.of(Expr.Immediate.value(NfTables.NFT_REG_1, Bytes.be32(0x0a000002)),
                Expr.Immediate.value(NfTables.NFT_REG_2, Bytes.host32(3)), new Expr.Dup(NfTables.NFT_REG_1, NfTables.NFT_REG_2));
        assertThat(encodeList(rule)).isEqualTo(NFT_DUP);
        assertThat(Expressions.read(Hex.buffer(Hex.unhex(NFT_DUP)))).isEqualTo(rule);
    }

    @Test
    void dupRulesMatchNft() throws Exception {
        java.net.InetAddress to = java.net.InetAddress.getByName("10.0.0.2");
        assertThat(encodeList(DupRules.duplicate(20, to, 3))).isEqualTo(NFT_NUMGEN_DUP);
        assertThat(encodeList(DupRules.duplicate(100, to, 3))).isEqualTo(NFT_DUP);
        assertThat(Expressions.read(Hex.buffer(Hex.unhex(NFT_NUMGEN_DUP)))).isEqualTo(DupRules.duplicate(20, to, 3));
        assertThatThrownBy(() -> DupRules.duplicate(0, to, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DupRules.duplicate(50, to, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nfqueueArgumentsAreChecked() {
        assertThatThrownBy(() -> Expr.XtTarget.nfqueue(65_535, 2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Expr.XtTarget.nfqueue(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Expr.XtTarget.nfqueue(1, 1, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void damagedListsOnlyEverGiveMalformedReply() {
        Random rnd = new Random(0x6e6671L);
        for (String hex : List.of(IPTABLES_NFQUEUE, NFT_DUP, NFT_NUMGEN_DUP)) {
            byte[] original = Hex.unhex(hex);
            for (int n = 0; n < original.length; n++) {
                decodeOrMalformed(Arrays.copyOf(original, n));
            }
            for (int i = 0; i < 10_000; i++) {
                byte[] b = original.clone();
                for (int r = 0; r < 1 + rnd.nextInt(3); r++) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
                }
                decodeOrMalformed(b);
            }
        }
    }

    private static void decodeOrMalformed(byte[] b) {
        try {
            Expressions.read(Hex.buffer(b));
        } catch (MalformedReplyException fine) {
            // refused, as it should be
        }
    }
}
