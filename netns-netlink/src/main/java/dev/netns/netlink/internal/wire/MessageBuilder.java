package dev.netns.netlink.internal.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one netlink message: header, family header, attributes and nests, each 4-byte aligned.
 * The sequence number and length are filled in by {@link #finish(int)}.
 *
 * <p>Nest lengths include their padded children; a wrong one is what the kernel reports as a
 * misleading "Unknown device type", so the length is patched from the actual end position.
 */
public final class MessageBuilder {
    private ByteBuffer buf;

    /**
     * Starts a message.
     *
     * @param type the message type, for example {@link RtNetlink#RTM_NEWLINK}
     * @param flags NLM_F_* flags; NLM_F_REQUEST is added
     */
    public MessageBuilder(int type, int flags) {
        buf = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
        buf.putInt(0); // length, patched in finish
        buf.putShort((short) type);
        buf.putShort((short) (flags | Netlink.NLM_F_REQUEST));
        buf.putInt(0); // sequence, set in finish
        buf.putInt(0); // port id: 0 lets the kernel route it
    }

    /** @return the message type given to the constructor */
    public int type() {
        return buf.getShort(4) & 0xffff;
    }

    /** @return the NLM_F_* flags, with NLM_F_REQUEST */
    public int flags() {
        return buf.getShort(6) & 0xffff;
    }

    /** struct ifinfomsg. */
    public MessageBuilder ifinfomsg(int family, int type, int index, int flags, int change) {
        ensure(RtNetlink.IFINFOMSG_LEN);
        buf.put((byte) family).put((byte) 0).putShort((short) type).putInt(index).putInt(flags).putInt(change);
        return this;
    }

    /** struct ifaddrmsg. */
    public MessageBuilder ifaddrmsg(int family, int prefixLen, int flags, int scope, int index) {
        ensure(RtNetlink.IFADDRMSG_LEN);
        buf.put((byte) family).put((byte) prefixLen).put((byte) flags).put((byte) scope).putInt(index);
        return this;
    }

    /** struct rtmsg. */
    public MessageBuilder rtmsg(int family, int dstLen, int srcLen, int tos, int table, int protocol, int scope,
            int type, int flags) {
        ensure(RtNetlink.RTMSG_LEN);
        buf.put((byte) family).put((byte) dstLen).put((byte) srcLen).put((byte) tos).put((byte) table)
                .put((byte) protocol).put((byte) scope).put((byte) type).putInt(flags);
        return this;
    }

    /**
     * A family header given as raw bytes (struct nfgenmsg, tcmsg, ndmsg, fib_rule_hdr, ...),
     * padded to 4 bytes. Codecs of other netlink families describe their own headers with it.
     */
    public MessageBuilder header(byte[] raw) {
        ensure(Netlink.align(raw.length));
        buf.put(raw);
        pad();
        return this;
    }

    /** A u16 attribute in host byte order. */
    public MessageBuilder attrU16(int type, int value) {
        ensure(8);
        buf.putShort((short) 6).putShort((short) type).putShort((short) value);
        pad();
        return this;
    }

    /** A u64 attribute in host byte order. */
    public MessageBuilder attrU64(int type, long value) {
        ensure(12);
        buf.putShort((short) 12).putShort((short) type).putLong(value);
        return this;
    }

    /** A u16 attribute in network byte order (nf_tables and some rtnetlink attributes, NLA_BE16). */
    public MessageBuilder attrBe16(int type, int value) {
        return attr(type, new byte[] {(byte) (value >>> 8), (byte) value});
    }

    /** A u32 attribute in network byte order (NLA_BE32, as nf_tables uses for most numbers). */
    public MessageBuilder attrBe32(int type, int value) {
        return attr(type, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    /** A u64 attribute in network byte order (NLA_BE64: nf_tables handles). */
    public MessageBuilder attrBe64(int type, long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (56 - 8 * i));
        }
        return attr(type, b);
    }

    /** An attribute with no payload (NLA_FLAG). */
    public MessageBuilder attrFlag(int type) {
        return attr(type, new byte[0]);
    }

    /** An attribute with a raw payload. */
    public MessageBuilder attr(int type, byte[] payload) {
        int len = Netlink.NLA_HDRLEN + payload.length;
        ensure(Netlink.align(len));
        buf.putShort((short) len).putShort((short) type).put(payload);
        pad();
        return this;
    }

    /**
     * Appends bytes that are already attributes (a run kept from a reply, to be written back as
     * it was), padded to 4.
     */
    public MessageBuilder raw(byte[] attributes) {
        ensure(Netlink.align(attributes.length));
        buf.put(attributes);
        pad();
        return this;
    }

    public MessageBuilder attrU8(int type, int value) {
        return attr(type, new byte[] {(byte) value});
    }

    public MessageBuilder attrU32(int type, int value) {
        ensure(8);
        buf.putShort((short) 8).putShort((short) type).putInt(value);
        return this;
    }

    /** A NUL-terminated string attribute (NLA_NUL_STRING / NLA_STRING both accept it). */
    public MessageBuilder attrString(int type, String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        return attr(type, Arrays.copyOf(s, s.length + 1));
    }

    /**
     * Opens a nested attribute. Like iproute2, without NLA_F_NESTED: rtnetlink parses these
     * attributes with its liberal policy, and some (VETH_INFO_PEER) are structs, not nests.
     *
     * @return the nest's start, to give to {@link #endNest(int)}
     */
    public int beginNest(int type) {
        ensure(Netlink.NLA_HDRLEN);
        int start = buf.position();
        buf.putShort((short) 0).putShort((short) type);
        return start;
    }

    /** Closes a nest: its length covers everything written since, children padded. */
    public MessageBuilder endNest(int start) {
        buf.putShort(start, (short) (buf.position() - start));
        return this;
    }

    /**
     * @param seq the sequence number
     * @return the finished message, positioned at 0, limit at its length
     */
    public ByteBuffer finish(int seq) {
        buf.putInt(0, buf.position());
        buf.putInt(8, seq);
        ByteBuffer out = buf.duplicate().order(ByteOrder.nativeOrder());
        out.flip();
        return out;
    }

    private void pad() {
        while ((buf.position() & (Netlink.NLMSG_ALIGNTO - 1)) != 0) {
            buf.put((byte) 0);
        }
    }

    private void ensure(int more) {
        if (buf.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more))
                    .order(ByteOrder.nativeOrder());
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }
}
