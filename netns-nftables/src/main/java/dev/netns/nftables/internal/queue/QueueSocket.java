package dev.netns.nftables.internal.queue;

import com.sun.jna.LastErrorException;
import dev.netns.KernelException;
import dev.netns.NotSupportedException;
import dev.netns.PermissionDeniedException;
import dev.netns.netlink.internal.libc.Errno;
import dev.netns.netlink.internal.libc.LibC;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A NETLINK_NETFILTER socket for nfnetlink_queue. It belongs to the namespace of the thread that
 * opened it (open it inside {@code NetNamespace.call}); afterwards any thread may use it, so the
 * engine's reader stays outside every namespace. Used by one thread at a time.
 */
final class QueueSocket implements AutoCloseable {
    // <linux/netlink.h>, <asm-generic/socket.h>
    static final int NETLINK_NETFILTER = 12;
    static final int NETLINK_NO_ENOBUFS = 5;
    static final int SO_RCVBUFFORCE = 33;
    /** Room for bursts of queued packets while the reader is busy; beyond it the kernel fails open. */
    private static final int RECEIVE_BUFFER = 8 * 1024 * 1024;
    /** One queued packet: up to 64 KiB copied plus its attributes. */
    private static final int DATAGRAM_BUFFER = 128 * 1024;

    private final int fd;
    private final ByteBuffer in = ByteBuffer.allocateDirect(DATAGRAM_BUFFER).order(ByteOrder.nativeOrder());
    private ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.nativeOrder());
    private volatile boolean closed;

    private QueueSocket(int fd) {
        this.fd = fd;
    }

    /** Opens a socket in the calling thread's network namespace. */
    static QueueSocket open() {
        int fd;
        try {
            fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, NETLINK_NETFILTER);
        } catch (LastErrorException e) {
            throw error("open a NETLINK_NETFILTER socket", e.getErrorCode());
        }
        try {
            LibC.setsockopt(fd, LibC.SOL_NETLINK, LibC.NETLINK_EXT_ACK, new int[] {1}, 4);
            // Without this an overrun is reported as ENOBUFS on the next recv; the kernel has
            // already accepted (fail-open) or dropped the packet, so there is nothing to act on.
            LibC.setsockopt(fd, LibC.SOL_NETLINK, NETLINK_NO_ENOBUFS, new int[] {1}, 4);
            try {
                LibC.setsockopt(fd, LibC.SOL_SOCKET, SO_RCVBUFFORCE, new int[] {RECEIVE_BUFFER}, 4);
            } catch (LastErrorException e) {
                // Not CAP_NET_ADMIN in the owning user namespace: take what rmem_max allows.
                LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, new int[] {RECEIVE_BUFFER}, 4);
            }
            byte[] addr = new byte[12]; // sockaddr_nl, pid 0: the kernel assigns one
            addr[0] = (byte) LibC.AF_NETLINK;
            LibC.bind(fd, addr, addr.length);
        } catch (LastErrorException e) {
            closeQuietly(fd);
            throw error("configure a NETLINK_NETFILTER socket", e.getErrorCode());
        }
        return new QueueSocket(fd);
    }

    /** @return the descriptor (tests check it is closed) */
    int fd() {
        return fd;
    }

    /**
     * Sends one datagram holding every message from position to limit of each buffer: the kernel
     * processes the messages of a datagram in order, so many verdicts cost one system call.
     */
    void send(ByteBuffer datagram) {
        int len = datagram.remaining();
        if (out.capacity() < len) {
            out = ByteBuffer.allocateDirect(Math.max(len, out.capacity() * 2)).order(ByteOrder.nativeOrder());
        }
        out.clear();
        out.put(datagram.duplicate()).flip();
        try {
            long sent = LibC.send(fd, out, len, 0);
            if (sent != len) {
                throw new KernelException("send to nfnetlink_queue", Errno.EIO, "EIO", null,
                        "wrote " + sent + " of " + len + " bytes");
            }
        } catch (LastErrorException e) {
            throw error("send to nfnetlink_queue", e.getErrorCode());
        }
    }

    /**
     * Waits until a datagram can be read.
     *
     * @return whether one can, false after {@code timeoutMs} or a signal
     */
    boolean awaitReadable(int timeoutMs) {
        return awaitReadableNanos(timeoutMs * 1_000_000L);
    }

    /**
     * Waits until a datagram can be read, with a nanosecond timeout: a verdict due in 1.3 ms must
     * not wait 2 (poll's whole milliseconds), which would add up to a millisecond to every delay.
     *
     * @return whether one can, false after the timeout or a signal
     */
    boolean awaitReadableNanos(long timeoutNanos) {
        long t = Math.max(0, timeoutNanos);
        try {
            return LibC.ppoll(LibC.pollfd(fd, LibC.POLLIN), 1, new long[] {t / 1_000_000_000L, t % 1_000_000_000L},
                    null) > 0;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EINTR) {
                return false;
            }
            throw error("poll the nfnetlink_queue socket", e.getErrorCode());
        }
    }

    /**
     * Reads one datagram without waiting.
     *
     * @return a buffer valid until the next call (position 0), or {@code null} if none is waiting
     */
    ByteBuffer receive() {
        in.clear(); // JNA passes a direct buffer's address at its position: a caller may have moved it
        try {
            long n = LibC.recv(fd, in, in.capacity(), LibC.MSG_DONTWAIT);
            in.limit((int) Math.min(n, in.capacity()));
            return in;
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
                return null;
            }
            throw error("receive from nfnetlink_queue", errno);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeQuietly(fd);
        }
    }

    boolean isClosed() {
        return closed;
    }

    private static void closeQuietly(int fd) {
        try {
            LibC.close(fd);
        } catch (LastErrorException ignored) {
            // The descriptor is gone either way.
        }
    }

    static KernelException error(String operation, int errno) {
        String name = Errno.name(errno);
        switch (errno) {
            case Errno.EPERM:
            case Errno.EACCES:
                return new PermissionDeniedException(operation, errno, name, null, "This needs CAP_NET_ADMIN");
            case Errno.EPROTONOSUPPORT:
            case Errno.ENOTSUP:
                return new NotSupportedException(operation, errno, name, null,
                        "The running kernel has no nfnetlink_queue (CONFIG_NETFILTER_NETLINK_QUEUE)");
            default:
                return new KernelException(operation, errno, name, null, null);
        }
    }

    /** The kernel answers EPERM both to a missing CAP_NET_ADMIN and to a queue another socket holds. */
    static KernelException bindError(int queueNum, int errno, String kernelMessage) {
        String explanation = errno == Errno.EPERM
                ? "Another socket (another engine, or a program such as suricata) is bound to queue " + queueNum
                        + ", or this process lacks CAP_NET_ADMIN"
                : null;
        return new KernelException("bind nfnetlink_queue " + queueNum, errno, Errno.name(errno), kernelMessage,
                explanation);
    }
}
