package dev.netns.nftables.internal.queue.wire;


import dev.netns.MalformedReplyException;
import dev.netns.netlink.internal.wire.NlError;
import dev.netns.netlink.internal.wire.NlMessage;
import dev.netns.nftables.internal.queue.NfqFuzzTargets;
import java.util.Arrays;
import java.util.HexFormat;
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
            tryDecode(() -> NfqPacket.decode(m));
            tryDecode(() -> NfqPacket.decode(retyped(m)));
            tryDecode(() -> NlError.fromError(m));
        }
    }

    private static NlMessage retyped(NlMessage m) {
        return new NlMessage(NfqMessages.type(NfQueue.NFQNL_MSG_PACKET), m.flags(), m.seq(), m.portId(), m.payload());
    }

    private static void tryDecode(Runnable r) {
        try {
            r.run();
        } catch (MalformedReplyException fine) {
            // refused
        }
    }

    private static void assertOnlyMalformed(byte[] b, String what) {
        try {
            decodeEverything(b);
        } catch (MalformedReplyException fine) {
            // the datagram itself was refused
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what + " (" + HexFormat.of().formatHex(b) + ") threw " + e, e);
        }
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
            for (int n = 0; n < c.length; n++) {
                assertOnlyMalformed(Arrays.copyOf(c, n), "datagram truncated to " + n);
                if (n >= 16) {
                    byte[] cut = Arrays.copyOf(c, n);
                    NfqCaptures.buffer(cut).putInt(0, n); // length fixed up: the cut reaches the attributes
                    assertOnlyMalformed(cut, "message truncated to " + n);
                }
            }
        }
    }
}
