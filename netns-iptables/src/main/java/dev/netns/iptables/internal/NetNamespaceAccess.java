package dev.netns.iptables.internal;

import dev.netns.CommandFailedException;
import dev.netns.ExecResult;
import dev.netns.LinkAddress;
import dev.netns.NetNamespace;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** {@link NamespaceAccess} through the public {@link NetNamespace} API. */
final class NetNamespaceAccess implements NamespaceAccess {

    /**
     * /proc/net of the reading thread's namespace. Not /proc/self/net: that follows the process's
     * main thread, which stays in the JVM's namespace while {@link NetNamespace#call} runs on a
     * thread inside this one.
     */
    private static final Path LEGACY_TABLES = Path.of("/proc/thread-self/net/ip_tables_names");

    /** iptables' own lock wait is 30 s ({@code --wait=30}); this only catches a hung process. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final NetNamespace ns;

    NetNamespaceAccess(NetNamespace ns) {
        this.ns = ns;
    }

    @Override
    public ExecResult run(List<String> command, String stdin) {
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("LC_ALL", "C");
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process p = ns.start(pb);
        try {
            if (stdin != null) {
                try (OutputStream os = p.getOutputStream()) {
                    os.write(stdin.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // It exited before reading everything (a bad line stops it); its stderr says why.
                }
            }
            // Read one stream, then the other: iptables writes at most a few lines to stderr, far
            // below the pipe's capacity, so it cannot block on it while we drain stdout.
            String out = read(p.getInputStream());
            String err = read(p.getErrorStream());
            boolean done = p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly();
                p.waitFor();
            }
            return new ExecResult(command, done ? p.exitValue() : -1, out, err,
                    Duration.ofNanos(System.nanoTime() - start), !done);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandFailedException(String.join(" ", command) + " in namespace " + describe()
                    + " was interrupted", new ExecResult(command, -1, "", "", Duration.ofNanos(System.nanoTime() - start), false));
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Set<String> legacyTables() {
        return ns.call(() -> {
            try {
                Set<String> names = new HashSet<>();
                for (String line : Files.readAllLines(LEGACY_TABLES, StandardCharsets.US_ASCII)) {
                    if (!line.isBlank()) {
                        names.add(line.strip());
                    }
                }
                return Set.copyOf(names);
            } catch (IOException e) {
                // No x_tables in this kernel, or no /proc/thread-self (before Linux 3.17): the
                // caller then reads the rules with iptables-legacy-save, as it would anyway.
                return null;
            }
        });
    }

    @Override
    public List<LinkAddress> addresses() {
        return ns.addresses();
    }

    @Override
    public void setSysctl(String key, String value) {
        ns.setSysctl(key, value);
    }

    @Override
    public boolean isClosed() {
        return ns.isClosed();
    }

    @Override
    public String describe() {
        return ns.name().map(n -> "'" + n + "'").orElseGet(() -> ns.isHost() ? "of the JVM" : ns.id().toString());
    }
}
