package dev.netns.netlink.internal;

import dev.netns.KernelException;
import dev.netns.NamespaceClosedException;
import dev.netns.netlink.internal.libc.Errno;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The /proc/sys/net files one namespace handle has read or written, kept open. The settings of
 * {@code net.ipv4} and {@code net.ipv6} stay bound to the namespace their file was opened in (the
 * kernel finds the namespace's data through the file, not through the thread that reads or
 * writes it), so only the first use of such a setting goes to a thread inside the namespace;
 * later ones read or write the descriptor from the caller's thread. That hand-off was most of a
 * sysctl's cost, and a test's sandbox reset writes its route flush once per test. Other subtrees
 * are not kept ({@link #keepable}): kernels before 2025 look up the namespace of the calling thread
 * in some of their handlers (SCTP, MPTCP, RDS), so those are read and written inside, as before.
 *
 * <p>A kept descriptor can go stale: the kernel unregisters a device's settings when the device
 * goes or is renamed (and registers them anew), after which the old file answers ENOENT. So ENOENT
 * from a kept descriptor closes it, and the setting is opened afresh inside the namespace; what
 * that attempt says is the answer. Any other failure is the kernel's answer to the value.
 *
 * <p>At most {@link #CAPACITY} per handle and direction, the least recently used closed first.
 * Everything is done holding this object's lock (a {@link ReentrantLock}: it is held across the
 * hand-off into the namespace, which must not pin a virtual thread's carrier), so a descriptor is
 * never closed while another thread reads or writes it: its number could be reused by then.
 */
final class SysctlFiles {
    /** Settings kept open per handle and direction. */
    static final int CAPACITY = 16;

    /** Opens a setting on a thread inside the namespace. */
    @FunctionalInterface
    interface Opener {
        int open(String key, String path, boolean write, String operation);
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Integer> forReading = lru(); // guarded by lock
    private final Map<String, Integer> forWriting = lru(); // guarded by lock
    private boolean closed; // guarded by lock

    private static Map<String, Integer> lru() {
        return new LinkedHashMap<>(8, 0.75f, true);
    }

    /** Whether a setting's file may be kept and used from any thread (see the class comment). */
    static boolean keepable(String path) {
        return path.startsWith("/proc/sys/net/ipv4/") || path.startsWith("/proc/sys/net/ipv6/");
    }

    /** Reads {@code key}, opening it inside the namespace with {@code opener} the first time. */
    String read(String key, String path, String operation, Opener opener) {
        lock.lock();
        try {
            Integer kept = forReading.get(path);
            if (kept != null) {
                try {
                    return Sysctls.read(kept, key, path, operation);
                } catch (KernelException e) {
                    forgetIfStale(forReading, path, e);
                }
            }
            int fd = open(key, path, false, operation, opener);
            try {
                String value = Sysctls.read(fd, key, path, operation);
                keep(forReading, path, fd);
                return value;
            } catch (RuntimeException e) {
                NetlinkSocket.closeQuietly(fd);
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes {@code key}, opening it inside the namespace with {@code opener} the first time. */
    void write(String key, String path, byte[] value, String operation, Opener opener) {
        lock.lock();
        try {
            Integer kept = forWriting.get(path);
            if (kept != null) {
                try {
                    Sysctls.write(kept, value, key, path, operation);
                    return;
                } catch (KernelException e) {
                    forgetIfStale(forWriting, path, e);
                }
            }
            int fd = open(key, path, true, operation, opener);
            try {
                Sysctls.write(fd, value, key, path, operation);
            } catch (RuntimeException e) {
                // A refused value leaves the file as good as before; kept all the same.
                if (!(e instanceof KernelException k) || k.errno() == Errno.ENOENT) {
                    NetlinkSocket.closeQuietly(fd);
                    throw e;
                }
                keep(forWriting, path, fd);
                throw e;
            }
            keep(forWriting, path, fd);
        } finally {
            lock.unlock();
        }
    }

    /** ENOENT: the setting's file is stale, closed here; anything else is the answer. Holds the lock. */
    private static void forgetIfStale(Map<String, Integer> files, String path, KernelException e) {
        if (e.errno() != Errno.ENOENT) {
            throw e;
        }
        NetlinkSocket.closeQuietly(files.remove(path));
    }

    private int open(String key, String path, boolean write, String operation, Opener opener) {
        if (closed) {
            throw new NamespaceClosedException("the namespace's handle is closed");
        }
        return opener.open(key, path, write, operation);
    }

    private static void keep(Map<String, Integer> files, String path, int fd) {
        files.put(path, fd);
        if (files.size() > CAPACITY) {
            Iterator<Map.Entry<String, Integer>> eldest = files.entrySet().iterator();
            NetlinkSocket.closeQuietly(eldest.next().getValue());
            eldest.remove();
        }
    }

    /** How many descriptors are open, in both directions. */
    int size() {
        lock.lock();
        try {
            return forReading.size() + forWriting.size();
        } finally {
            lock.unlock();
        }
    }

    /** Closes every descriptor; later reads and writes fail. */
    void close() {
        lock.lock();
        try {
            closed = true;
            for (Map<String, Integer> files : List.of(forReading, forWriting)) {
                files.values().forEach(NetlinkSocket::closeQuietly);
                files.clear();
            }
        } finally {
            lock.unlock();
        }
    }
}
