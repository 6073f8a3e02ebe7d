package dev.netns.testkit;

import dev.netns.CommandFailedException;
import dev.netns.ExecResult;
import dev.netns.NetNamespace;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code iptables-restore} inside a namespace, feeding the rules on standard input. */
final class Iptables {
    private Iptables() {
    }

    static void restore(NetNamespace ns, boolean ipv6, String rules, Duration timeout) {
        List<String> command = List.of(ipv6 ? "ip6tables-restore" : "iptables-restore", "--noflush", "--wait");
        long start = System.nanoTime();
        Process p = ns.start(new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD));
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(rules.getBytes(StandardCharsets.UTF_8));
            }
            // The error text is short and fits the pipe, so waiting first cannot deadlock.
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly();
                p.waitFor(1, TimeUnit.SECONDS);
            }
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            ExecResult r = new ExecResult(command, done ? p.exitValue() : -1, "", err,
                    Duration.ofNanos(System.nanoTime() - start), !done);
            if (!r.succeeded()) {
                throw new CommandFailedException(String.join(" ", command) + " in " + Labels.of(ns)
                        + (done ? " exited with status " + r.exitCode() : " timed out") + ": " + err.strip()
                        + "\nrules were:\n" + rules, r);
            }
        } catch (IOException e) {
            p.destroyForcibly();
            throw new UncheckedIOException("cannot feed " + command.get(0) + " in " + Labels.of(ns), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + command.get(0) + " ran in " + Labels.of(ns), e);
        } finally {
            try {
                p.getErrorStream().close();
            } catch (IOException ignored) {
                // only releases the pipe
            }
        }
    }
}
