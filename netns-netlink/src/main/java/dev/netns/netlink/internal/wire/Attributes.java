package dev.netns.netlink.internal.wire;

import dev.netns.MalformedReplyException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The attributes of a message or a nest, indexed by type (flags masked off). When a type repeats,
 * the last one wins, as in the kernel's nla_parse.
 *
 * <p>The index holds each payload's offset and length in the run, not a view per attribute: a
 * link message carries some fifty attributes, of which a decoder reads a handful, and views are
 * made only for those ({@link #get}); the fixed-size readers read in place.
 */
public final class Attributes {
    private static final Attributes EMPTY = new Attributes(ByteBuffer.allocate(0), new int[0]);
    private final ByteBuffer run;
    /** Per type t: [2t] the payload's offset + 1 (0 if absent), [2t + 1] its length. */
    private final int[] index;

    private Attributes(ByteBuffer run, int[] index) {
        this.run = run;
        this.index = index;
    }

    /**
     * Parses a run of attributes.
     *
     * @throws MalformedReplyException if a length is below 4 or runs past the end
     */
    public static Attributes parse(ByteBuffer buf) {
        ByteBuffer b = buf.slice().order(ByteOrder.nativeOrder());
        int end = b.limit();
        // First pass: check every length and find the highest type, so the index is sized once.
        int maxType = -1;
        int pos = 0;
        while (end - pos >= Netlink.NLA_HDRLEN) {
            int len = b.getShort(pos) & 0xffff;
            int type = b.getShort(pos + 2) & Netlink.NLA_TYPE_MASK;
            if (len < Netlink.NLA_HDRLEN || len > end - pos) {
                throw new MalformedReplyException("attribute type " + type + " at offset " + pos + " has length " + len
                        + "; " + (end - pos) + " bytes remain");
            }
            maxType = Math.max(maxType, type);
            pos += Netlink.align(len);
        }
        // Fewer than 4 bytes left over is padding the kernel may omit on the last attribute.
        if (maxType < 0) {
            return EMPTY;
        }
        // Two ints per type: the payload's offset + 1 (0 = absent) and its length.
        int[] index = new int[2 * (maxType + 1)];
        for (pos = 0; end - pos >= Netlink.NLA_HDRLEN; ) {
            int len = b.getShort(pos) & 0xffff;
            int type = b.getShort(pos + 2) & Netlink.NLA_TYPE_MASK;
            index[2 * type] = pos + Netlink.NLA_HDRLEN + 1;
            index[2 * type + 1] = len - Netlink.NLA_HDRLEN;
            pos += Netlink.align(len);
        }
        return new Attributes(b, index);
    }

    /**
     * Every attribute of one type in a run, in order. Lists whose elements share a type (nf_tables'
     * NFTA_LIST_ELEM) need this: the by-type index of {@link #parse} keeps only the last one.
     *
     * @param buf the run, from position to limit (a nest's payload)
     * @param type the element type; others are skipped
     * @throws MalformedReplyException if a length is below 4 or runs past the end
     */
    public static List<ByteBuffer> list(ByteBuffer buf, int type) {
        ByteBuffer b = buf.slice().order(ByteOrder.nativeOrder());
        List<ByteBuffer> out = new ArrayList<>();
        int pos = 0;
        int end = b.limit();
        while (end - pos >= Netlink.NLA_HDRLEN) {
            int len = b.getShort(pos) & 0xffff;
            int t = b.getShort(pos + 2) & Netlink.NLA_TYPE_MASK;
            if (len < Netlink.NLA_HDRLEN || len > end - pos) {
                throw new MalformedReplyException("list element type " + t + " at offset " + pos + " has length "
                        + len + "; " + (end - pos) + " bytes remain");
            }
            if (t == type) {
                out.add(b.slice(pos + Netlink.NLA_HDRLEN, len - Netlink.NLA_HDRLEN).order(ByteOrder.nativeOrder()));
            }
            pos += Netlink.align(len);
        }
        return out;
    }

    /** @return whether the attribute is present */
    public boolean has(int type) {
        return type >= 0 && type < index.length >> 1 && index[2 * type] != 0;
    }

    /** The payload's offset in the run; the attribute must be present. */
    private int at(int type) {
        return index[2 * type] - 1;
    }

    private int length(int type) {
        return index[2 * type + 1];
    }

    /** @return the payload of the attribute, or {@code null} */
    public ByteBuffer get(int type) {
        return has(type) ? run.slice(at(type), length(type)).order(ByteOrder.nativeOrder()) : null;
    }

    /** @return the payload bytes, or {@code null} */
    public byte[] bytes(int type) {
        if (!has(type)) {
            return null;
        }
        byte[] out = new byte[length(type)];
        run.get(at(type), out);
        return out;
    }

    /** @return the attribute as an unsigned 8-bit value, or {@code dflt} if absent */
    public int u8(int type, int dflt) {
        if (!has(type)) {
            return dflt;
        }
        need(type, 1);
        return run.get(at(type)) & 0xff;
    }

    /** @return the attribute as a 32-bit value, or {@code dflt} if absent */
    public int u32(int type, int dflt) {
        if (!has(type)) {
            return dflt;
        }
        need(type, 4);
        return run.getInt(at(type));
    }

    /** @return the attribute as a string up to its first NUL, or {@code null} if absent */
    public String string(int type) {
        if (!has(type)) {
            return null;
        }
        int from = at(type);
        int n = 0;
        int max = length(type);
        while (n < max && run.get(from + n) != 0) {
            n++;
        }
        byte[] b = new byte[n];
        run.get(from, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** @return the nested attributes, or an empty set if absent */
    public Attributes nested(int type) {
        ByteBuffer b = get(type);
        return b == null ? EMPTY : parse(b);
    }

    private void need(int type, int size) {
        if (length(type) < size) {
            throw new MalformedReplyException("attribute type " + type + " has " + length(type)
                    + " bytes, expected at least " + size);
        }
    }
}
