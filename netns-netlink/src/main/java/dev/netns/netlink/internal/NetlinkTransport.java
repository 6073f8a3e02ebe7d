package dev.netns.netlink.internal;

import java.nio.ByteBuffer;

/** Datagrams to and from the kernel: the real socket, or a scripted one in tests. */
public interface NetlinkTransport extends AutoCloseable {

    /** Sends one message (position to limit). */
    void send(ByteBuffer message);

    /** @return the next datagram, position 0, valid until the next call */
    ByteBuffer receive();

    /**
     * The next datagram, received without learning its length first: one system call where
     * {@link #receive} makes two. For replies that fit the buffer, or can be asked for again or
     * done without: an ack always fits; {@link RtnlConnection#request} sends a GET again and does
     * without an NLM_F_ECHO copy. Dumps, which cannot be asked for again half way, use
     * {@link #receive}.
     *
     * @return the next datagram, position 0, valid until the next call
     * @throws TruncatedDatagramException if the datagram did not fit and is lost (the buffer is
     *     grown to it for the next call)
     */
    default ByteBuffer receiveCapped() {
        return receive();
    }

    @Override
    void close();
}
