package dev.netns.iptables.internal;

import dev.netns.ExecRequest;
import dev.netns.ExecResult;
import dev.netns.LinkAddress;
import dev.netns.NamespaceClosedException;
import dev.netns.NamespaceId;
import dev.netns.NetNamespace;
import dev.netns.NetnsEvent;
import dev.netns.NetnsException;
import dev.netns.NetworkStack;
import dev.netns.ToolNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@link NamespaceAccess} through the public {@link NetNamespace} API. */
final class NetNamespaceAccess implements NamespaceAccess {

    /**
     * /proc/net of the reading thread's namespace. Not /proc/self/net: that follows the process's
     * main thread, which stays in the JVM's namespace while {@link NetNamespace#call} runs on a
     * thread inside this one.
     */
    private static final Path LEGACY_TABLES = Path.of("/proc/thread-self/net/ip_tables_names");

    /** iptables' own lock wait is 30 s ({@code --wait=30}); this only catches a hung process. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final Path RUN_NETNS = Path.of("/run/netns");

    private final NetNamespace ns;
    private final Duration timeout;
    /** Taken while the handle is open: a closed handle may no longer tell them. */
    private final NamespaceId id;
    private final String name;
    private final boolean host;
    /** What to release after a {@link #reopen}; {@code null} for an access the caller owns. */
    private final Runnable onRelease;

    NetNamespaceAccess(NetNamespace ns) {
        this(ns, TIMEOUT, null);
    }

    /** @param timeout how long one iptables process may run before it is killed */
    NetNamespaceAccess(NetNamespace ns, Duration timeout) {
        this(ns, timeout, null);
    }

    private NetNamespaceAccess(NetNamespace ns, Duration timeout, Runnable onRelease) {
        this.ns = ns;
        this.timeout = timeout;
        this.onRelease = onRelease;
        this.id = ns.id();
        this.name = ns.name().orElse(null);
        this.host = ns.isInitial();
    }

    /**
     * Runs the program through the namespace's one process runner ({@link NetNamespace#exec}),
     * which feeds and collects it through files and kills it with its children on timeout or
     * interrupt; this names the namespace and the command in the failure.
     *
     * @throws IptablesException if it ran past the timeout (it was killed), the waiting
     *     thread was interrupted (likewise), or it could not be started; an exit status other
     *     than 0 is returned, not thrown
     */
    @Override
    public ExecResult run(List<String> command, String stdin) {
        long start = System.nanoTime();
        ExecRequest.Builder request = ExecRequest.builder(command).environment("LC_ALL", "C").timeout(timeout);
        if (stdin != null) {
            request.stdin(stdin);
        }
        ExecResult r;
        try {
            r = ns.exec(request.build());
        } catch (ToolNotFoundException | NamespaceClosedException e) {
            throw e;
        } catch (NetnsException e) {
            String what = Thread.currentThread().isInterrupted() ? "was interrupted while it ran and was killed"
                    : "could not be run: " + e.getMessage();
            throw failed(command, start, what, "", "", false, stdin);
        }
        if (r.timedOut()) {
            throw failed(command, start, "did not finish within " + timeout.toMillis() + " ms and was killed"
                    + (stdin != null ? "; whether its input was committed is unknown, so the NAT table is read again"
                            + " before the next change" : ""), r.stdout(), r.stderr(), true, stdin);
        }
        return r;
    }

    private IptablesException failed(List<String> command, long start, String what, String out, String err,
            boolean timedOut, String stdin) {
        ExecResult r = new ExecResult(command, -1, out, err, Duration.ofNanos(System.nanoTime() - start), timedOut);
        String e = err.strip();
        return new IptablesException(String.join(" ", command) + " in namespace " + describe() + " " + what
                + (e.isEmpty() ? "" : "; it printed: " + e), r, stdin);
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
    public String sysctl(String key) {
        return ns.sysctl(key);
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
    public String label() {
        return host ? "initial" : name != null ? name : id.toString();
    }

    @Override
    public boolean hasListeners() {
        return ns.stack().hasListeners();
    }

    @Override
    public void publish(NetnsEvent event) {
        ns.stack().publish(event);
    }

    @Override
    public String describe() {
        return name != null ? "'" + name + "'" : host ? "of the JVM" : id.toString();
    }

    @Override
    public NamespaceAccess reopen(NetNamespace live) {
        if (live != null && !live.isClosed()) {
            return new NetNamespaceAccess(live, timeout, null);
        }
        if (!host && (name == null || !sameNamespace(RUN_NETNS.resolve(name)))) {
            // Anonymous with no open handle left: gone with its rules. Named: deleted, or the name
            // now stands for another namespace, whose rules are not ours to touch.
            return null;
        }
        NetworkStack stack = NetworkStack.open();
        try {
            NetNamespace h = host ? stack.initialNamespace() : stack.openNamespace(name);
            if (!host && !h.id().equals(id)) {
                h.release();
                stack.close();
                return null; // replaced between the look and the open
            }
            return new NetNamespaceAccess(h, timeout, () -> {
                h.release(); // never deletes the namespace
                stack.close();
            });
        } catch (dev.netns.NotFoundException gone) {
            stack.close();
            return null;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    private boolean sameNamespace(Path file) {
        try {
            // The nsfs identity of the namespace mounted there, the same pair NamespaceId holds.
            long dev = ((Number) Files.getAttribute(file, "unix:dev")).longValue();
            long ino = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
            return dev == id.device() && ino == id.inode();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false; // no such file: the name was deleted
        }
    }

    @Override
    public void release() {
        if (onRelease != null) {
            onRelease.run();
        }
    }
}
