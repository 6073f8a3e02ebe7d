package dev.netns.netlink.internal;

import dev.netns.ExecRequest;
import dev.netns.ExecResult;
import dev.netns.InvalidInputException;
import dev.netns.NamespaceId;
import dev.netns.NetnsException;
import dev.netns.ToolNotFoundException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Starts programs inside a namespace. The child enters the namespace through {@code nsenter
 * --net=/proc/PID/fd/N}, started from the anchor thread, instead of being forked by a JVM thread
 * that sits in the namespace: the JDK creates its process-reaper threads from the thread that
 * starts a process, and a reaper born inside a namespace would keep it alive after it is closed.
 * nsenter execs the program in place, so the process and its pid are the program's own.
 */
final class ProcessLauncher {
    private static final List<String> NSENTER_CANDIDATES = List.of("/usr/bin/nsenter", "/bin/nsenter", "/usr/sbin/nsenter");
    private static final long ENTER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private ProcessLauncher() {
    }

    static String nsenter() {
        for (String c : NSENTER_CANDIDATES) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        throw new ToolNotFoundException("start a process in a namespace", "nsenter",
                String.join(", ", NSENTER_CANDIDATES), "util-linux");
    }

    /** Checks a command line before anything runs. */
    static void check(List<String> command) {
        if (command == null || command.isEmpty()) {
            throw new InvalidInputException("command must not be empty");
        }
        for (String arg : command) {
            if (arg == null || arg.indexOf('\0') >= 0) {
                throw new InvalidInputException("command " + command + " has a null argument or one with a NUL byte");
            }
        }
    }

    /** The command line that runs {@code command} inside the namespace file {@code nsPath}, or as is for the host. */
    static List<String> wrap(List<String> command, Path nsPath) {
        check(command);
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

    /**
     * Starts the builder's command inside the namespace and returns once the process is in it, so
     * that the descriptor behind {@code nsPath} may be closed from then on.
     *
     * @param id the namespace the child must reach, {@code null} for the JVM's own
     */
    static Process start(Anchor anchor, ProcessBuilder user, Path nsPath, NamespaceId id, String where) {
        ProcessBuilder pb = new ProcessBuilder(wrap(user.command(), nsPath))
                .directory(user.directory())
                .redirectInput(user.redirectInput())
                .redirectOutput(user.redirectOutput())
                .redirectError(user.redirectError())
                .redirectErrorStream(user.redirectErrorStream());
        pb.environment().clear();
        pb.environment().putAll(user.environment());
        Process p = anchor.call(() -> {
            try {
                return pb.start();
            } catch (IOException e) {
                throw new NetnsException("cannot start " + String.join(" ", user.command()) + " " + where + ": "
                        + e.getMessage(), e);
            }
        });
        if (id != null) {
            awaitEntered(p, id, user.command(), where);
        }
        return p;
    }

    /** Waits until the child has left nsenter's setns (its namespace is {@code id}) or has ended. */
    private static void awaitEntered(Process p, NamespaceId id, List<String> command, String where) {
        Path link = Path.of("/proc/" + p.pid() + "/ns/net");
        String target = "net:[" + id.inode() + "]";
        long deadline = System.nanoTime() + ENTER_TIMEOUT_NANOS;
        long pause = 20_000;
        while (p.isAlive()) {
            try {
                if (target.equals(Files.readSymbolicLink(link).toString())) {
                    return;
                }
            } catch (IOException e) {
                // The process is exiting and /proc no longer shows its namespace.
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                destroy(p);
                throw new NetnsException("cannot start " + String.join(" ", command) + " " + where
                        + ": it did not enter the namespace within " + ENTER_TIMEOUT_NANOS / 1_000_000_000 + " s");
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 1_000_000);
        }
    }

    /**
     * Runs a request to completion, its input and output on temporary files, never pipes: reading
     * a pipe blocks until every process holding its write end exits (a daemon the program started
     * would do), with no timeout; with files the only wait is {@link Process#waitFor(long, TimeUnit)},
     * and no reader threads are created. The program and its descendants are killed on timeout,
     * on interrupt and on any failure on the way.
     */
    static ExecResult exec(ExecRequest request, Function<ProcessBuilder, Process> starter) {
        List<String> command = request.command();
        File in = null;
        File out = null;
        File err = null;
        Process p = null;
        boolean finished = false;
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            if (!request.inheritsEnvironment()) {
                pb.environment().clear();
            }
            pb.environment().putAll(request.environment());
            request.directory().ifPresent(d -> pb.directory(d.toFile()));
            if (request.stdin().isPresent()) {
                in = File.createTempFile("netns-exec", ".in");
                Files.write(in.toPath(), request.stdin().get());
                pb.redirectInput(in);
            } else {
                pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            out = File.createTempFile("netns-exec", ".out");
            err = File.createTempFile("netns-exec", ".err");
            pb.redirectOutput(out).redirectError(err);
            long t0 = System.nanoTime();
            p = starter.apply(pb);
            boolean done = p.waitFor(request.timeout().toNanos(), TimeUnit.NANOSECONDS);
            if (!done) {
                destroyAndReap(p);
            }
            finished = true;
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            return new ExecResult(command, done ? p.exitValue() : -1,
                    Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8), elapsed, !done);
        } catch (IOException e) {
            throw new NetnsException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetnsException("interrupted while running " + String.join(" ", command) + "; it was killed", e);
        } finally {
            if (p != null && !finished) {
                destroyAndReap(p);
            }
            delete(in);
            delete(out);
            delete(err);
        }
    }

    private static void delete(File f) {
        if (f != null) {
            f.delete();
        }
    }

    /**
     * Kills the process and what it started (descendants looked up first: they are reparented once
     * it dies) and waits for it briefly, so that it is gone when the caller hears about it. An
     * interrupt may be what brought us here: it is set aside for the wait and restored afterwards.
     */
    static void destroyAndReap(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        boolean interrupted = Thread.interrupted();
        try {
            p.waitFor(5, TimeUnit.SECONDS); // SIGKILL cannot be ignored: short
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Kills a process and what it started: a grandchild left behind would keep the namespace alive. */
    static void destroy(Process p) {
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
