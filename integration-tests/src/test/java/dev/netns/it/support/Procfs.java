package dev.netns.it.support;

import dev.netns.NamespaceId;
import dev.netns.NetworkStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * What /proc says about this JVM: its descriptors, its threads and the namespace each sits in.
 * Shared by the core tests and the library tests, which prove the same two things: no thread is
 * left inside, no descriptor is left open.
 */
public final class Procfs {
    private Procfs() {
    }

    /** A prefix for namespace names that no other run or test class uses. */
    public static String uniquePrefix() {
        return "it-core-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL) + "-";
    }

    /** The number of open descriptors of the JVM (the listing's own descriptor is counted every time, so it cancels out). */
    public static int openFds() {
        String[] names = new java.io.File("/proc/self/fd").list();
        if (names == null) {
            throw new IllegalStateException("cannot list /proc/self/fd");
        }
        return names.length;
    }

    /**
     * {@link #openFds()} once it stops moving: from its first namespace on, a stack keeps a few
     * namespaces ready (a descriptor and a netlink socket each) and refills them in the background
     * after every take, so a baseline taken during a refill would be too low. Steady means the same
     * count in four readings 100 ms apart (longer than the pool's 50 ms pause after a burst plus a
     * refill), after one namespace made and closed so that the stack's refills have begun whatever
     * ran before.
     */
    public static int steadyOpenFds(NetworkStack stack) {
        stack.createAnonymousNamespace().close();
        int last = openFds();
        int same = 0;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (same < 3) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the JVM's descriptor count did not settle within 5 s (last " + last + ")");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a steady descriptor count", e);
            }
            int now = openFds();
            same = now == last ? same + 1 : 0;
            last = now;
        }
        return last;
    }

    /** The number of OS threads of the JVM. */
    public static int threadCount() {
        String[] names = new java.io.File("/proc/self/task").list();
        return names == null ? -1 : names.length;
    }

    /** The OS names of the JVM's threads, for failure messages. */
    public static List<String> threadNames() {
        List<String> out = new ArrayList<>();
        String[] tids = new java.io.File("/proc/self/task").list();
        for (String tid : tids == null ? new String[0] : tids) {
            try {
                out.add(Files.readString(Path.of("/proc/self/task", tid, "comm"), StandardCharsets.UTF_8).strip());
            } catch (IOException gone) {
                // ended while we looked
            }
        }
        out.sort(null);
        return out;
    }

    /** The network namespace of the calling thread, as "net:[INODE]". */
    public static String currentThreadNs() {
        return readlink(Path.of("/proc/thread-self/ns/net"));
    }

    /** The JVM's main (original) namespace: /proc/self follows the thread-group leader. */
    public static String processNs() {
        return readlink(Path.of("/proc/self/ns/net"));
    }

    /** The JVM's threads ("tid name") that sit inside {@code id} right now. */
    public static List<String> threadsInside(NamespaceId id) {
        String want = "net:[" + id.inode() + "]";
        List<String> out = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    if (want.equals(Files.readSymbolicLink(t.resolve("ns/net")).toString())) {
                        out.add(t.getFileName() + " " + Files.readString(t.resolve("comm"), StandardCharsets.UTF_8).strip());
                    }
                } catch (NoSuchFileException gone) {
                    // The thread ended while we looked: it is not inside anything any more.
                } catch (IOException e) {
                    if (Files.exists(t)) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * The JVM's threads inside any of {@code ids}, but for the SDK's own worker of each namespace
     * (named "netns-worker ...": it enters once, by design, and leaves with its namespace). A
     * library's thread in that list would keep a deleted namespace alive and would open its
     * sockets in the wrong place: rule 5 of DESIGN.md says users' libraries stay outside.
     */
    public static List<String> foreignThreadsInside(Collection<NamespaceId> ids) {
        List<String> out = new ArrayList<>();
        for (NamespaceId id : ids) {
            for (String t : threadsInside(id)) {
                // "tid name"; the kernel cuts names at 15 characters, so "netns-worker" survives
                if (!t.substring(t.indexOf(' ') + 1).startsWith("netns-worker")) {
                    out.add(id + ": " + t);
                }
            }
        }
        return out;
    }

    /** Fails, listing them, if a thread other than the SDK's workers sits inside any of {@code ids}. */
    public static void assertNoForeignThreadInside(Collection<NamespaceId> ids) {
        List<String> inside = foreignThreadsInside(ids);
        if (!inside.isEmpty()) {
            throw new AssertionError("JVM threads inside the test's namespaces (only the SDK's workers may be): " + inside);
        }
    }

    public static String readlink(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
