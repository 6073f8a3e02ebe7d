package dev.netns.netlink.internal;

import java.nio.ByteBuffer;

/** Datagrams to and from the kernel: the real socket, or a scripted one in tests. */
public interface NetlinkTransport extends AutoCloseable {

    /** Sends one message (position to limit). */
    void send(ByteBuffer message);

    /** @return the next datagram, position 0, valid until the next call */
    ByteBuffer receive();

    @Override
    void close();
}
