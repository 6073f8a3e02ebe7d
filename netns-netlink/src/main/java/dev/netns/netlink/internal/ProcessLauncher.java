package dev.netns.netlink.internal;

import dev.netns.ExecResult;
import dev.netns.InvalidInputException;
import dev.netns.NetnsException;
import dev.netns.NotSupportedException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts programs inside a namespace. The child enters the namespace through {@code nsenter
 * --net=/proc/PID/fd/N}, started from the anchor thread, instead of being forked by a JVM thread
 * that sits in the namespace: the JDK creates its process-reaper threads from the thread that
 * starts a process, and a reaper born inside a namespace would keep it alive after it is closed.
 * nsenter execs the program in place, so the process and its pid are the program's own.
 */
final class ProcessLauncher {
    private static final List<String> NSENTER_CANDIDATES = List.of("/usr/bin/nsenter", "/bin/nsenter", "/usr/sbin/nsenter");

    private ProcessLauncher() {
    }

    static String nsenter() {
        for (String c : NSENTER_CANDIDATES) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        throw new NotSupportedException("start a process in a namespace", 0, "no nsenter", null,
                "nsenter was not found; install the Debian package util-linux");
    }

    /** The command line that runs {@code command} inside the namespace file {@code nsPath}, or as is for the host. */
    static List<String> wrap(List<String> command, Path nsPath) {
        if (command == null || command.isEmpty()) {
            throw new InvalidInputException("command must not be empty");
        }
        for (String arg : command) {
            if (arg == null || arg.indexOf('\0') >= 0) {
                throw new InvalidInputException("command " + command + " has a null argument or one with a NUL byte");
            }
        }
        if (nsPath == null) {
            return List.copyOf(command);
        }
        List<String> out = new ArrayList<>(command.size() + 3);
        out.add(nsenter());
        out.add("--net=" + nsPath);
        out.add("--");
        out.addAll(command);
        return out;
    }

    static Process start(Anchor anchor, ProcessBuilder user, Path nsPath) {
        ProcessBuilder pb = new ProcessBuilder(wrap(user.command(), nsPath))
                .directory(user.directory())
                .redirectInput(user.redirectInput())
                .redirectOutput(user.redirectOutput())
                .redirectError(user.redirectError())
                .redirectErrorStream(user.redirectErrorStream());
        pb.environment().clear();
        pb.environment().putAll(user.environment());
        return anchor.call(pb::start);
    }

    static ExecResult exec(Anchor anchor, List<String> command, Duration timeout, Path nsPath) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new InvalidInputException("exec timeout must be positive, got " + timeout);
        }
        File out = null;
        File err = null;
        try {
            // Files, not pipes: no reader threads to create (and nothing to deadlock on full pipes).
            out = File.createTempFile("netns-exec", ".out");
            err = File.createTempFile("netns-exec", ".err");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out)
                    .redirectError(err);
            long t0 = System.nanoTime();
            Process p = start(anchor, pb, nsPath);
            boolean done = p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (!done) {
                p.destroyForcibly();
                p.waitFor();
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            return new ExecResult(command, done ? p.exitValue() : -1,
                    Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8), elapsed, !done);
        } catch (IOException e) {
            throw new NetnsException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetnsException("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (out != null) {
                out.delete();
            }
            if (err != null) {
                err.delete();
            }
        }
    }
}
