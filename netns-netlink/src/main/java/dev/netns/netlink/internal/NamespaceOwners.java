package dev.netns.netlink.internal;

import com.sun.jna.LastErrorException;
import dev.netns.NamespaceId;
import dev.netns.netlink.internal.libc.Errno;
import dev.netns.netlink.internal.libc.LibC;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which process made each named namespace, so that the names of a JVM that died without deleting
 * them ({@code kill -9}, a crash) can be told from every other name under /run/netns.
 *
 * <p>The record is the content of the name's own file under /run/netns: the creator's pid, its
 * start time (field 22 of /proc/PID/stat, so a reused pid is seen), the boot id, and the nsfs
 * device and inode of the namespace bound on the name. It is written into a nameless file that is
 * then linked under the name ({@link NamedNamespaces#createMountPoint}), so it exists from the
 * name's first moment and goes with the name's file: no second file to create and delete per
 * namespace, and no window in which a killed JVM leaves a name without its record. The bind mount
 * hides the content; it is read through a copy of the run directory's mount without the mounts
 * on it ({@code open_tree} with {@code OPEN_TREE_CLONE}, Linux 5.2). A file without a record (made
 * by {@code ip netns add}, or released, which empties it) is never touched. Where that copy cannot
 * be made (an older kernel, no {@code CAP_SYS_ADMIN}, an architecture whose open flags the SDK
 * does not know) or the file system makes no nameless files, no records are written at all, which
 * is the safe side: such names are never cleaned.
 *
 * <p>One window is left, as before the records moved: between the cleaner's second read of a dead
 * creator's record and its removal of the name, another process could delete the name and make it
 * again; the cleaner would then remove that one.
 */
final class NamespaceOwners {
    /** A record's first line, so that no other content of a name's file is taken for one. */
    private static final String HEADER = "netns-owner 1";
    private static final int MAX_RECORD = 512;
    private static final Self SELF = Self.read();
    private static volatile Boolean readable; // whether records can be read back: learnt once

    private NamespaceOwners() {
    }

    /** The creator of a name, as recorded. */
    record Owner(long pid, long startTime, String bootId, String namespace) {
        /** Whether the recorded process still runs: same pid, same start time, same boot. */
        boolean alive() {
            if (!bootId.equals(SELF.bootId)) {
                return false;
            }
            return startedAt(pid).map(t -> t == startTime).orElse(false);
        }

        boolean isThisProcess() {
            return pid == SELF.pid && startTime == SELF.startTime && bootId.equals(SELF.bootId);
        }
    }

    /**
     * The record naming this process as the creator of {@code namespace}, to be the content of the
     * name's file; {@code null} where records could not be read back (then none is written).
     */
    static byte[] recordFor(NamespaceId namespace) {
        return readable() ? format(namespace) : null;
    }

    /** This process's record for {@code namespace}. */
    static byte[] format(NamespaceId namespace) {
        return (HEADER + "\npid=" + SELF.pid + "\nstart=" + SELF.startTime + "\nboot=" + SELF.bootId
                + "\nnamespace=" + namespace.device() + ":" + namespace.inode() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a record; empty for anything else (an empty file, another tool's content). */
    static Optional<Owner> parse(byte[] content, int length) {
        String text = new String(content, 0, length, StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        if (lines.length < 5 || !lines[0].equals(HEADER)) {
            return Optional.empty();
        }
        Map<String, String> f = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            if (eq > 0) {
                f.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
            }
        }
        try {
            return Optional.of(new Owner(Long.parseLong(f.get("pid")), Long.parseLong(f.get("start")),
                    Objects.requireNonNull(f.get("boot")), Objects.requireNonNull(f.get("namespace"))));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    /**
     * Forgets the creator of a name this process made and releases to outlive it: empties its file.
     *
     * @throws dev.netns.KernelException if the record is there and cannot be emptied: the cleaner
     *     would delete the released name once this JVM has ended
     */
    static void disown(String name) {
        if (!readable()) {
            return; // no record was written
        }
        Underneath u = Underneath.open();
        if (u == null) {
            throw Errors.of("release namespace " + name + ": its owner record under " + NamedNamespaces.path(name)
                    + " cannot be read to remove it, and `netns clean` would delete the name after this JVM ends",
                    Underneath.lastErrno, null);
        }
        try (u) {
            if (u.owner(name).map(Owner::isThisProcess).orElse(false)) {
                u.erase(name);
            }
        }
    }

    /**
     * Removes the names whose recorded creator is dead: the namespace bound on the name must still
     * be the one recorded, or none (a creator killed between linking the name and the mount).
     *
     * @return the names removed
     */
    static List<String> removeAbandoned() {
        List<String> removed = new ArrayList<>();
        try (Underneath u = Underneath.open()) {
            if (u == null) {
                return removed;
            }
            String runDevice = deviceOf(NamedNamespaces.RUN_DIR) + ":";
            for (String name : NamedNamespaces.list()) {
                Optional<Owner> owner = u.owner(name);
                if (owner.isEmpty() || owner.get().alive()) {
                    continue;
                }
                String bound = nsfsIdOrEmpty(NamedNamespaces.path(name));
                boolean mounted = !bound.isEmpty() && !bound.startsWith(runDevice);
                // Read again: a live process may have deleted the name and made it again since.
                if ((!mounted || bound.equals(owner.get().namespace())) && u.owner(name).equals(owner)) {
                    NamedNamespaces.removeQuietly(name);
                    removed.add(name);
                }
            }
        }
        return removed;
    }

    private static boolean readable() {
        Boolean r = readable;
        if (r == null) {
            try (Underneath u = Underneath.open()) {
                r = u != null;
            }
            if (r || Underneath.lastErrno != Errno.EMFILE && Underneath.lastErrno != Errno.ENFILE
                    && Underneath.lastErrno != Errno.ENOMEM) {
                readable = r; // learnt for good; a shortage of descriptors or memory is asked again next time
            }
        }
        return r;
    }

    /**
     * The run directory as it is without the namespaces mounted on its files: a detached copy of
     * its mount, without the mounts below it, in which each name's file shows its own content.
     */
    private static final class Underneath implements AutoCloseable {
        private final int fd;

        private Underneath(int fd) {
            this.fd = fd;
        }

        /** Why the last {@link #open} gave {@code null}: an errno, or ENOSYS where it could not try. */
        static volatile int lastErrno;

        /** @return the view, or {@code null} where it cannot be made (no run directory, kernel, privileges) */
        static Underneath open() {
            if (!LibC.OPEN_FLAGS_KNOWN || !Files.isDirectory(NamedNamespaces.RUN_DIR)) {
                lastErrno = Errno.ENOSYS;
                return null;
            }
            try {
                return new Underneath((int) LibC.syscall(LibC.SYS_open_tree, LibC.AT_FDCWD, NamedNamespaces.RUN_DIR.toString(),
                        LibC.OPEN_TREE_CLONE | LibC.O_CLOEXEC));
            } catch (LastErrorException e) {
                lastErrno = e.getErrorCode();
                return null;
            } catch (UnsatisfiedLinkError e) {
                lastErrno = Errno.ENOSYS;
                return null;
            }
        }

        Optional<Owner> owner(String name) {
            int f;
            try {
                // Non-blocking: whoever can write /run/netns could have left a FIFO there.
                f = LibC.openat(fd, name, LibC.O_RDONLY | LibC.O_NOFOLLOW | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
            } catch (LastErrorException e) {
                return Optional.empty(); // gone, or a symbolic link
            }
            try {
                byte[] b = new byte[MAX_RECORD];
                long n = LibC.read(f, b, b.length);
                return parse(b, (int) Math.max(0, n));
            } catch (LastErrorException e) {
                return Optional.empty();
            } finally {
                NetlinkSocket.closeQuietly(f);
            }
        }

        void erase(String name) {
            try {
                NetlinkSocket.closeQuietly(LibC.openat(fd, name,
                        LibC.O_WRONLY | LibC.O_TRUNC | LibC.O_NOFOLLOW | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0));
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.ENOENT) { // gone already: nothing left to clean either
                    throw Errors.of("release namespace " + name + ": empty its owner record (else `netns clean` would "
                            + "delete the name after this JVM ends)", e);
                }
            }
        }

        @Override
        public void close() {
            NetlinkSocket.closeQuietly(fd);
        }
    }

    /** "DEV:INODE" of what a path leads to (a namespace file, or the plain file under a name). */
    private static String nsfsIdOrEmpty(Path p) {
        try {
            return Files.getAttribute(p, "unix:dev") + ":" + Files.getAttribute(p, "unix:ino");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String deviceOf(Path p) {
        try {
            return String.valueOf(Files.getAttribute(p, "unix:dev"));
        } catch (IOException e) {
            return "?";
        }
    }

    /** Field 22 of /proc/PID/stat: start time in clock ticks since boot; empty if there is no such process. */
    static Optional<Long> startedAt(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            // the command (field 2) is in parentheses and may hold spaces: count from the last ')'
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(rest[19]));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** This process: pid, start time, boot id. */
    private record Self(long pid, long startTime, String bootId) {
        static Self read() {
            long pid = ProcessHandle.current().pid();
            String boot;
            try {
                boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                boot = "unknown";
            }
            return new Self(pid, startedAt(pid).orElse(-1L), boot);
        }
    }
}
