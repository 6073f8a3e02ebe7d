package dev.netns.netlink.internal.wire;

import dev.netns.MalformedReplyException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The attributes of a message or a nest, indexed by type (flags masked off). When a type repeats,
 * the last one wins, as in the kernel's nla_parse.
 */
public final class Attributes {
    private static final Attributes EMPTY = new Attributes(new ByteBuffer[0]);
    private final ByteBuffer[] byType;

    private Attributes(ByteBuffer[] byType) {
        this.byType = byType;
    }

    /**
     * Parses a run of attributes.
     *
     * @throws MalformedReplyException if a length is below 4 or runs past the end
     */
    public static Attributes parse(ByteBuffer buf) {
        ByteBuffer b = buf.slice().order(ByteOrder.nativeOrder());
        ByteBuffer[] byType = new ByteBuffer[16];
        int pos = 0;
        int end = b.limit();
        while (end - pos >= Netlink.NLA_HDRLEN) {
            int len = b.getShort(pos) & 0xffff;
            int type = b.getShort(pos + 2) & Netlink.NLA_TYPE_MASK;
            if (len < Netlink.NLA_HDRLEN || len > end - pos) {
                throw new MalformedReplyException("attribute type " + type + " at offset " + pos + " has length " + len
                        + "; " + (end - pos) + " bytes remain");
            }
            if (type >= byType.length) {
                byType = Arrays.copyOf(byType, Math.max(type + 1, byType.length * 2));
            }
            byType[type] = b.slice(pos + Netlink.NLA_HDRLEN, len - Netlink.NLA_HDRLEN).order(ByteOrder.nativeOrder());
            pos += Netlink.align(len);
        }
        // Fewer than 4 bytes left over is padding the kernel may omit on the last attribute.
        return new Attributes(byType);
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
        return type < byType.length && byType[type] != null;
    }

    /** @return the payload of the attribute, or {@code null} */
    public ByteBuffer get(int type) {
        return has(type) ? byType[type].duplicate().order(ByteOrder.nativeOrder()) : null;
    }

    /** @return the payload bytes, or {@code null} */
    public byte[] bytes(int type) {
        ByteBuffer b = get(type);
        if (b == null) {
            return null;
        }
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** @return the attribute as an unsigned 8-bit value, or {@code dflt} if absent */
    public int u8(int type, int dflt) {
        ByteBuffer b = get(type);
        if (b == null) {
            return dflt;
        }
        need(type, b, 1);
        return b.get(0) & 0xff;
    }

    /** @return the attribute as a 32-bit value, or {@code dflt} if absent */
    public int u32(int type, int dflt) {
        ByteBuffer b = get(type);
        if (b == null) {
            return dflt;
        }
        need(type, b, 4);
        return b.getInt(0);
    }

    /** @return the attribute as a string up to its first NUL, or {@code null} if absent */
    public String string(int type) {
        byte[] b = bytes(type);
        if (b == null) {
            return null;
        }
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** @return the nested attributes, or an empty set if absent */
    public Attributes nested(int type) {
        ByteBuffer b = get(type);
        return b == null ? EMPTY : parse(b);
    }

    private static void need(int type, ByteBuffer b, int size) {
        if (b.remaining() < size) {
            throw new MalformedReplyException("attribute type " + type + " has " + b.remaining()
                    + " bytes, expected at least " + size);
        }
    }
}
