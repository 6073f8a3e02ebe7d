package dev.netns.netlink.internal.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * A byte writer for tests, written independently of {@link MessageBuilder}: host byte order (as the
 * kernel's netlink ABI), explicit fields, and helpers that assemble kernel-style replies. Lengths
 * in expected requests are written by hand; {@link #attr} and {@link #msg} compute them only for
 * replies the tests feed to the decoders.
 */
public final class Wire {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public static Wire w() {
        return new Wire();
    }

    public Wire u8(int v) {
        out.write(v);
        return this;
    }

    public Wire u16(int v) {
        return raw(ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort((short) v).array());
    }

    public Wire u32(int v) {
        return raw(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array());
    }

    public Wire raw(byte... b) {
        out.writeBytes(b);
        return this;
    }

    /** The characters and a NUL, unpadded. */
    public Wire cstr(String s) {
        return raw(s.getBytes(StandardCharsets.UTF_8)).u8(0);
    }

    public Wire zeros(int n) {
        return raw(new byte[n]);
    }

    /** Zero bytes up to the next multiple of 4. */
    public Wire pad() {
        while (out.size() % 4 != 0) {
            out.write(0);
        }
        return this;
    }

    /** An attribute whose rta_len is computed from what {@code body} writes, then padded. */
    public Wire attr(int type, Consumer<Wire> body) {
        Wire inner = new Wire();
        body.accept(inner);
        byte[] b = inner.bytes();
        return u16(4 + b.length).u16(type).raw(b).pad();
    }

    public Wire attr(int type, byte[] payload) {
        return attr(type, x -> x.raw(payload));
    }

    public Wire attrU32(int type, int v) {
        return attr(type, x -> x.u32(v));
    }

    public Wire attrU8(int type, int v) {
        return attr(type, x -> x.u8(v));
    }

    public Wire attrStr(int type, String s) {
        return attr(type, x -> x.cstr(s));
    }

    public int size() {
        return out.size();
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    public ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes()).order(ByteOrder.nativeOrder());
    }

    /** A netlink message: nlmsghdr with nlmsg_len = 16 + payload (unpadded), then the payload. */
    public static byte[] msg(int type, int flags, int seq, byte[] payload) {
        return w().u32(16 + payload.length).u16(type).u16(flags).u32(seq).u32(0).raw(payload).bytes();
    }

    /** Messages packed into one datagram, each starting 4-byte aligned, as the kernel sends them. */
    public static ByteBuffer datagram(byte[]... messages) {
        Wire d = w();
        for (byte[] m : messages) {
            d.pad().raw(m);
        }
        return d.buffer();
    }

    /** The single message of a datagram. */
    public static NlMessage parseOne(byte[] message) {
        var all = NlMessage.parseAll(datagram(message));
        if (all.size() != 1) {
            throw new AssertionError("expected one message, got " + all.size());
        }
        return all.get(0);
    }

    public static byte[] bytesOf(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    public static String hex(ByteBuffer b) {
        return HexFormat.of().formatHex(bytesOf(b));
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    public static byte[] unhex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    public static boolean littleEndian() {
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    }
}
