package dev.netns.nftables.internal.queue.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.MalformedReplyException;
import dev.netns.netlink.internal.wire.NlError;
import dev.netns.netlink.internal.wire.NlMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Truncated and corrupt nfnetlink_queue messages: everything the engine does with a received
 * datagram (split it, decode packets and errors) only ever throws MalformedReplyException.
 */
class NfqMalformedInputTest {
    private static final int[] INTERESTING = {0, 1, 2, 3, 4, 7, 8, 11, 15, 16, 20, 0x7f, 0x80, 0xff, 0x100, 0x7fff,
        0x8000, 0xffff, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff};

    /**
     * The constructed packet, what the kernel sent (a packet, an ack, an error), the constructed
     * packet with every optional attribute, two packets in one datagram, and our own verdict.
     */
    private static List<byte[]> corpus() {
        List<byte[]> c = new ArrayList<>();
        byte[] packet = NfqCaptures.unhex(NfqCaptures.CONSTRUCTED);
        c.add(packet);
        c.add(NfqCaptures.unhex(NfqCaptures.KERNEL_PACKET));
        c.add(NfqCaptures.unhex(NfqCaptures.KERNEL_BIND_ACK));
        c.add(NfqCaptures.unhex(NfqCaptures.KERNEL_ENOENT));
        String extra = "08000500" + "00000002" + "08000d00" + "00000020" + "08000e00" + "00000001"
                + "08001000" + "00000000" + "08001100" + "00000000";
        byte[] full = NfqCaptures.unhex(NfqCaptures.CONSTRUCTED + extra);
        NfqCaptures.buffer(full).putInt(0, full.length);
        c.add(full);
        byte[] two = Arrays.copyOf(packet, packet.length * 2);
        System.arraycopy(packet, 0, two, packet.length, packet.length);
        c.add(two);
        // Our own verdict with a payload has the same shape (a verdict header where the packet header was).
        ByteBuffer v = NfqMessages.verdict(3, 42, 1, NfqCaptures.UDP_PAYLOAD);
        byte[] vb = new byte[v.remaining()];
        v.get(vb);
        c.add(vb);
        return c;
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

    @Test
    void tenThousandMutationsOfEachOnlyEverGiveMalformedReply() {
        Random rnd = new Random(0x6e6671756575L);
        int malformed = 0;
        int total = 0;
        for (byte[] original : corpus()) {
            for (int i = 0; i < 10_000; i++) {
                byte[] b = mutate(rnd, original);
                total++;
                try {
                    decodeEverything(b);
                    // A packet that decodes must decode to something sane.
                } catch (MalformedReplyException e) {
                    malformed++;
                } catch (RuntimeException | Error e) {
                    throw new AssertionError("mutation " + i + " (" + HexFormat.of().formatHex(b) + ") threw " + e, e);
                }
            }
        }
        assertThat(malformed).isGreaterThan(total / 20);
    }

    private static byte[] mutate(Random rnd, byte[] original) {
        byte[] b = original.clone();
        for (int r = 1 + rnd.nextInt(3); r > 0; r--) {
            switch (rnd.nextInt(5)) {
                case 0:
                    b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));
                    break;
                case 1:
                    if (b.length > 0) {
                        b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
                    }
                    break;
                case 2:
                    if (b.length >= 2) {
                        NfqCaptures.buffer(b).putShort(rnd.nextInt(b.length / 2) * 2,
                                (short) INTERESTING[rnd.nextInt(INTERESTING.length)]);
                    }
                    break;
                case 3:
                    if (b.length >= 4) {
                        NfqCaptures.buffer(b).putInt(rnd.nextInt(b.length / 4) * 4,
                                INTERESTING[rnd.nextInt(INTERESTING.length)]);
                    }
                    break;
                default:
                    if (b.length >= 4) {
                        NfqCaptures.buffer(b).putInt(0, b.length);
                    }
            }
        }
        return b;
    }
}
