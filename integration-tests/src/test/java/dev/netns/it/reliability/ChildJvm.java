package dev.netns.it.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A {@link KillNineChild} JVM and the lines it has printed so far. */
public final class ChildJvm implements AutoCloseable {
    final Process process;
    private final String tag;
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    /**
     * Starts a child.
     *
     * @param mode anonymous, named or hold (see {@link KillNineChild})
     * @param tag the prefix of the names it makes of its own
     */
    public ChildJvm(String mode, String tag, long seed) {
        this.tag = tag;
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), KillNineChild.class.getName(), mode, tag, Long.toString(seed)));
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // killed
            }
        }, "kill-nine-reader");
        reader.start();
    }

    /** Waits until the child has printed a line starting with {@code prefix}. */
    public void await(String prefix, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (lines.stream().noneMatch(l -> l.startsWith(prefix))) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                throw new AssertionError("child " + process.pid() + " did not say " + prefix + " (alive: "
                        + process.isAlive() + ", said: " + lines + ")");
            }
            Thread.sleep(5);
        }
    }

    /** The names that follow {@code word} in the child's lines ("CREATED n"). */
    List<String> names(String word) {
        return lines.stream().filter(l -> l.startsWith(word + " ")).map(l -> l.substring(word.length() + 1)).toList();
    }

    /** Selects the names under /run/netns this child makes: its own ({@code TAG-...}) and its testkit's. */
    public java.util.function.Predicate<String> itsNames() {
        String testkit = "nt" + Long.toString(process.pid(), 36);
        return n -> n.startsWith(tag + "-") || n.startsWith(testkit);
    }

    /** Runs a command of the machine's namespace (ip netns add/del/exec) and returns its output. */
    public static String exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /** SIGKILL, and waits for the process and everything it started to be gone. */
    public void kill() throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly(); // SIGKILL
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("child " + process.pid() + " still runs 30 s after SIGKILL");
        }
        reader.join(10_000);
        for (ProcessHandle d : descendants) {
            d.onExit().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        try {
            process.getInputStream().close();
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // closing pipes of a dead process
        }
    }
}
