package dev.netns.netlink.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Which process made each named namespace, so that the names of a JVM that died without deleting
 * them ({@code kill -9}, a crash) can be told from every other name under /run/netns.
 *
 * <p>One small record per name in {@value #DIR} (beside /run/netns, whose every entry iproute2
 * takes for a namespace): the creator's pid, its start time (field 22 of /proc/PID/stat, so a
 * reused pid is seen), the boot id, and the nsfs device and inode of the namespace bound on the
 * name. Written (temporary file, then rename) before the name's file is made, so that a JVM killed
 * at any step leaves a record of what it made; removed when the SDK deletes the name or its creator
 * releases it to outlive the JVM. A name without a record (made by {@code ip netns add}, or
 * released) is never touched. A record whose namespace is not the one bound on the name (two
 * processes raced for a name and the loser's record stayed) only ever loses the record.
 *
 * <p>Recording is best effort: where /run cannot be written (a rootless user namespace), names are
 * made without a record and are never cleaned, which is the safe side.
 */
final class NamespaceOwners {
    static final String DIR = "/run/netns-owners";
    private static final Path ROOT = Path.of(DIR);
    private static final Self SELF = Self.read();

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
     * Records this process as the creator of {@code name}, whose namespace is {@code namespaceFile}
     * (a descriptor's /proc path). Nothing is written if the name is taken, or while a live process's
     * record is there (the caller's creation will fail); a dead process's record without its name
     * is replaced.
     *
     * @return whether the record was written
     */
    static boolean claim(String name, String namespaceFile) {
        if (Files.exists(NamedNamespaces.path(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false; // taken: the creation fails, and a dead creator's record must stay for the cleaner
        }
        Optional<Owner> previous = read(name);
        if (previous.isPresent() && previous.get().alive() && !previous.get().isThisProcess()) {
            return false;
        }
        try {
            Files.createDirectories(ROOT);
            Path tmp = ROOT.resolve("." + name + "." + SELF.pid + ".tmp");
            String text = "pid=" + SELF.pid + "\nstart=" + SELF.startTime + "\nboot=" + SELF.bootId
                    + "\nnamespace=" + nsfsId(Path.of(namespaceFile)) + "\n";
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, record(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return true;
            } catch (AtomicMoveNotSupportedException e) {
                Files.deleteIfExists(tmp);
                return false;
            }
        } catch (IOException | UnsupportedOperationException e) {
            return false; // no record: the name is never cleaned (see the class comment)
        }
    }

    /** Forgets the creator of a name that is gone. */
    static void forget(String name) {
        try {
            Files.deleteIfExists(record(name));
        } catch (IOException e) {
            // the cleaner drops records whose name is gone
        }
    }

    /** Forgets the creator of a name this process made and releases to outlive it. */
    static void disown(String name) {
        if (read(name).map(Owner::isThisProcess).orElse(false)) {
            forget(name);
        }
    }

    /** @return the recorded creator of {@code name} */
    static Optional<Owner> read(String name) {
        try {
            Map<String, String> f = new TreeMap<>();
            for (String line : Files.readAllLines(record(name), StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    f.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return Optional.of(new Owner(Long.parseLong(f.get("pid")), Long.parseLong(f.get("start")), f.get("boot"),
                    f.getOrDefault("namespace", "")));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty(); // missing, or half-written by a version that did not rename
        }
    }

    /** @return the names with a record, sorted */
    static List<String> recorded() {
        if (!Files.isDirectory(ROOT)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(ROOT)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Removes the names whose recorded creator is dead: the namespace bound on the name must still
     * be the one recorded (else the name was deleted and made again by someone else, and only the
     * record goes); a name's file left without its mount by a creator killed half-way goes too.
     *
     * @return the names removed
     */
    static List<String> removeAbandoned() {
        List<String> removed = new ArrayList<>();
        removeDeadTemporaries();
        for (String name : recorded()) {
            Optional<Owner> owner = read(name);
            if (owner.isEmpty() || owner.get().alive()) {
                continue;
            }
            Path file = NamedNamespaces.path(name);
            if (Files.exists(file)) {
                String bound = nsfsIdOrEmpty(file);
                boolean mounted = !bound.isEmpty() && !bound.startsWith(deviceOf(NamedNamespaces.RUN_DIR) + ":");
                if (!mounted || bound.equals(owner.get().namespace())) {
                    // Read again: a live process may have claimed the name since.
                    if (read(name).equals(owner)) {
                        NamedNamespaces.removeQuietly(name);
                        removed.add(name);
                    }
                }
            }
            if (read(name).equals(owner)) {
                forget(name);
            }
        }
        return removed;
    }

    /** Temporary records ({@code .NAME.PID.tmp}) of processes killed while writing one. */
    private static void removeDeadTemporaries() {
        if (!Files.isDirectory(ROOT)) {
            return;
        }
        try (Stream<Path> s = Files.list(ROOT)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String f = p.getFileName().toString();
                if (f.startsWith(".") && f.endsWith(".tmp")) {
                    String[] parts = f.substring(0, f.length() - 4).split("\\.");
                    try {
                        if (startedAt(Long.parseLong(parts[parts.length - 1])).isEmpty()) {
                            Files.deleteIfExists(p);
                        }
                    } catch (NumberFormatException | IOException notOurs) {
                        // not a temporary of ours, or gone already
                    }
                }
            }
        } catch (IOException e) {
            // best effort
        }
    }

    private static Path record(String name) {
        return ROOT.resolve(name);
    }

    /** "DEV:INODE" of what a path leads to (a namespace file, or the plain file under a name). */
    private static String nsfsId(Path p) throws IOException {
        return Files.getAttribute(p, "unix:dev") + ":" + Files.getAttribute(p, "unix:ino");
    }

    private static String nsfsIdOrEmpty(Path p) {
        try {
            return nsfsId(p);
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
