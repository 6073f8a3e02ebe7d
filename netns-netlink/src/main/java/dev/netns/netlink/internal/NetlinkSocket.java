package dev.netns.netlink.internal;

import com.sun.jna.LastErrorException;
import dev.netns.MalformedReplyException;
import dev.netns.netlink.internal.libc.Errno;
import dev.netns.netlink.internal.libc.LibC;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A raw NETLINK_ROUTE socket. It belongs to the namespace of the thread that opened it, for its
 * whole life, so it can be used from any thread afterwards. Not thread-safe: {@link RtnlConnection}
 * serialises access.
 */
final class NetlinkSocket implements NetlinkTransport {
    private static final int INITIAL_RECEIVE_BUFFER = 64 * 1024;
    private static final int SOCKET_RECEIVE_BUFFER = 1024 * 1024;
    private static final int RECEIVE_TIMEOUT_SECONDS = 30;

    private final int fd;
    private ByteBuffer sendBuffer = ByteBuffer.allocateDirect(4096).order(ByteOrder.nativeOrder());
    private ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(INITIAL_RECEIVE_BUFFER).order(ByteOrder.nativeOrder());
    private boolean closed;

    private NetlinkSocket(int fd) {
        this.fd = fd;
    }

    /** Opens a socket in the calling thread's network namespace. */
    static NetlinkSocket open() {
        int fd;
        try {
            fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_ROUTE);
        } catch (LastErrorException e) {
            throw Errors.of("open a NETLINK_ROUTE socket", e);
        }
        try {
            // The kernel's own error text, and acks without the echoed request.
            LibC.setsockopt(fd, LibC.SOL_NETLINK, LibC.NETLINK_EXT_ACK, new int[] {1}, 4);
            LibC.setsockopt(fd, LibC.SOL_NETLINK, LibC.NETLINK_CAP_ACK, new int[] {1}, 4);
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, new int[] {SOCKET_RECEIVE_BUFFER}, 4);
            // A kernel that never answers becomes an error instead of a hung thread.
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, LibC.timeval(RECEIVE_TIMEOUT_SECONDS, 0), 16);
            byte[] addr = new byte[12]; // sockaddr_nl: family, pad, pid 0 (kernel assigns), groups 0
            addr[0] = (byte) LibC.AF_NETLINK;
            LibC.bind(fd, addr, addr.length);
        } catch (LastErrorException e) {
            closeQuietly(fd);
            throw Errors.of("configure a NETLINK_ROUTE socket", e);
        }
        return new NetlinkSocket(fd);
    }

    int fd() {
        return fd;
    }

    @Override
    public void send(ByteBuffer message) {
        int len = message.remaining();
        if (sendBuffer.capacity() < len) {
            sendBuffer = ByteBuffer.allocateDirect(Math.max(len, sendBuffer.capacity() * 2)).order(ByteOrder.nativeOrder());
        }
        sendBuffer.clear();
        sendBuffer.put(message.duplicate());
        sendBuffer.flip(); // JNA passes a direct buffer's address at its position
        long sent;
        try {
            sent = LibC.send(fd, sendBuffer, len, 0);
        } catch (LastErrorException e) {
            throw Errors.of("send a netlink request", e);
        }
        if (sent != len) {
            throw new MalformedReplyException("netlink send wrote " + sent + " of " + len + " bytes");
        }
    }

    /**
     * Receives one datagram, sized to it: a peek learns its length so nothing is ever truncated.
     *
     * @return a buffer valid until the next receive, position 0, limit the datagram's length
     */
    @Override
    public ByteBuffer receive() {
        try {
            long size = LibC.recv(fd, receiveBuffer, receiveBuffer.capacity(), LibC.MSG_PEEK | LibC.MSG_TRUNC);
            if (size > receiveBuffer.capacity()) {
                receiveBuffer = ByteBuffer.allocateDirect((int) size).order(ByteOrder.nativeOrder());
            }
            long n = LibC.recv(fd, receiveBuffer, receiveBuffer.capacity(), 0);
            receiveBuffer.clear();
            receiveBuffer.limit((int) n);
            return receiveBuffer;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EAGAIN) {
                throw Errors.of("receive a netlink reply (none within " + RECEIVE_TIMEOUT_SECONDS + " s)", e);
            }
            throw Errors.of("receive a netlink reply", e);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeQuietly(fd);
        }
    }

    static void closeQuietly(int fd) {
        try {
            LibC.close(fd);
        } catch (LastErrorException ignored) {
            // Nothing useful to do: the descriptor is gone either way.
        }
    }
}
