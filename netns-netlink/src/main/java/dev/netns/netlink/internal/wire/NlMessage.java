package dev.netns.netlink.internal.wire;

import dev.netns.MalformedReplyException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One received netlink message: its header fields and a view of its payload (everything after the
 * 16-byte header, up to nlmsg_len).
 *
 * @param type nlmsg_type
 * @param flags nlmsg_flags
 * @param seq nlmsg_seq
 * @param portId nlmsg_pid
 * @param payload the payload, position 0, little- or big-endian as the host
 */
public record NlMessage(int type, int flags, int seq, int portId, ByteBuffer payload) {

    /**
     * Splits a datagram into its messages, checking every length against the buffer.
     *
     * @param datagram bytes from position to limit
     * @throws MalformedReplyException on a length that is too short or runs past the end
     */
    public static List<NlMessage> parseAll(ByteBuffer datagram) {
        ByteBuffer b = datagram.slice().order(ByteOrder.nativeOrder());
        List<NlMessage> out = new ArrayList<>(4);
        int pos = 0;
        int end = b.limit();
        while (pos < end) {
            if (end - pos < Netlink.NLMSG_HDRLEN) {
                throw new MalformedReplyException("netlink datagram has " + (end - pos)
                        + " trailing bytes at offset " + pos + ", fewer than a 16-byte header");
            }
            int len = b.getInt(pos);
            if (len < Netlink.NLMSG_HDRLEN || len > end - pos) {
                throw new MalformedReplyException("netlink message at offset " + pos + " has length " + len
                        + "; " + (end - pos) + " bytes remain in the datagram");
            }
            int type = b.getShort(pos + 4) & 0xffff;
            int flags = b.getShort(pos + 6) & 0xffff;
            int seq = b.getInt(pos + 8);
            int portId = b.getInt(pos + 12);
            ByteBuffer payload = b.slice(pos + Netlink.NLMSG_HDRLEN, len - Netlink.NLMSG_HDRLEN)
                    .order(ByteOrder.nativeOrder());
            out.add(new NlMessage(type, flags, seq, portId, payload));
            pos += Netlink.align(len);
        }
        return out;
    }

    /** @return whether this is NLMSG_ERROR (an ack when its error is 0) */
    public boolean isError() {
        return type == Netlink.NLMSG_ERROR;
    }

    /** @return whether this is NLMSG_DONE, the end of a dump */
    public boolean isDone() {
        return type == Netlink.NLMSG_DONE;
    }

    /** @return whether the kernel flagged the dump as inconsistent (NLM_F_DUMP_INTR) */
    public boolean dumpInterrupted() {
        return (flags & Netlink.NLM_F_DUMP_INTR) != 0;
    }

    /**
     * Parses the attributes that follow a family header of {@code headerLen} bytes.
     *
     * @throws MalformedReplyException if the payload is shorter than the header
     */
    public Attributes attributes(int headerLen) {
        if (payload.limit() < headerLen) {
            throw new MalformedReplyException("message type " + type + " has a " + payload.limit()
                    + "-byte payload, shorter than its " + headerLen + "-byte family header");
        }
        return Attributes.parse(payload.slice(headerLen, payload.limit() - headerLen).order(ByteOrder.nativeOrder()));
    }

    /** Reads an unsigned byte of the family header, checking the bound. */
    public int u8(int offset) {
        check(offset, 1);
        return payload.get(offset) & 0xff;
    }

    /** Reads an unsigned 16-bit field of the family header. */
    public int u16(int offset) {
        check(offset, 2);
        return payload.getShort(offset) & 0xffff;
    }

    /** Reads a 32-bit field of the family header. */
    public int i32(int offset) {
        check(offset, 4);
        return payload.getInt(offset);
    }

    private void check(int offset, int size) {
        if (offset + size > payload.limit()) {
            throw new MalformedReplyException("message type " + type + " is truncated: field at offset " + offset
                    + " needs " + size + " bytes, payload has " + payload.limit());
        }
    }
}
