package dev.netns.netlink.internal.wire;

import dev.netns.MalformedReplyException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A decoded NLMSG_ERROR (or the error of an NLMSG_DONE): the errno (0 for an ack) and the
 * kernel's extended-ack text, if it sent one.
 *
 * @param errno the positive errno, 0 for success
 * @param message the NLMSGERR_ATTR_MSG text, or {@code null}
 */
public record NlError(int errno, String message) {

    /** Decodes an NLMSG_ERROR message. */
    public static NlError fromError(NlMessage msg) {
        ByteBuffer p = msg.payload();
        if (p.limit() < 4) {
            throw new MalformedReplyException("NLMSG_ERROR with a " + p.limit() + "-byte payload, no error code");
        }
        int error = p.getInt(0);
        String text = null;
        if ((msg.flags() & Netlink.NLM_F_ACK_TLVS) != 0) {
            // The original request follows the error code: only its header if capped, else all of it.
            if (p.limit() < 4 + Netlink.NLMSG_HDRLEN) {
                throw new MalformedReplyException("NLMSG_ERROR announces extended ack but has no request header");
            }
            int origLen = p.getInt(4);
            boolean capped = (msg.flags() & Netlink.NLM_F_CAPPED) != 0;
            // Uncapped, the echoed length is an offset: a negative or huge one would make a negative
            // slice index (an IndexOutOfBoundsException, not a malformed reply).
            if (!capped && (origLen < Netlink.NLMSG_HDRLEN || origLen > p.limit() - 4)) {
                throw new MalformedReplyException("NLMSG_ERROR's echoed request has length " + origLen
                        + "; its payload has " + p.limit() + " bytes");
            }
            int skip = capped ? Netlink.NLMSG_HDRLEN : Netlink.align(origLen);
            int tlvStart = 4 + skip;
            if (tlvStart > p.limit()) {
                throw new MalformedReplyException("NLMSG_ERROR's echoed request (" + skip
                        + " bytes) runs past its payload (" + p.limit() + " bytes)");
            }
            text = Attributes.parse(p.slice(tlvStart, p.limit() - tlvStart).order(ByteOrder.nativeOrder()))
                    .string(Netlink.NLMSGERR_ATTR_MSG);
        }
        return new NlError(-error, text);
    }

    /** Decodes the error code of an NLMSG_DONE (a dump may end with an error too). */
    public static NlError fromDone(NlMessage msg) {
        ByteBuffer p = msg.payload();
        if (p.limit() < 4) {
            return new NlError(0, null);
        }
        int error = p.getInt(0);
        String text = null;
        if ((msg.flags() & Netlink.NLM_F_ACK_TLVS) != 0 && p.limit() > 4) {
            text = Attributes.parse(p.slice(4, p.limit() - 4).order(ByteOrder.nativeOrder()))
                    .string(Netlink.NLMSGERR_ATTR_MSG);
        }
        return new NlError(-error, text);
    }
}
