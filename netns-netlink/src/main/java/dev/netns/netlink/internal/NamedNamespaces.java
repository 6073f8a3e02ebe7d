package dev.netns.netlink.internal;

import com.sun.jna.LastErrorException;
import dev.netns.NotFoundException;
import dev.netns.netlink.internal.libc.Errno;
import dev.netns.netlink.internal.libc.LibC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * The /run/netns convention of iproute2: a shared mount of /run/netns, one empty file per name,
 * the namespace bind-mounted on it. Same steps as {@code ip netns add/del}, so both tools see the
 * same namespaces.
 */
final class NamedNamespaces {
    static final Path RUN_DIR = Path.of("/run/netns");

    private static volatile boolean runDirReady;

    private NamedNamespaces() {
    }

    static Path path(String name) {
        return RUN_DIR.resolve(name);
    }

    /** Makes /run/netns exist and be a shared mount, so bind mounts under it propagate everywhere. */
    static void prepareRunDir() {
        if (runDirReady) {
            return;
        }
        synchronized (NamedNamespaces.class) {
            if (runDirReady) {
                return;
            }
            try {
                Files.createDirectories(RUN_DIR, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            } catch (IOException e) {
                throw Errors.of("create " + RUN_DIR + " (" + e.getMessage() + ")", Errno.EACCES, null);
            }
            boolean bound = false;
            while (true) {
                try {
                    LibC.mount("", RUN_DIR.toString(), "none", LibC.MS_SHARED | LibC.MS_REC, null);
                    break;
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != Errno.EINVAL || bound) {
                        throw Errors.of("make " + RUN_DIR + " a shared mount", e);
                    }
                    // Not a mount point yet: bind it onto itself first, as iproute2 does.
                    try {
                        LibC.mount(RUN_DIR.toString(), RUN_DIR.toString(), "none", LibC.MS_BIND | LibC.MS_REC, null);
                    } catch (LastErrorException e2) {
                        throw Errors.of("bind-mount " + RUN_DIR + " onto itself", e2);
                    }
                    bound = true;
                }
            }
            runDirReady = true;
        }
    }

    /** Whether the run directory's file system makes nameless files (O_TMPFILE); learnt at the first try. */
    private static volatile boolean noTmpfile;

    /**
     * Creates the name's file, failing if the name is taken, with {@code content} in it from its
     * first moment (an owner record; {@code null} for none). The content goes into a nameless file
     * (O_TMPFILE) that is then linked under the name, so a process killed at any step leaves either
     * nothing or the whole file. The bind mount hides the content from everything but a view of
     * the run directory without its mounts ({@link NamespaceOwners}). Where the file system makes
     * no nameless files the content is left out: a file created and then written could be left
     * half-written by a kill, and never be cleaned.
     */
    static void createMountPoint(String name, byte[] content) {
        String p = path(name).toString();
        String what = "create namespace " + name + " (" + p + ")";
        if (content != null && !noTmpfile && LibC.OPEN_FLAGS_KNOWN) {
            int fd;
            try {
                fd = LibC.open(RUN_DIR.toString(), LibC.O_TMPFILE | LibC.O_WRONLY | LibC.O_CLOEXEC, 0444);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EOPNOTSUPP && e.getErrorCode() != Errno.EISDIR
                        && e.getErrorCode() != Errno.EINVAL) {
                    throw Errors.of(what, e);
                }
                noTmpfile = true;
                createMountPoint(name, null);
                return;
            }
            try {
                long n = LibC.write(fd, content, content.length);
                if (n != content.length) {
                    throw Errors.of(what + ": short write of its owner record", Errno.EIO, null);
                }
                LibC.linkat(LibC.AT_FDCWD, "/proc/self/fd/" + fd, LibC.AT_FDCWD, p, LibC.AT_SYMLINK_FOLLOW);
            } catch (LastErrorException e) {
                throw Errors.of(what, e);
            } finally {
                NetlinkSocket.closeQuietly(fd);
            }
            return;
        }
        try {
            NetlinkSocket.closeQuietly(LibC.open(p, LibC.O_RDONLY | LibC.O_CREAT | LibC.O_EXCL | LibC.O_CLOEXEC, 0));
        } catch (LastErrorException e) {
            throw Errors.of(what, e);
        }
    }

    /**
     * Bind-mounts a network namespace onto the name's file. {@code source} is a namespace file such
     * as {@code /proc/self/fd/N} of a namespace descriptor: a mount needs no setns, so any thread may do it.
     */
    static void bind(String source, String name) {
        try {
            LibC.mount(source, path(name).toString(), "none", LibC.MS_BIND, null);
        } catch (LastErrorException e) {
            throw Errors.of("bind-mount namespace " + name + " on " + path(name), e);
        }
    }

    /** Removes a name: lazy unmount, then unlink. The namespace lives on while anything holds it. */
    static void delete(String name) {
        String p = path(name).toString();
        boolean unmounted = true;
        try {
            LibC.umount2(p, LibC.MNT_DETACH);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.ENOENT) {
                throw new NotFoundException("delete namespace " + name, Errno.ENOENT, "ENOENT", null,
                        "There is no " + p);
            }
            if (e.getErrorCode() != Errno.EINVAL) {
                throw Errors.of("unmount namespace " + name + " (" + p + ")", e);
            }
            unmounted = false; // a stale file without a mount: still remove it
        }
        try {
            Files.delete(path(name));
        } catch (java.nio.file.NoSuchFileException e) {
            if (!unmounted) {
                throw new NotFoundException("delete namespace " + name, Errno.ENOENT, "ENOENT", null, "There is no " + p);
            }
        } catch (IOException e) {
            throw Errors.of("remove " + p + " (" + e.getMessage() + ")", Errno.EBUSY, null);
        }
    }

    /** Undoes a half-made name: unmount if mounted, then unlink. */
    static void removeQuietly(String name) {
        try {
            LibC.umount2(path(name).toString(), LibC.MNT_DETACH);
        } catch (LastErrorException ignored) {
            // not mounted yet
        }
        try {
            Files.deleteIfExists(path(name));
        } catch (IOException ignored) {
            // Best effort on a path we created a moment ago.
        }
    }

    static List<String> list() {
        if (!Files.isDirectory(RUN_DIR)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(RUN_DIR)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw Errors.of("list " + RUN_DIR + " (" + e.getMessage() + ")", Errno.EACCES, null);
        }
    }
}
