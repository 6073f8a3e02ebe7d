package dev.netns.netlink.internal;

import com.sun.jna.LastErrorException;
import dev.netns.MalformedReplyException;
import dev.netns.netlink.internal.libc.Errno;
import dev.netns.netlink.internal.libc.LibC;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A raw netlink socket (NETLINK_ROUTE, or NETLINK_NETFILTER for the nf_tables backend). It belongs
 * to the namespace of the thread that opened it, for its
 * whole life, so it can be used from any thread afterwards. Not thread-safe: {@link RtnlConnection}
 * serialises access.
 */
public final class NetlinkSocket implements NetlinkTransport {
    /**
     * Enough for an ack and for a dump datagram of a few links. Every namespace has a socket, and
     * a direct buffer is zeroed when made: 64 KiB cost 16 pages touched per namespace. A larger
     * datagram grows it ({@link #receive} learns the size first); the kernel sizes dump datagrams
     * to the largest read it has seen (at most 32 KiB), so dumps come in more, smaller datagrams.
     */
    private static final int INITIAL_RECEIVE_BUFFER = 8 * 1024;
    private static final int SOCKET_RECEIVE_BUFFER = 1024 * 1024;
    private static final int RECEIVE_TIMEOUT_SECONDS = 30;

    private final int fd;
    private ByteBuffer sendBuffer = ByteBuffer.allocateDirect(4096).order(ByteOrder.nativeOrder());
    private ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(INITIAL_RECEIVE_BUFFER).order(ByteOrder.nativeOrder());
    private boolean closed;

    private NetlinkSocket(int fd) {
        this.fd = fd;
    }

    /** Opens a NETLINK_ROUTE socket in the calling thread's network namespace. */
    static NetlinkSocket open() {
        return open(LibC.NETLINK_ROUTE, "NETLINK_ROUTE");
    }

    /**
     * Opens a socket of a netlink protocol in the calling thread's network namespace, with extended
     * acks, capped acks, a 1 MiB receive buffer and a 30 s receive timeout.
     *
     * @param protocol a NETLINK_* protocol, for example {@link LibC#NETLINK_NETFILTER}
     * @param name its name, for error messages
     */
    public static NetlinkSocket open(int protocol, String name) {
        int fd;
        try {
            fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, protocol);
        } catch (LastErrorException e) {
            throw Errors.of("open a " + name + " socket", e);
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
            throw Errors.of("configure a " + name + " socket", e);
        }
        return new NetlinkSocket(fd);
    }

    int fd() {
        return fd;
    }

    /** Replaces the receive buffer: for tests, a small one that a datagram does not fit. */
    void receiveBufferForTest(int bytes) {
        receiveBuffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }

    /** @return the receive buffer's size */
    int receiveBufferCapacity() {
        return receiveBuffer.capacity();
    }

    /** @return the port id the kernel gave this socket (what nf_tables records as a table's owner) */
    public int portId() {
        byte[] addr = new byte[12];
        try {
            LibC.getsockname(fd, addr, new int[] {addr.length});
        } catch (LastErrorException e) {
            throw Errors.of("read the port id of a netlink socket", e);
        }
        return ByteBuffer.wrap(addr, 4, 4).order(ByteOrder.nativeOrder()).getInt();
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
        long size = recv(LibC.MSG_PEEK | LibC.MSG_TRUNC);
        if (size > receiveBuffer.capacity()) {
            receiveBuffer = ByteBuffer.allocateDirect((int) size).order(ByteOrder.nativeOrder());
        }
        long n = recv(0);
        receiveBuffer.clear();
        receiveBuffer.limit((int) n);
        return receiveBuffer;
    }

    @Override
    public ByteBuffer receiveCapped() {
        long n = recv(LibC.MSG_TRUNC);
        receiveBuffer.clear();
        if (n > receiveBuffer.capacity()) {
            // With MSG_TRUNC the kernel tells the datagram's real length; its first bytes are here.
            int capacity = receiveBuffer.capacity();
            int seq = capacity >= 16 ? receiveBuffer.getInt(8) : -1;
            receiveBuffer = ByteBuffer.allocateDirect((int) n).order(ByteOrder.nativeOrder());
            throw new TruncatedDatagramException(n, capacity, seq);
        }
        receiveBuffer.limit((int) n);
        return receiveBuffer;
    }

    /** One recv(2) into the receive buffer, its failure said in words (a timeout as one). */
    private long recv(int flags) {
        try {
            return LibC.recv(fd, receiveBuffer, receiveBuffer.capacity(), flags);
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
