package dev.netns.fuzz;

import dev.netns.MalformedReplyException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The systematic half of the decoders' malformed-input tests, next to {@link WireFuzz}'s random
 * half: every prefix of a datagram, and every prefix of a message with its {@code nlmsg_len} fixed
 * up so that the cut reaches the attribute parsers, must decode or throw
 * {@link MalformedReplyException}, nothing else.
 */
public final class Truncations {
    /** The size of {@code struct nlmsghdr}: shorter cuts have no length to fix up. */
    private static final int NLMSG_HDRLEN = 16;

    private Truncations() {
    }

    /**
     * Runs one decoder, for use inside a {@code decodeAll}: a refusal is the expected outcome.
     *
     * @param decoder the decoding call
     */
    public static void tryDecode(Supplier<?> decoder) {
        try {
            decoder.get();
        } catch (MalformedReplyException refused) {
            // typed: fine
        }
    }

    /**
     * Feeds every prefix of {@code datagram} to {@code decodeAll}, as the datagram cut short.
     *
     * @param decodeAll everything a backend may do with a received datagram
     * @throws AssertionError naming the cut and the bytes when anything but MalformedReplyException escapes
     */
    public static void everyPrefix(byte[] datagram, Consumer<byte[]> decodeAll) {
        for (int n = 0; n < datagram.length; n++) {
            assertOnlyMalformed(decodeAll, Arrays.copyOf(datagram, n), "datagram truncated to " + n);
        }
    }

    /**
     * Feeds every prefix of the single message {@code message} from its header on to
     * {@code decodeAll}, its {@code nlmsg_len} (host order, as the kernel sends it) set to the cut.
     *
     * @param decodeAll everything a backend may do with a received datagram
     * @throws AssertionError naming the cut and the bytes when anything but MalformedReplyException escapes
     */
    public static void everyMessageCut(byte[] message, Consumer<byte[]> decodeAll) {
        for (int n = NLMSG_HDRLEN; n < message.length; n++) {
            byte[] cut = Arrays.copyOf(message, n);
            ByteBuffer.wrap(cut).order(ByteOrder.nativeOrder()).putInt(0, n);
            assertOnlyMalformed(decodeAll, cut, "message truncated to " + n);
        }
    }

    private static void assertOnlyMalformed(Consumer<byte[]> decodeAll, byte[] b, String what) {
        try {
            decodeAll.accept(b);
        } catch (MalformedReplyException fine) {
            // the datagram itself was refused
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what + " (" + HexFormat.of().formatHex(b) + ") threw " + e, e);
        }
    }
}
