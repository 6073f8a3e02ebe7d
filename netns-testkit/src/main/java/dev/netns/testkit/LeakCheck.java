package dev.netns.testkit;

import dev.netns.NamespaceId;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds what still holds a closed network's namespaces alive in this JVM: a thread inside one,
 * a descriptor on one, a child process inside one, or a name left under {@code /run/netns}.
 */
final class LeakCheck {
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final Path FDS = Path.of("/proc/self/fd");

    private LeakCheck() {
    }

    /**
     * Waits up to {@code waitMillis} for stragglers (a namespace thread finishing its exit),
     * then reports what is left.
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
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
        } while (System.nanoTime() < deadline);
        return found;
    }

    static List<String> scan(List<NamespaceId> ids, List<String> names) {
        Set<String> targets = ids.stream().map(id -> "net:[" + id.inode() + "]").collect(Collectors.toSet());
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String ns = readLink(task.resolve("ns/net"));
                if (ns != null && targets.contains(ns)) {
                    found.add("thread " + task.getFileName() + " (" + comm(task) + ") is still inside " + ns);
                }
            }
        } catch (IOException e) {
            found.add("cannot list " + TASKS + ": " + e.getMessage());
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
            for (Path fd : fds) {
                String target = readLink(fd);
                if (target != null && targets.contains(target)) {
                    found.add("file descriptor " + fd.getFileName() + " still refers to " + target);
                }
            }
        } catch (IOException e) {
            found.add("cannot list " + FDS + ": " + e.getMessage());
        }
        ProcessHandle.current().descendants().forEach(p -> {
            String ns = readLink(Path.of("/proc", Long.toString(p.pid()), "ns", "net"));
            if (ns != null && targets.contains(ns)) {
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
