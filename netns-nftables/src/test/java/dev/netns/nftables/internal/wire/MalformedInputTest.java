package dev.netns.nftables.internal.wire;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.MalformedReplyException;
import dev.netns.fuzz.Truncations;
import dev.netns.netlink.internal.wire.NlError;
import dev.netns.netlink.internal.wire.NlMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Truncated and corrupt nf_tables replies: the decoders only ever throw MalformedReplyException,
 * never IndexOutOfBounds, BufferUnderflow, NegativeArraySize or IllegalArgument. The captures are
 * little-endian, but the decoders read them on any host, so this runs everywhere. Their mutation
 * fuzzing is {@link DecoderFuzzTest}'s.
 */
class MalformedInputTest {

    /** Every captured reply datagram, and our own rule requests (the same layout as dumped rules). */
    private static List<byte[]> corpus() {
        List<byte[]> c = new ArrayList<>();
        for (String hex : List.of(NftCaptures.TABLES, NftCaptures.OWNER_TABLE, NftCaptures.CHAINS, NftCaptures.RULES_IP,
                NftCaptures.RULES_IP6, NftCaptures.NEWGEN, NftCaptures.DONE)) {
            c.add(Hex.unhex(hex));
        }
        ByteBuffer ours = NftMessages.newRule(Netfilter.NFPROTO_IPV4, "t", "pre", CapturedRules.DNAT_TCP,
                UserData.comment("netns:1"), RulePosition.after(3)).finish(1);
        byte[] b = new byte[ours.remaining()];
        ours.get(b);
        c.add(b);
        return c;
    }

    /** The single messages of the corpus, each on its own: damage inside them reaches the inner parsers. */
    private static List<byte[]> singleMessages() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] datagram : corpus()) {
            ByteBuffer b = Hex.buffer(datagram);
            int pos = 0;
            while (pos + 16 <= b.limit()) {
                int len = b.getInt(pos);
                out.add(Arrays.copyOfRange(datagram, pos, pos + len));
                pos += (len + 3) & ~3;
            }
        }
        return out;
    }

    /** Everything a backend may do with a reply datagram: only MalformedReplyException may escape. */
    private static void decodeEverything(byte[] datagram) {
        for (NlMessage m : NlMessage.parseAll(Hex.buffer(datagram))) {
            // Every decoder on every message, whatever its type says: types can be corrupt too.
            Truncations.tryDecode(() -> NftReplies.table(m));
            Truncations.tryDecode(() -> NftReplies.chain(m));
            Truncations.tryDecode(() -> UserData.commentOf(NftReplies.rule(m).userData()));
            Truncations.tryDecode(() -> NftReplies.generation(m));
            Truncations.tryDecode(() -> NlError.fromError(m));
            Truncations.tryDecode(() -> NlError.fromDone(m));
            // And with the type forced right, so a corrupt type does not hide the payload's damage.
            Truncations.tryDecode(() -> NftReplies.rule(retyped(m, NfTables.NFT_MSG_NEWRULE)));
            Truncations.tryDecode(() -> NftReplies.chain(retyped(m, NfTables.NFT_MSG_NEWCHAIN)));
            Truncations.tryDecode(() -> NftReplies.table(retyped(m, NfTables.NFT_MSG_NEWTABLE)));
        }
    }

    private static NlMessage retyped(NlMessage m, int msg) {
        return new NlMessage(NfNetlink.nftablesType(msg), m.flags(), m.seq(), m.portId(), m.payload());
    }

    @Test
    void originalsDecode() {
        for (byte[] c : corpus()) {
            decodeEverything(c);
        }
    }

    @Test
    void truncationAtEveryOffset() {
        for (byte[] c : corpus()) {
            Truncations.everyPrefix(c, MalformedInputTest::decodeEverything);
        }
        for (byte[] m : singleMessages()) {
            Truncations.everyMessageCut(m, MalformedInputTest::decodeEverything);
        }
    }

    @Test
    void truncatedRuleIsMalformedNotPartial() {
        byte[] rule = singleMessages().stream().filter(m -> (m[4] & 0xff) == NfTables.NFT_MSG_NEWRULE).findFirst()
                .orElseThrow();
        // Cut inside the expression list: the nest's length now runs past the message.
        byte[] cut = Arrays.copyOf(rule, 100);
        Hex.buffer(cut).putInt(0, 100);
        assertThatThrownBy(() -> NftReplies.rule(NlMessage.parseAll(Hex.buffer(cut)).get(0)))
                .isExactlyInstanceOf(MalformedReplyException.class);
    }

    @Test
    void shortNumbersAreMalformed() {
        // NFTA_TABLE_HANDLE of 4 bytes instead of 8.
        byte[] m = Hex.unhex("20000000000a020000000000000000000200000206000100740000000800040000000001");
        Hex.buffer(m).putInt(0, m.length);
        assertThatThrownBy(() -> NftReplies.table(NlMessage.parseAll(Hex.buffer(m)).get(0)))
                .isExactlyInstanceOf(MalformedReplyException.class).hasMessageContaining("table handle has 4 bytes");
    }
}
