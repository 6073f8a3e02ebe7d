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
     * {@link #receive} makes two. For replies that fit the buffer or may be lost: an ack always
     * fits (the sockets ask for NETLINK_CAP_ACK, so the kernel does not echo the request in it),
     * and an NLM_F_ECHO copy of a created object is a convenience the caller can do without.
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
