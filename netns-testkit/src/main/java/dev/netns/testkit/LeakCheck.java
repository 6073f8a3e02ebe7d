package dev.netns.testkit;

import dev.netns.NamespaceId;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds what still holds a closed network's namespaces alive in this JVM: a thread inside one,
 * a descriptor on one, a child process inside one, or a name left under {@code /run/netns}.
 *
 * <p>A namespace is matched by its whole {@link NamespaceId} (nsfs device and inode). That alone
 * is not enough: the kernel hands a freed namespace's inode to the next new namespace at once, so
 * under parallel execution another test's live namespace can carry a closed network's id. A
 * thread or descriptor inside a namespace keeps it alive, so its inode cannot have been handed on
 * while it is held: when an id belongs to a namespace of a network that is open now
 * ({@link Labels#isOpen}), the old namespace is gone and whatever is inside that id is not a leak.
 * Namespaces made in parallel without a testkit {@link Network} are not known here, and can still
 * be reported if their id was a closed network's.
 */
final class LeakCheck {
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final Path FDS = Path.of("/proc/self/fd");
    private static final long PAUSE_MILLIS = 10;

    private LeakCheck() {
    }

    /**
     * Waits up to {@code waitMillis} for stragglers, then reports what is left. Threads exit
     * asynchronously: a namespace worker finishing its exit, or a JDK thread that was started
     * inside a namespace (the HTTP server's "idle-timeout-task" timer) ending only after its
     * owner was stopped. Polled in the calling thread, which starts no thread of its own.
     *
     * @return one line per leak; empty if none
     */
    static List<String> leaks(List<NamespaceId> ids, List<String> names, long waitMillis) {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        List<String> found;
        do {
            found = scan(ids, names);
            if (found.isEmpty()) {
                return found;
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
        } while (System.nanoTime() < deadline);
        return found;
    }

    static List<String> scan(List<NamespaceId> ids, List<String> names) {
        // Namespaces of networks still open are not leaks, whatever id they reuse.
        Set<NamespaceId> closed = ids.stream().filter(id -> !Labels.isOpen(id)).collect(Collectors.toSet());
        Set<String> targets = closed.stream().map(NamespaceId::toString).collect(Collectors.toSet());
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String ns = match(task.resolve("ns/net"), targets, closed);
                if (ns != null) {
                    found.add("thread " + task.getFileName() + " (" + comm(task) + ") is still inside " + ns
                            + "; a thread started from inside a namespace (from NetNamespace.call, or by a library "
                            + "running there) stays in it and keeps it alive: open sockets with the namespace's "
                            + "openSocketChannel()/socketFactory()/serverSocketFactory() and start threads outside");
                }
            }
        } catch (IOException e) {
            found.add("cannot list " + TASKS + ": " + e.getMessage());
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
            for (Path fd : fds) {
                String target = match(fd, targets, closed);
                if (target != null) {
                    found.add("file descriptor " + fd.getFileName() + " still refers to " + target);
                }
            }
        } catch (IOException e) {
            found.add("cannot list " + FDS + ": " + e.getMessage());
        }
        ProcessHandle.current().descendants().forEach(p -> {
            String ns = match(Path.of("/proc", Long.toString(p.pid()), "ns", "net"), targets, closed);
            if (ns != null) {
                found.add("process " + p.pid() + " (" + p.info().command().orElse("?") + ") is still inside " + ns);
            }
        });
        for (String name : names) {
            if (Files.exists(Path.of("/run/netns", name))) {
                found.add("namespace /run/netns/" + name + " still exists");
            }
        }
        return found;
    }

    /**
     * @return {@code net:[INODE]} if {@code link} leads to one of {@code ids}, else {@code null}.
     *     The link text names the inode only; the device is compared by following the link, which
     *     is done only for the few links whose inode matches.
     */
    private static String match(Path link, Set<String> targets, Set<NamespaceId> ids) {
        String text = readLink(link);
        if (text == null || !targets.contains(text)) {
            return null;
        }
        try {
            Map<String, Object> a = Files.readAttributes(link, "unix:dev,ino");
            NamespaceId id = new NamespaceId(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue());
            return ids.contains(id) ? text : null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // Gone while we looked (then it holds nothing any more), or it cannot be followed
            // (then the inode is all there is to go by).
            return Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? text : null;
        }
    }

    private static String readLink(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null; // the thread, descriptor or process went away while we looked
        }
    }

    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
