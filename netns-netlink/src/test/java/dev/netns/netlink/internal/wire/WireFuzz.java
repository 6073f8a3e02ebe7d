package dev.netns.netlink.internal.wire;

import dev.netns.MalformedReplyException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The one mutation fuzzer of the netlink decoders' tests: takes real messages, damages them the
 * way a confused kernel or a bug would (truncation, flipped bytes, boundary values in length and
 * type fields, a length fixed up to reach the inner parsers, retyped messages, trailing garbage)
 * and requires that a decoder either decodes or throws {@link MalformedReplyException}, nothing
 * else. Fixed seeds make every failure replayable.
 */
public final class WireFuzz {
    /** Boundary values for 16- and 32-bit fields: lengths around headers and alignment, sign bits. */
    static final int[] INTERESTING = {0, 1, 2, 3, 4, 5, 7, 8, 11, 12, 15, 16, 17, 19, 20, 23, 24, 35, 36, 0x7f,
        0x80, 0xff, 0x100, 0x7fff, 0x8000, 0x8002, 0xffff, 0x7fff_ffff, 0x8000_0000, 0xffff_fff0, 0xffff_ffff};

    private final int[] retypes;

    /**
     * @param retypes message types to rewrite nlmsg_type to now and then, so each decoder meets the
     *     others' layouts; none for no retyping
     */
    public WireFuzz(int... retypes) {
        this.retypes = retypes.clone();
    }

    /**
     * Feeds {@code count} mutations of the corpus to {@code decoder}.
     *
     * @return how many were rejected with {@link MalformedReplyException} (the caller checks the
     *     error paths were reached)
     * @throws AssertionError naming the mutation and its bytes if anything else came out
     */
    public int run(List<byte[]> corpus, long seed, int count, Consumer<byte[]> decoder) {
        Random rnd = new Random(seed);
        int malformed = 0;
        for (int i = 0; i < count; i++) {
            byte[] b = mutate(rnd, corpus.get(rnd.nextInt(corpus.size())));
            try {
                decoder.accept(b);
            } catch (MalformedReplyException e) {
                malformed++;
            } catch (RuntimeException | Error e) {
                throw new AssertionError("mutation " + i + " of seed " + seed + " (" + Wire.hex(b) + ") threw " + e, e);
            }
        }
        return malformed;
    }

    /** @return a damaged copy of {@code original}: one to three mutations */
    public byte[] mutate(Random rnd, byte[] original) {
        byte[] b = original.clone();
        int rounds = 1 + rnd.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            switch (rnd.nextInt(retypes.length > 0 ? 7 : 6)) {
                case 0 -> b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));
                case 1 -> {
                    if (b.length > 0) {
                        b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
                    }
                }
                case 2 -> { // rta_len, rta_type, nlmsg_type ...
                    if (b.length >= 2) {
                        buf(b).putShort(rnd.nextInt(b.length / 2) * 2, (short) INTERESTING[rnd.nextInt(INTERESTING.length)]);
                    }
                }
                case 3 -> { // nlmsg_len, an error code, an echoed length ...
                    if (b.length >= 4) {
                        buf(b).putInt(rnd.nextInt(b.length / 4) * 4, INTERESTING[rnd.nextInt(INTERESTING.length)]);
                    }
                }
                case 4 -> { // nlmsg_len fixed up to the damaged size, so the damage reaches the inner parsers
                    if (b.length >= 4) {
                        buf(b).putInt(0, b.length);
                    }
                }
                case 5 -> {
                    byte[] extra = new byte[rnd.nextInt(24)];
                    rnd.nextBytes(extra);
                    int old = b.length;
                    b = Arrays.copyOf(b, old + extra.length);
                    System.arraycopy(extra, 0, b, old, extra.length);
                }
                default -> {
                    if (b.length >= 6) {
                        buf(b).putShort(4, (short) retypes[rnd.nextInt(retypes.length)]);
                    }
                }
            }
        }
        return b;
    }

    private static ByteBuffer buf(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }
}
