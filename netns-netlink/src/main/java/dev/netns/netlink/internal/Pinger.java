package dev.netns.netlink.internal;

import com.sun.jna.LastErrorException;
import dev.netns.PingResult;
import dev.netns.netlink.internal.libc.Errno;
import dev.netns.netlink.internal.libc.LibC;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * In-process ICMP echo over raw sockets opened inside the namespace (once, on its worker). Replies
 * are matched by identifier and sequence, so other ICMP traffic in the namespace is ignored.
 */
final class Pinger implements AutoCloseable {
    private static final AtomicInteger IDENTIFIERS = new AtomicInteger((int) (System.nanoTime() & 0xffff));
    private static final int ICMP_ECHO_REPLY = 0;
    private static final int ICMP_ECHO = 8;
    private static final int ICMP6_ECHO_REQUEST = 128;
    private static final int ICMP6_ECHO_REPLY = 129;
    private static final int PAYLOAD = 56;

    private final int fd4;
    private final int fd6;
    private final int identifier = IDENTIFIERS.incrementAndGet() & 0xffff;
    private final ReentrantLock lock = new ReentrantLock();
    private final ByteBuffer out = ByteBuffer.allocateDirect(8 + PAYLOAD).order(ByteOrder.BIG_ENDIAN);
    private final ByteBuffer in = ByteBuffer.allocateDirect(65536).order(ByteOrder.BIG_ENDIAN);
    private int sequence;

    /** Must be called on a thread inside the namespace. */
    Pinger(String where) {
        int v4;
        try {
            v4 = LibC.socket(LibC.AF_INET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.IPPROTO_ICMP);
        } catch (LastErrorException e) {
            throw Errors.of("open a raw ICMP socket " + where + " (needs CAP_NET_RAW)", e);
        }
        int v6;
        try {
            v6 = LibC.socket(LibC.AF_INET6, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.IPPROTO_ICMPV6);
        } catch (LastErrorException e) {
            v6 = -1; // IPv6 disabled in this kernel: IPv4 still works
        }
        fd4 = v4;
        fd6 = v6;
    }

    PingResult ping(String from, InetAddress target, Duration timeout) {
        boolean v4 = target instanceof Inet4Address;
        int fd = v4 ? fd4 : fd6;
        if (fd < 0) {
            return PingResult.failed(from, target, "IPv6 is not available in this kernel");
        }
        lock.lock();
        try {
            drain(fd);
            int seq = (++sequence) & 0xffff;
            out.clear();
            out.put((byte) (v4 ? ICMP_ECHO : ICMP6_ECHO_REQUEST)).put((byte) 0).putShort((short) 0)
                    .putShort((short) identifier).putShort((short) seq);
            for (int i = 0; i < PAYLOAD; i++) {
                out.put((byte) i);
            }
            if (v4) {
                out.putShort(2, checksum(out, 8 + PAYLOAD)); // the kernel computes ICMPv6's
            }
            out.flip(); // JNA sends from the buffer's position
            byte[] addr = sockaddr(target);
            long deadline = System.nanoTime() + timeout.toNanos();
            long t0 = System.nanoTime();
            try {
                LibC.sendto(fd, out, 8 + PAYLOAD, 0, addr, addr.length);
            } catch (LastErrorException e) {
                return PingResult.failed(from, target, describe(e.getErrorCode()));
            }
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return timeout(from, target, timeout);
                }
                int[] pfd = LibC.pollfd(fd, LibC.POLLIN);
                int ready;
                try {
                    ready = LibC.poll(pfd, 1, (int) Math.max(1, left / 1_000_000));
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == Errno.EINTR) {
                        continue; // a signal, not an answer: wait for the rest of the time
                    }
                    throw e;
                }
                if (ready == 0) {
                    return timeout(from, target, timeout);
                }
                long n = LibC.recv(fd, in, in.capacity(), LibC.MSG_DONTWAIT);
                long t1 = System.nanoTime();
                if (matches(in, (int) n, v4, seq)) {
                    // poll reports a reply that came after its timeout when this thread ran late (a
                    // loaded machine): not an answer within the timeout.
                    return t1 - deadline > 0 ? timeout(from, target, timeout)
                            : PingResult.reply(from, target, Duration.ofNanos(t1 - t0));
                }
            }
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EAGAIN) {
                return timeout(from, target, timeout);
            }
            return PingResult.failed(from, target, describe(e.getErrorCode()));
        } finally {
            lock.unlock();
        }
    }

    private static PingResult timeout(String from, InetAddress target, Duration timeout) {
        return PingResult.failed(from, target, "no reply within " + timeout.toMillis() + " ms");
    }

    private boolean matches(ByteBuffer b, int n, boolean v4, int seq) {
        int off = 0;
        if (v4) {
            if (n < 20) {
                return false;
            }
            off = (b.get(0) & 0x0f) * 4; // raw IPv4 sockets deliver the IP header too
        }
        if (n < off + 8) {
            return false;
        }
        int type = b.get(off) & 0xff;
        return type == (v4 ? ICMP_ECHO_REPLY : ICMP6_ECHO_REPLY)
                && (b.getShort(off + 4) & 0xffff) == identifier
                && (b.getShort(off + 6) & 0xffff) == seq;
    }

    private void drain(int fd) {
        try {
            while (LibC.recv(fd, in, in.capacity(), LibC.MSG_DONTWAIT) >= 0) {
                // stale replies from an earlier timed-out ping
            }
        } catch (LastErrorException ignored) {
            // EAGAIN: nothing queued
        }
    }

    private static byte[] sockaddr(InetAddress target) {
        byte[] a = target.getAddress();
        if (a.length == 4) {
            byte[] s = new byte[16]; // sockaddr_in
            s[0] = (byte) LibC.AF_INET;
            System.arraycopy(a, 0, s, 4, 4);
            return s;
        }
        byte[] s = new byte[28]; // sockaddr_in6
        s[0] = (byte) LibC.AF_INET6;
        System.arraycopy(a, 0, s, 8, 16);
        if (target instanceof java.net.Inet6Address six && six.getScopeId() != 0) {
            ByteBuffer.wrap(s).order(ByteOrder.nativeOrder()).putInt(24, six.getScopeId());
        }
        return s;
    }

    static short checksum(ByteBuffer b, int len) {
        long sum = 0;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += b.getShort(i) & 0xffff;
        }
        if ((len & 1) != 0) {
            sum += (b.get(len - 1) & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (short) ~sum;
    }

    private static String describe(int errno) {
        switch (errno) {
            case 101:
                return "network unreachable (no route)";
            case 113:
                return "host unreachable";
            case Errno.EPERM:
            case Errno.EACCES:
                return "not permitted (a firewall rule or missing privileges)";
            default:
                return Errno.name(errno);
        }
    }

    @Override
    public void close() {
        NetlinkSocket.closeQuietly(fd4);
        if (fd6 >= 0) {
            NetlinkSocket.closeQuietly(fd6);
        }
    }
}
