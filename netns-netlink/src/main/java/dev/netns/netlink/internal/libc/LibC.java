package dev.netns.netlink.internal.libc;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The few libc functions the backend needs, bound with JNA direct mapping (fast, and errno is
 * captured into {@link LastErrorException}). Direct buffers are passed by the address of their
 * current position: callers keep the position at 0.
 */
public final class LibC {
    static {
        Native.register("c");
    }

    // <bits/socket.h>, <linux/netlink.h>, <sys/mount.h>, <sched.h>, <fcntl.h>, <poll.h>
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int NETLINK_ROUTE = 0;
    public static final int NETLINK_NETFILTER = 12;
    public static final int SOL_SOCKET = 1;
    public static final int SO_RCVBUF = 8;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVTIMEO = 20;
    public static final int SOL_NETLINK = 270;
    public static final int NETLINK_CAP_ACK = 10;
    public static final int NETLINK_EXT_ACK = 11;
    public static final int NETLINK_GET_STRICT_CHK = 12;
    public static final int MSG_PEEK = 0x2;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int IPPROTO_ICMP = 1;
    public static final int IPPROTO_ICMPV6 = 58;
    public static final int CLONE_NEWNET = 0x40000000;
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0x40;
    public static final int O_EXCL = 0x80;
    public static final int O_TRUNC = 0x200;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;
    /**
     * Whether {@link #O_NOFOLLOW}, {@link #O_NONBLOCK}, {@link #O_TRUNC} and {@link #O_TMPFILE}
     * have the values below: asm-generic's on x86-64 and riscv64, with arm's and arm64's own
     * O_DIRECTORY and O_NOFOLLOW. Other architectures (powerpc, mips, sparc, ...) define some of
     * them differently: code that needs these flags does without them there.
     */
    public static final boolean OPEN_FLAGS_KNOWN = Platform.isIntel() && Platform.is64Bit() || Platform.isARM()
            || Platform.isRISCV();
    /** 0100000 on arm and arm64, 0400000 in asm-generic. */
    public static final int O_NOFOLLOW = Platform.isARM() ? 0x8000 : 0x20000;
    /** {@code __O_TMPFILE | O_DIRECTORY}, with arm's own O_DIRECTORY (040000; asm-generic 0200000). */
    public static final int O_TMPFILE = 0x400000 | (Platform.isARM() ? 0x4000 : 0x10000);
    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_FOLLOW = 0x400;
    /** {@code __NR_open_tree}: 428 in asm-generic/unistd.h and in x86-64's table alike (Linux 5.2). */
    public static final long SYS_open_tree = 428;
    public static final int OPEN_TREE_CLONE = 1;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_SHARED = 1 << 20;
    public static final int MNT_DETACH = 2;
    public static final short POLLIN = 0x1;
    // <sys/resource.h>
    public static final int PRIO_PROCESS = 0;

    private LibC() {
    }

    /** {@code struct timeval} as the int array {@link #setsockopt} takes, in the host's byte order. */
    public static int[] timeval(long seconds, long micros) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        b.putLong(seconds).putLong(micros).flip();
        return new int[] {b.getInt(), b.getInt(), b.getInt(), b.getInt()};
    }

    /** One {@code struct pollfd} (int fd, short events, short revents) as the int array {@link #poll} takes. */
    public static int[] pollfd(int fd, short events) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        b.putInt(fd).putShort(events).putShort((short) 0).flip();
        return new int[] {b.getInt(), b.getInt()};
    }

    public static native int socket(int domain, int type, int protocol) throws LastErrorException;

    public static native int bind(int fd, byte[] addr, int addrLen) throws LastErrorException;

    public static native int getsockname(int fd, byte[] addr, int[] addrLen) throws LastErrorException;

    public static native int setsockopt(int fd, int level, int name, int[] value, int len) throws LastErrorException;

    public static native long send(int fd, ByteBuffer buf, long len, int flags) throws LastErrorException;

    public static native long sendto(int fd, ByteBuffer buf, long len, int flags, byte[] addr, int addrLen)
            throws LastErrorException;

    public static native long recv(int fd, ByteBuffer buf, long len, int flags) throws LastErrorException;

    /** {@code fds} holds {@code struct pollfd}s built by {@link #pollfd}. */
    public static native int poll(int[] fds, long nfds, int timeoutMs) throws LastErrorException;

    /**
     * poll with a nanosecond timeout ({@code struct timespec} as {tv_sec, tv_nsec}; 64-bit Linux),
     * for waits that whole milliseconds would make late. {@code sigmask} is {@code null}.
     */
    public static native int ppoll(int[] fds, long nfds, long[] timeout, Pointer sigmask) throws LastErrorException;

    public static native int close(int fd) throws LastErrorException;

    /** Called with two int arguments; harmless for the variadic open on the Linux ABIs JNA supports. */
    public static native int open(String path, int flags, int mode) throws LastErrorException;

    /** ioctl with a pointer argument (struct ifreq for TUNSETIFF). */
    public static native int ioctl(int fd, long request, byte[] arg) throws LastErrorException;

    /** ioctl with an integer argument passed by value (TUNSETPERSIST, TUNSETOWNER, TUNSETGROUP). */
    public static native int ioctl(int fd, long request, long arg) throws LastErrorException;

    /** Called with four int-sized arguments, like {@link #open}. */
    public static native int openat(int dirfd, String path, int flags, int mode) throws LastErrorException;

    public static native long read(int fd, byte[] buf, long count) throws LastErrorException;

    public static native long write(int fd, byte[] buf, long count) throws LastErrorException;

    /** pread(2): reads at {@code offset}, leaving the file position alone (shared by threads). */
    public static native long pread(int fd, byte[] buf, long count, long offset) throws LastErrorException;

    /** pwrite(2): writes at {@code offset}, leaving the file position alone (shared by threads). */
    public static native long pwrite(int fd, byte[] buf, long count, long offset) throws LastErrorException;

    public static native int linkat(int oldDirfd, String oldPath, int newDirfd, String newPath, int flags)
            throws LastErrorException;

    /** {@code syscall(SYS_open_tree, dirfd, path, flags)}: glibc has a wrapper only since 2.36. */
    public static native long syscall(long number, int dirfd, String path, int flags) throws LastErrorException;

    public static native long readlink(String path, byte[] buf, long size) throws LastErrorException;

    public static native int unshare(int flags) throws LastErrorException;

    public static native int setns(int fd, int nstype) throws LastErrorException;

    public static native int mount(String source, String target, String fstype, long flags, Pointer data)
            throws LastErrorException;

    public static native int umount2(String target, int flags) throws LastErrorException;

    public static native int setpriority(int which, int who, int prio) throws LastErrorException;
}
