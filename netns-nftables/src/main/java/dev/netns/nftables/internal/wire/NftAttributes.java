package dev.netns.nftables.internal.wire;

import dev.netns.MalformedReplyException;
import dev.netns.netlink.internal.wire.Attributes;
import dev.netns.netlink.internal.wire.MessageBuilder;
import dev.netns.netlink.internal.wire.Netlink;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reading and writing the parts of nf_tables attributes that rtnetlink does not have: numbers in
 * network byte order, and nests that must carry NLA_F_NESTED (the kernel's nf_tables policies
 * reject a nest without it). Every read of a malformed value ends in a MalformedReplyException
 * naming what was read.
 */
final class NftAttributes {
    private NftAttributes() {
    }

    /** Opens a nest with NLA_F_NESTED set; close it with {@link MessageBuilder#endNest(int)}. */
    static int nest(MessageBuilder b, int type) {
        return b.beginNest(type | Netlink.NLA_F_NESTED);
    }

    /** @return a required NLA_BE32 */
    static int be32(Attributes a, int type, String what) {
        ByteBuffer b = required(a, type, what);
        need(b, 4, what);
        return b.order(ByteOrder.BIG_ENDIAN).getInt(0);
    }

    /** @return an optional NLA_BE32, or {@code dflt} */
    static int be32(Attributes a, int type, String what, int dflt) {
        return a.has(type) ? be32(a, type, what) : dflt;
    }

    /** @return an optional NLA_BE64, or {@code dflt} */
    static long be64(Attributes a, int type, String what, long dflt) {
        if (!a.has(type)) {
            return dflt;
        }
        ByteBuffer b = a.get(type);
        need(b, 8, what);
        return b.order(ByteOrder.BIG_ENDIAN).getLong(0);
    }

    /** @return an optional NLA_U8, or {@code dflt} */
    static int u8(Attributes a, int type, String what, int dflt) {
        if (!a.has(type)) {
            return dflt;
        }
        ByteBuffer b = a.get(type);
        need(b, 1, what);
        return b.get(0) & 0xff;
    }

    /** @return a required string */
    static String string(Attributes a, int type, String what) {
        String s = a.string(type);
        if (s == null) {
            throw new MalformedReplyException(what + " is missing");
        }
        return s;
    }

    /** @return the payload bytes of an optional attribute, or {@code null} */
    static Bytes bytes(Attributes a, int type) {
        byte[] b = a.bytes(type);
        return b == null ? null : Bytes.of(b);
    }

    private static ByteBuffer required(Attributes a, int type, String what) {
        ByteBuffer b = a.get(type);
        if (b == null) {
            throw new MalformedReplyException(what + " is missing");
        }
        return b;
    }

    private static void need(ByteBuffer b, int size, String what) {
        if (b.remaining() < size) {
            throw new MalformedReplyException(what + " has " + b.remaining() + " bytes, expected " + size);
        }
    }
}
