package dev.netns.netlink.internal;

import com.sun.jna.LastErrorException;
import dev.netns.InvalidInputException;
import dev.netns.KernelException;
import dev.netns.NotFoundException;
import dev.netns.internal.Validation;
import dev.netns.netlink.internal.libc.Errno;
import dev.netns.netlink.internal.libc.LibC;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes /proc/sys/net through descriptors. A /proc/sys/net file shows the namespace of
 * the thread that opens it, so {@link #open} (and {@link #readOnce}, {@link #writeOnce}) must run
 * on a thread inside the namespace; a {@code net.ipv4} or {@code net.ipv6} file keeps showing that
 * namespace, and {@link #read} and {@link #write} of it may run on any thread (see
 * {@link SysctlFiles}).
 */
final class Sysctls {
    private static final int MAX_VALUE = 64 * 1024;
    private static final int FIRST_READ = 256;

    private Sysctls() {
    }

    /** Turns {@code net.ipv4.ip_forward} or {@code net/ipv4/conf/eth0.5/forwarding} into a /proc/sys path. */
    static String path(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidInputException("sysctl key must not be empty");
        }
        String rel = key.indexOf('/') >= 0 ? key : key.replace('.', '/');
        if (!rel.startsWith("net/")) {
            throw new InvalidInputException("sysctl key \"" + Validation.printable(key)
                    + "\" is not under net.: only network sysctls belong to a namespace");
        }
        for (String part : rel.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")
                    || !part.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new InvalidInputException("sysctl key \"" + Validation.printable(key) + "\" has an invalid component \""
                        + Validation.printable(part) + "\"");
            }
        }
        return "/proc/sys/" + rel;
    }

    /** The bytes written for {@code value}, checked before anything is opened. */
    static byte[] value(String key, String value) {
        if (value == null || value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            throw new InvalidInputException("sysctl value for " + key + " must be one line without control characters, got "
                    + (value == null ? "null" : "\"" + Validation.printable(value) + "\""));
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Opens the setting on the calling thread, which must be inside the namespace.
     *
     * @param operation what the caller does, for the error ("write sysctl KEY=V in namespace N")
     * @return the descriptor, close-on-exec
     */
    static int open(String key, String path, boolean write, String operation) {
        try {
            return LibC.open(path, (write ? LibC.O_WRONLY : LibC.O_RDONLY) | LibC.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw failure(key, path, operation, e.getErrorCode());
        }
    }

    /**
     * One read of the whole value at offset 0: these files answer a short read with only part of
     * it. A value that fills the first, small buffer is read again into one of {@link #MAX_VALUE}
     * (the native call copies the whole buffer, so most values are not read into 64 KiB).
     *
     * @throws KernelException with the kernel's errno if the read fails (ENOENT: the setting was
     *     unregistered since the file was opened)
     */
    static String read(int fd, String key, String path, String operation) {
        for (int size = FIRST_READ; ; size = MAX_VALUE) {
            byte[] b = new byte[size];
            long n;
            try {
                n = LibC.pread(fd, b, b.length, 0);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EISDIR) {
                    throw failure(key, path, operation, Errno.EISDIR);
                }
                throw new KernelException(operation, e.getErrorCode(), Errno.name(e.getErrorCode()), null,
                        "The kernel did not give the value");
            }
            if (n < size || size == MAX_VALUE) {
                return n <= 0 ? "" : new String(b, 0, (int) n, StandardCharsets.UTF_8).strip();
            }
        }
    }

    /**
     * The whole value at offset 0, in one write: the kernel parses a sysctl write as it comes.
     *
     * @throws KernelException with the kernel's errno if it refuses the value (EINVAL for most;
     *     ENOENT for an unknown TCP congestion control, or a setting unregistered since the file
     *     was opened)
     */
    static void write(int fd, byte[] value, String key, String path, String operation) {
        long n;
        try {
            n = LibC.pwrite(fd, value, value.length, 0);
        } catch (LastErrorException e) {
            throw new KernelException(operation, e.getErrorCode(), Errno.name(e.getErrorCode()), null,
                    "The kernel refused the value");
        }
        if (n != value.length) {
            throw new KernelException(operation, Errno.EINVAL, "EINVAL", null,
                    "The kernel took " + n + " of the value's " + value.length + " bytes");
        }
    }

    /** Opens, reads and closes: on a thread inside the namespace, for a setting not kept open. */
    static String readOnce(String key, String path, String operation) {
        int fd = open(key, path, false, operation);
        try {
            return read(fd, key, path, operation);
        } finally {
            NetlinkSocket.closeQuietly(fd);
        }
    }

    /** Opens, writes and closes: on a thread inside the namespace, for a setting not kept open. */
    static void writeOnce(byte[] value, String key, String path, String operation) {
        int fd = open(key, path, true, operation);
        try {
            write(fd, value, key, path, operation);
        } finally {
            NetlinkSocket.closeQuietly(fd);
        }
    }

    /** The errors of opening a setting. */
    private static RuntimeException failure(String key, String path, String operation, int errno) {
        switch (errno) {
            case Errno.EISDIR:
                // A key that names a group of settings opens as a directory: say so, not "not found".
                return new InvalidInputException("sysctl key \"" + key + "\" names a group of settings (" + path
                        + "), not one setting");
            case Errno.ENOENT:
                return new NotFoundException(operation, Errno.ENOENT, "ENOENT", null, "There is no " + path);
            default:
                // EACCES, EPERM; EROFS where /proc/sys/net is read-only (a namespace owned by another
                // user namespace, as in a container).
                return Errors.of(operation, errno, null);
        }
    }
}
