package dev.netns.netlink.internal;

import dev.netns.NamespaceClosedException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The /proc/sys/net files one namespace handle has read or written, kept open. Such a file stays
 * bound to the namespace it was opened in (the kernel resolves it then, not at each read or
 * write), so only the first use of a setting goes to a thread inside the namespace; later ones
 * read or write the descriptor from the caller's thread. That hand-off was most of a sysctl's
 * cost, and a test's sandbox reset writes its route flush once per test.
 *
 * <p>A kept descriptor can go stale: the kernel unregisters a device's settings when the device
 * goes or is renamed (and registers them anew), after which the old file answers ENOENT. So a
 * failure on a kept descriptor is never reported as such: the descriptor is closed and the
 * setting opened afresh inside the namespace, and what that attempt says is the answer.
 *
 * <p>At most {@link #CAPACITY} per handle, the least recently used closed first. Everything is done
 * holding this object's lock: a descriptor is never closed while another thread reads or writes
 * it (its number could be reused by then).
 */
final class SysctlFiles {
    /** Settings kept open per handle and direction. */
    static final int CAPACITY = 16;

    /** Opens a setting on a thread inside the namespace. */
    @FunctionalInterface
    interface Opener {
        int open(String key, String path, boolean write);
    }

    private final Map<String, Integer> forReading = lru();
    private final Map<String, Integer> forWriting = lru();
    private boolean closed; // guarded by this

    private static Map<String, Integer> lru() {
        return new LinkedHashMap<>(8, 0.75f, true);
    }

    /** Reads {@code key}, opening it inside the namespace with {@code opener} the first time. */
    synchronized String read(String key, String path, String operation, Opener opener) {
        Integer kept = forReading.get(path);
        if (kept != null) {
            try {
                return Sysctls.read(kept, key, path, operation);
            } catch (RuntimeException stale) {
                forget(forReading, path);
            }
        }
        int fd = open(key, path, false, opener);
        try {
            String value = Sysctls.read(fd, key, path, operation);
            keep(forReading, path, fd);
            return value;
        } catch (RuntimeException e) {
            NetlinkSocket.closeQuietly(fd);
            throw e;
        }
    }

    /** Writes {@code key}, opening it inside the namespace with {@code opener} the first time. */
    synchronized void write(String key, String path, byte[] value, String operation, Opener opener) {
        Integer kept = forWriting.get(path);
        if (kept != null) {
            try {
                Sysctls.write(kept, value, key, path, operation);
                return;
            } catch (RuntimeException stale) {
                forget(forWriting, path);
            }
        }
        int fd = open(key, path, true, opener);
        try {
            Sysctls.write(fd, value, key, path, operation);
        } catch (RuntimeException e) {
            NetlinkSocket.closeQuietly(fd);
            throw e;
        }
        keep(forWriting, path, fd);
    }

    private int open(String key, String path, boolean write, Opener opener) {
        if (closed) {
            throw new NamespaceClosedException("the namespace's handle is closed");
        }
        return opener.open(key, path, write);
    }

    private void keep(Map<String, Integer> files, String path, int fd) {
        files.put(path, fd);
        if (files.size() > CAPACITY) {
            Iterator<Map.Entry<String, Integer>> eldest = files.entrySet().iterator();
            NetlinkSocket.closeQuietly(eldest.next().getValue());
            eldest.remove();
        }
    }

    private static void forget(Map<String, Integer> files, String path) {
        NetlinkSocket.closeQuietly(files.remove(path));
    }

    /** How many descriptors are open, in both directions. */
    synchronized int size() {
        return forReading.size() + forWriting.size();
    }

    /** Closes every descriptor; later reads and writes fail. */
    synchronized void close() {
        closed = true;
        for (Map<String, Integer> files : java.util.List.of(forReading, forWriting)) {
            files.values().forEach(NetlinkSocket::closeQuietly);
            files.clear();
        }
    }
}
