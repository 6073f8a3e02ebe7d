package dev.netns.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Damages real messages the way a confused kernel or a bug would: truncation, flipped bytes,
 * boundary values in length and type fields, a length fixed up so the damage reaches the inner
 * parsers, retyped messages, duplicated and spliced chunks, trailing garbage. Pure function of
 * the {@link Random} it is given, so a seed replays a run.
 */
public final class Mutator {
    /** Boundary values for 16- and 32-bit fields: lengths around headers and alignment, sign bits. */
    static final int[] INTERESTING = {0, 1, 2, 3, 4, 5, 7, 8, 11, 12, 15, 16, 17, 19, 20, 23, 24, 35, 36, 0x7f,
        0x80, 0xff, 0x100, 0x7fff, 0x8000, 0x8001, 0x8002, 0xffff, 0x7fff_ffff, 0x8000_0000, 0xffff_fff0, 0xffff_ffff};

    private static final int KINDS = 9;

    private final int[] retypes;

    /**
     * @param retypes message types to write into nlmsg_type now and then, so each decoder meets the
     *     others' layouts; none for no retyping
     */
    public Mutator(int... retypes) {
        this.retypes = retypes.clone();
    }

    /**
     * @param corpus the other seeds, for splicing a piece of one message into another
     * @return a damaged copy of {@code original}: one to three mutations
     */
    public byte[] mutate(Random rnd, byte[] original, List<byte[]> corpus) {
        byte[] b = original.clone();
        int rounds = 1 + rnd.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            b = mutateOnce(rnd, b, corpus);
        }
        return b;
    }

    private byte[] mutateOnce(Random rnd, byte[] b, List<byte[]> corpus) {
        switch (rnd.nextInt(retypes.length > 0 ? KINDS + 1 : KINDS)) {
            case 0:
                return Arrays.copyOf(b, rnd.nextInt(b.length + 1));
            case 1:
                if (b.length > 0) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
                }
                return b;
            case 2: // rta_len, rta_type, nlmsg_type ...
                if (b.length >= 2) {
                    buf(b).putShort(rnd.nextInt(b.length / 2) * 2, (short) interesting(rnd));
                }
                return b;
            case 3: // nlmsg_len, an error code, an echoed length, a be32 register ...
                if (b.length >= 4) {
                    buf(b).putInt(rnd.nextInt(b.length / 4) * 4, interesting(rnd));
                }
                return b;
            case 4: // nlmsg_len fixed up to the damaged size, so the damage reaches the inner parsers
                if (b.length >= 4) {
                    buf(b).putInt(0, b.length);
                }
                return b;
            case 5:
                return append(b, randomBytes(rnd, rnd.nextInt(24)));
            case 6: // an aligned chunk repeated: a duplicated attribute, a nest holding two of one child
                return duplicateChunk(rnd, b);
            case 7: // a piece of another message at an aligned offset: attributes out of their context
                return splice(rnd, b, corpus.get(rnd.nextInt(corpus.size())));
            case 8: // a 16-bit value near the original one: off-by-one lengths
                if (b.length >= 2) {
                    int at = rnd.nextInt(b.length / 2) * 2;
                    buf(b).putShort(at, (short) (buf(b).getShort(at) + rnd.nextInt(9) - 4));
                }
                return b;
            default:
                if (b.length >= 6) {
                    buf(b).putShort(4, (short) retypes[rnd.nextInt(retypes.length)]);
                }
                return b;
        }
    }

    private static int interesting(Random rnd) {
        return INTERESTING[rnd.nextInt(INTERESTING.length)];
    }

    private static byte[] duplicateChunk(Random rnd, byte[] b) {
        if (b.length < 8) {
            return b;
        }
        int from = rnd.nextInt(b.length / 4) * 4;
        int len = Math.min(b.length - from, 4 * (1 + rnd.nextInt(8)));
        byte[] out = new byte[b.length + len];
        System.arraycopy(b, 0, out, 0, from + len);
        System.arraycopy(b, from, out, from + len, b.length - from);
        return out;
    }

    private static byte[] splice(Random rnd, byte[] b, byte[] other) {
        if (b.length < 4 || other.length < 4) {
            return b;
        }
        int at = rnd.nextInt(b.length / 4) * 4;
        int from = rnd.nextInt(other.length / 4) * 4;
        int len = Math.min(other.length - from, 4 * (1 + rnd.nextInt(16)));
        byte[] out = Arrays.copyOf(b, Math.max(b.length, at + len));
        System.arraycopy(other, from, out, at, len);
        return out;
    }

    private static byte[] append(byte[] b, byte[] extra) {
        byte[] out = Arrays.copyOf(b, b.length + extra.length);
        System.arraycopy(extra, 0, out, b.length, extra.length);
        return out;
    }

    private static byte[] randomBytes(Random rnd, int n) {
        byte[] extra = new byte[n];
        rnd.nextBytes(extra);
        return extra;
    }

    private static ByteBuffer buf(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }
}
