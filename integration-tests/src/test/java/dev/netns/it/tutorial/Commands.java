package dev.netns.it.tutorial;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the tutorial's own tools ({@code ip}, {@code iptables}, {@code sysctl}, {@code ping},
 * {@code curl}) as a person would type them, but as argument lists: no shell, so nothing is
 * interpreted twice. Every command either names a namespace ({@code ip -n}, {@code ip netns exec})
 * or only reads {@code /run/netns}: the machine's own namespace is never changed.
 */
final class Commands {

    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        Result orThrow() {
            if (!ok()) {
                throw new AssertionError(String.join(" ", command) + " exited " + exitCode + ": " + stderr.strip()
                        + (stdout.isBlank() ? "" : " / " + stdout.strip()));
            }
            return this;
        }
    }

    private Commands() {
    }

    static Result run(String... command) {
        return run(List.of(command));
    }

    static Result run(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        // Both pipes are drained at once, so a chatty command cannot block on a full pipe.
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new AssertionError("interrupted while running " + command, e);
        }
        return new Result(List.copyOf(command), p.exitValue(), out, err.join());
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
