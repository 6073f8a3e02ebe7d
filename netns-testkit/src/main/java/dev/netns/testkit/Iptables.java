package dev.netns.testkit;

import dev.netns.CommandFailedException;
import dev.netns.ExecResult;
import dev.netns.NetNamespace;
import dev.netns.NetnsException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code iptables-restore} inside a namespace, feeding the rules on standard input. */
final class Iptables {
    private Iptables() {
    }

    /**
     * Feeds {@code rules} to {@code program} ({@code iptables-restore} or a variant of it) inside
     * {@code ns}, without flushing anything.
     *
     * @throws CommandFailedException if it exits with an error (the message carries its own
     *     error text, which names the bad line), runs past {@code timeout} (it is killed), or the
     *     wait is interrupted (likewise; the interrupt flag stays set)
     * @throws NetnsException if it cannot be run at all
     */
    static void restore(NetNamespace ns, String program, String rules, Duration timeout) {
        List<String> command = List.of(program, "--noflush", "--wait");
        String what = String.join(" ", command) + " in " + Labels.of(ns);
        long start = System.nanoTime();
        File in = null;
        File err = null;
        Process p = null;
        try {
            // Files, not pipes: iptables stops reading at a bad line, and a pipe would then fail
            // our write with a broken pipe that hides its error message; and reading a pipe has no
            // timeout.
            in = File.createTempFile("netns-testkit-iptables", ".in");
            err = File.createTempFile("netns-testkit-iptables", ".err");
            Files.writeString(in.toPath(), rules, StandardCharsets.UTF_8);
            p = ns.start(new ProcessBuilder(command).redirectInput(in).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err));
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                kill(p);
            }
            String stderr = readQuietly(err);
            ExecResult r = new ExecResult(command, done ? p.exitValue() : -1, "", stderr,
                    Duration.ofNanos(System.nanoTime() - start), !done);
            if (!r.succeeded()) {
                throw new CommandFailedException(what
                        + (done ? " exited with status " + r.exitCode() : " did not finish within " + timeout.toMillis()
                                + " ms and was killed")
                        + (stderr.isBlank() ? "" : ": " + stderr.strip()) + "\nrules were:\n" + rules, r);
            }
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new CommandFailedException("interrupted while " + what + " ran; it was killed\nrules were:\n" + rules,
                    new ExecResult(command, -1, "", readQuietly(err), Duration.ofNanos(System.nanoTime() - start), false));
        } catch (IOException e) {
            if (p != null) {
                kill(p);
            }
            throw new NetnsException("cannot run " + what + ": " + e.getMessage(), e);
        } finally {
            if (in != null) {
                in.delete();
            }
            if (err != null) {
                err.delete();
            }
        }
    }

    private static void kill(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        boolean interrupted = Thread.interrupted();
        try {
            p.waitFor(1, TimeUnit.SECONDS); // reaps it; SIGKILL is not ignored
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String readQuietly(File f) {
        try {
            return f == null ? "" : Files.readString(f.toPath(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
