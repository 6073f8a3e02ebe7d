package dev.netns.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a JVM leaves on the machine, read from /proc and from the machine's own namespace:
 * descriptors, threads, the network namespaces its threads and descriptors hold, child processes,
 * names and mounts under /run/netns, and the machine namespace's links, nf_tables tables and
 * iptables rules. The soak, kill -9 and storm tests take one before and one after and compare.
 *
 * <p>Names and mounts under /run/netns are filtered by {@code ours}: other JVMs on the same machine
 * create and delete their own names meanwhile.
 */
public record Footprint(int fds, List<String> threads, Set<String> heldNamespaces, List<Long> children,
        Set<String> runNetns, Set<String> runNetnsMounts, List<String> hostLinks, List<String> hostNftTables,
        List<String> hostIptables) {

    /** Takes a footprint; {@code ours} selects the /run/netns names that count. */
    public static Footprint take(Predicate<String> ours) {
        return new Footprint(Procfs.openFds(), Procfs.threadNames(), namespacesHeld(),
                ProcessHandle.current().descendants().map(ProcessHandle::pid).sorted().toList(),
                runNetnsNames(ours), runNetnsMounts(ours), machineLinks(), lines("nft", "list", "tables"),
                iptables());
    }

    /**
     * Compares with an earlier footprint.
     *
     * @param fdSlack descriptors the JVM may hold for good after the first run (JDK caches opened lazily)
     * @return one line per difference; empty if none
     */
    public List<String> leaksSince(Footprint before, int fdSlack) {
        List<String> out = new ArrayList<>();
        if (fds > before.fds + fdSlack) {
            out.add("descriptors: " + before.fds + " before, " + fds + " after");
        }
        List<String> newThreads = new ArrayList<>(threads);
        before.threads.forEach(newThreads::remove);
        newThreads.removeIf(Footprint::comesAndGoes);
        if (threads.stream().filter(n -> !comesAndGoes(n)).count() > before.threads.stream().filter(n -> !comesAndGoes(n)).count()) {
            out.add("threads: " + before.threads.size() + " before, " + threads.size() + " after; new: " + newThreads);
        }
        Set<String> ns = new TreeSet<>(heldNamespaces);
        ns.removeAll(before.heldNamespaces);
        if (!ns.isEmpty()) {
            out.add("network namespaces still held by the JVM's threads or descriptors: " + holders(ns));
        }
        if (!children.isEmpty()) {
            out.add("child processes: " + children);
        }
        diff(out, "names under /run/netns", before.runNetns, runNetns);
        diff(out, "mounts under /run/netns", before.runNetnsMounts, runNetnsMounts);
        diff(out, "links of the machine's namespace", Set.copyOf(before.hostLinks), Set.copyOf(hostLinks));
        diff(out, "nf_tables tables of the machine's namespace", Set.copyOf(before.hostNftTables), Set.copyOf(hostNftTables));
        diff(out, "iptables rules of the machine's namespace", Set.copyOf(before.hostIptables), Set.copyOf(hostIptables));
        return out;
    }

    /**
     * JDK threads that are no one's leak: the process reaper pool (cached, 60 s idle, and busy
     * with this class's own commands) and the attach listener (someone ran jstack or jcmd).
     */
    private static boolean comesAndGoes(String thread) {
        return thread.equals("process reaper") || thread.equals("Attach Listener");
    }

    private static void diff(List<String> out, String what, Set<String> before, Set<String> after) {
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        if (!added.isEmpty()) {
            out.add(what + " added: " + added);
        }
    }

    /** Resident memory of the JVM in KiB (VmRSS). */
    /**
     * VmRSS after glibc's {@code malloc_trim(0)} has handed the C allocator's free memory back to
     * the system, so that what the allocator's arenas keep for reuse (they grow in steps of MiB as
     * threads come and go) does not read as growth; plain VmRSS where there is no malloc_trim.
     */
    public static long rssKibTrimmed() {
        MallocTrim.trim();
        return rssKib();
    }

    /** glibc's malloc_trim, where the C library has it. */
    private static final class MallocTrim {
        private static final boolean AVAILABLE = register();

        private static boolean register() {
            try {
                com.sun.jna.Native.register("c");
                return true;
            } catch (UnsatisfiedLinkError notGlibc) {
                return false;
            }
        }

        private static native int malloc_trim(long pad);

        static void trim() {
            if (AVAILABLE) {
                malloc_trim(0);
            }
        }
    }

    public static long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    /** The net namespaces ("net:[INODE]") that the JVM's threads sit in or its descriptors point at. */
    public static Set<String> namespacesHeld() {
        Set<String> out = new TreeSet<>();
        for (String dir : List.of("/proc/self/task", "/proc/self/fd")) {
            try (Stream<Path> s = Files.list(Path.of(dir))) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    try {
                        String target = Files.readSymbolicLink(dir.endsWith("task") ? p.resolve("ns/net") : p).toString();
                        if (target.startsWith("net:[")) {
                            out.add(target);
                        }
                    } catch (NoSuchFileException | java.nio.file.NotLinkException gone) {
                        // ended or closed while we looked
                    } catch (IOException e) {
                        // a descriptor closed between list and readlink
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Who holds each of {@code namespaces}: "thread TID NAME" or "fd N". */
    private static List<String> holders(Set<String> namespaces) {
        List<String> out = new ArrayList<>();
        for (String dir : List.of("/proc/self/task", "/proc/self/fd")) {
            try (Stream<Path> s = Files.list(Path.of(dir))) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    try {
                        boolean task = dir.endsWith("task");
                        String target = Files.readSymbolicLink(task ? p.resolve("ns/net") : p).toString();
                        if (namespaces.contains(target)) {
                            out.add(target + " held by " + (task ? "thread " + p.getFileName() + " "
                                    + Files.readString(p.resolve("comm")).strip() : "fd " + p.getFileName()));
                        }
                    } catch (IOException gone) {
                        // ended or closed while we looked
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The names under /run/netns that {@code ours} selects. */
    public static Set<String> runNetnsNames(Predicate<String> ours) {
        Path dir = Path.of("/run/netns");
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(ours).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mount points under /run/netns (from /proc/self/mountinfo) whose names {@code ours} selects. */
    public static Set<String> runNetnsMounts(Predicate<String> ours) {
        Set<String> out = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f.length > 4 && f[4].startsWith("/run/netns/") && ours.test(f[4].substring("/run/netns/".length()))) {
                    out.add(f[4]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static List<String> machineLinks() {
        // "N: name: <FLAGS> ..." : the name and index are what a leak would change
        return lines("ip", "-o", "link").stream().map(l -> l.split(" ", 3)).filter(f -> f.length > 1)
                .map(f -> f[0] + f[1]).toList();
    }

    private static List<String> iptables() {
        // counters change with traffic; the rules do not
        return lines("iptables-save").stream().filter(l -> !l.startsWith("#"))
                .map(l -> l.replaceAll("\\[\\d+:\\d+\\]", "")).toList();
    }

    /** The output lines of a read-only command of the machine's namespace (ip, nft, iptables-save). */
    private static List<String> lines(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
