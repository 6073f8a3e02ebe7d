package dev.netns.testkit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** What of the machine and the JVM a topology could leave behind, to compare before and after. */
record MachineState(TreeSet<String> machineLinks, TreeSet<String> runNetns, int netnsFds, List<String> foreignThreads) {

    static MachineState capture() {
        TreeSet<String> ours = new TreeSet<>(list(Path.of("/run/netns")));
        // other programs on the machine may create namespaces meanwhile; only ours matter
        ours.removeIf(n -> !n.startsWith(NetworkFactory.RUN_PREFIX));
        return new MachineState(list(Path.of("/sys/class/net")), ours, countNetnsFds(), threadsOutsideMainNamespace());
    }

    private static TreeSet<String> list(Path dir) {
        TreeSet<String> names = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    private static int countNetnsFds() {
        int n = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : s) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("net:[")) {
                        n++;
                    }
                } catch (IOException ignored) {
                    // closed while listing
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return n;
    }

    /** Threads whose namespace differs from the main thread's: namespace worker threads and leaks. */
    static List<String> threadsOutsideMainNamespace() {
        List<String> out = new ArrayList<>();
        try {
            String own = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path t : s) {
                    try {
                        String ns = Files.readSymbolicLink(t.resolve("ns/net")).toString();
                        if (!ns.equals(own)) {
                            out.add(Files.readString(t.resolve("comm")).strip() + " in " + ns);
                        }
                    } catch (IOException ignored) {
                        // thread exited while listing
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
