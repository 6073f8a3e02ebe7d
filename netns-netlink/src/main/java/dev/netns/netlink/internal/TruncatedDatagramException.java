package dev.netns.netlink.internal;

import dev.netns.MalformedReplyException;

/**
 * A datagram larger than the buffer {@link NetlinkTransport#receiveCapped} read it into: the
 * kernel dropped the rest. {@link #seq()} tells whose it was: a leftover of an abandoned request,
 * or the request's own reply (a GET's, sent again then, or an NLM_F_ECHO copy, done without).
 */
final class TruncatedDatagramException extends MalformedReplyException {
    private static final long serialVersionUID = 1L;

    private final int seq;

    /**
     * @param length the datagram's length
     * @param capacity the buffer's
     * @param seq the sequence number of its first message, or -1 if not even its header fitted
     */
    TruncatedDatagramException(long length, int capacity, int seq) {
        super("a netlink datagram of " + length + " bytes did not fit the " + capacity + "-byte buffer (sequence "
                + seq + ")");
        this.seq = seq;
    }

    /** @return the sequence number of the datagram's first message, or -1 if unknown */
    int seq() {
        return seq;
    }
}
