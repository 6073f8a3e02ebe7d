package dev.netns.nftables.internal.queue.wire;

import dev.netns.fuzz.Truncations;
import dev.netns.netlink.internal.wire.NlError;
import dev.netns.netlink.internal.wire.NlMessage;
import dev.netns.nftables.internal.queue.NfqFuzzTargets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Truncated and corrupt nfnetlink_queue messages: everything the engine does with a received
 * datagram (split it, decode packets and errors) only ever throws MalformedReplyException. Their
 * mutation fuzzing is {@code NfqFuzzTargets}' (run by {@code DecoderFuzzTest}).
 */
class NfqMalformedInputTest {
    private static List<byte[]> corpus() {
        return NfqFuzzTargets.corpus();
    }

    private static void decodeEverything(byte[] datagram) {
        for (NlMessage m : NlMessage.parseAll(NfqCaptures.buffer(datagram))) {
            Truncations.tryDecode(() -> NfqPacket.decode(m));
            Truncations.tryDecode(() -> NfqPacket.decode(retyped(m)));
            Truncations.tryDecode(() -> NlError.fromError(m));
        }
    }

    private static NlMessage retyped(NlMessage m) {
        return new NlMessage(NfqMessages.type(NfQueue.NFQNL_MSG_PACKET), m.flags(), m.seq(), m.portId(), m.payload());
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
            Truncations.everyPrefix(c, NfqMalformedInputTest::decodeEverything);
            Truncations.everyMessageCut(c, NfqMalformedInputTest::decodeEverything);
        }
    }
}
