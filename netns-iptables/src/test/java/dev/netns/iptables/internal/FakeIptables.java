package dev.netns.iptables.internal;

import dev.netns.ExecResult;
import dev.netns.IpPrefix;
import dev.netns.LinkAddress;
import dev.netns.NetNamespace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A namespace with an in-memory nat table that understands the subset of iptables-restore the
 * backend writes, transactionally: enough to test the backend's bookkeeping without root.
 */
final class FakeIptables implements NamespaceAccess {

    static final Variant NFT = new Variant("nft", Path.of("/usr/sbin/iptables-nft-restore"), Path.of("/usr/sbin/iptables-nft-save"));
    static final Variant LEGACY = new Variant("legacy", Path.of("/usr/sbin/iptables-legacy-restore"), Path.of("/usr/sbin/iptables-legacy-save"));
    static final Binaries BOTH = new Binaries(NFT, LEGACY, NFT, List.of(Path.of("/usr/sbin")));

    /** chain -> rule specs, per variant name. */
    final Map<String, Map<String, List<String>>> tables = new ConcurrentHashMap<>();
    final List<List<String>> commands = new CopyOnWriteArrayList<>();
    final List<String> scripts = new CopyOnWriteArrayList<>();
    final Map<String, String> sysctls = new ConcurrentHashMap<>();
    final AtomicInteger inFlight = new AtomicInteger();
    volatile boolean overlapped;
    volatile String failWith;
    /** Whether /proc/thread-self/net/ip_tables_names cannot be read (no x_tables, old kernel). */
    volatile boolean legacyTablesUnreadable;
    final AtomicInteger legacyTableReads = new AtomicInteger();

    FakeIptables() {
        tables.put("nft", newTable());
        tables.put("legacy", new LinkedHashMap<>());
    }

    static Map<String, List<String>> newTable() {
        Map<String, List<String>> t = new LinkedHashMap<>();
        for (String c : List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING")) {
            t.put(c, new ArrayList<>());
        }
        return t;
    }

    @Override
    public ExecResult run(List<String> command, String stdin) {
        commands.add(command);
        if (inFlight.incrementAndGet() > 1) {
            overlapped = true;
        }
        try {
            Thread.sleep(1);
            String program = Path.of(command.get(0)).getFileName().toString();
            String variant = program.contains("legacy") ? "legacy" : "nft";
            if (program.endsWith("-save")) {
                synchronized (this) {
                    if (variant.equals("legacy") && command.contains("-t") && tables.get(variant).isEmpty()) {
                        // Like the kernel: naming the legacy table creates it.
                        tables.put(variant, newTable());
                    }
                    return ok(command, save(tables.get(variant)));
                }
            }
            scripts.add(stdin);
            if (failWith != null) {
                return new ExecResult(command, 1, "", failWith, Duration.ZERO, false);
            }
            synchronized (this) {
                Map<String, List<String>> t = tables.get(variant);
                Map<String, List<String>> copy = new LinkedHashMap<>();
                // The first legacy use creates the table with its built-in chains.
                (t.isEmpty() ? newTable() : t).forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
                String[] lines = stdin.split("\n");
                for (int i = 0; i < lines.length; i++) {
                    String err = apply(copy, lines[i]);
                    if (err != null) {
                        return new ExecResult(command, 1, "", "iptables-restore: line " + (i + 1) + " failed: " + err + "\n",
                                Duration.ZERO, false);
                    }
                }
                t.clear();
                t.putAll(copy);
            }
            return ok(command, "");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static String apply(Map<String, List<String>> t, String line) {
        if (line.equals("*nat") || line.equals("COMMIT")) {
            return null;
        }
        if (line.startsWith(":")) {
            // As in both real variants with --noflush: declaring an existing chain flushes it.
            t.put(line.substring(1, line.indexOf(' ')), new ArrayList<>());
            return null;
        }
        if (line.startsWith("-N ")) {
            String name = line.substring(3).strip();
            if (t.containsKey(name)) {
                return "Chain already exists.";
            }
            t.put(name, new ArrayList<>());
            return null;
        }
        String op = line.substring(0, 2);
        String rest = line.substring(3);
        int sp = rest.indexOf(' ');
        String chain = sp < 0 ? rest : rest.substring(0, sp);
        String spec = sp < 0 ? "" : rest.substring(sp + 1).replace("\"", "");
        List<String> rules = t.get(chain);
        if (rules == null) {
            return "No chain/target/match by that name.";
        }
        switch (op) {
            case "-A":
                int j = spec.indexOf("-j ");
                String target = spec.substring(j + 3).split(" ")[0];
                if (target.startsWith("NETNS-") && !t.containsKey(target)) {
                    return "No chain/target/match by that name.";
                }
                rules.add(spec);
                return null;
            case "-D":
                return rules.remove(spec) ? null : "Bad rule (does a matching rule exist in that chain?).";
            case "-F":
                rules.clear();
                return null;
            case "-X":
                for (List<String> r : t.values()) {
                    if (r.stream().anyMatch(s -> s.endsWith("-j " + chain))) {
                        return "Device or resource busy";
                    }
                }
                t.remove(chain);
                return null;
            default:
                return "unknown " + op;
        }
    }

    static String save(Map<String, List<String>> t) {
        if (t.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("# Generated by fake\n*nat\n");
        t.keySet().forEach(c -> sb.append(':').append(c).append(c.startsWith("NETNS") ? " - [0:0]\n" : " ACCEPT [0:0]\n"));
        t.forEach((c, rules) -> rules.forEach(r -> sb.append("-A ").append(c).append(' ')
                .append(r.replaceAll("--comment (\\S+)", "--comment \"$1\"")).append('\n')));
        return sb.append("COMMIT\n").toString();
    }

    private static ExecResult ok(List<String> command, String out) {
        return new ExecResult(command, 0, out, "", Duration.ZERO, false);
    }

    synchronized List<String> rules(String variant, String chain) {
        List<String> r = tables.get(variant).get(chain);
        return r == null ? null : List.copyOf(r);
    }

    @Override
    public synchronized Set<String> legacyTables() {
        legacyTableReads.incrementAndGet();
        if (legacyTablesUnreadable) {
            return null;
        }
        return tables.get("legacy").isEmpty() ? Set.of() : Set.of("nat");
    }

    @Override
    public List<LinkAddress> addresses() {
        return List.of(LinkAddress.builder().prefix(IpPrefix.parse("127.0.0.1/8")).index(1).scope("host").build(),
                LinkAddress.builder().prefix(IpPrefix.parse("192.168.15.5/24")).index(3).scope("global").build(),
                LinkAddress.builder().prefix(IpPrefix.parse("203.0.113.1/24")).index(4).scope("global").build());
    }

    @Override
    public String sysctl(String key) {
        return sysctls.getOrDefault(key, "0");
    }

    @Override
    public void setSysctl(String key, String value) {
        sysctlWrites.add(key + "=" + value);
        sysctls.put(key, value);
    }

    final List<String> sysctlWrites = new CopyOnWriteArrayList<>();

    volatile boolean closed;

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String describe() {
        return "'fake'";
    }

    /** Whether the namespace no longer exists (deleted, or anonymous with every handle closed). */
    volatile boolean namespaceGone;
    final AtomicInteger released = new AtomicInteger();
    final List<NetNamespace> reopenedWith = new CopyOnWriteArrayList<>();

    @Override
    public NamespaceAccess reopen(NetNamespace live) {
        reopenedWith.add(live == null ? NO_HANDLE : live);
        if (namespaceGone && live == null) {
            return null;
        }
        FakeIptables outer = this;
        // The same tables through an open way in.
        return new NamespaceAccess() {
            @Override
            public ExecResult run(List<String> command, String stdin) {
                return outer.run(command, stdin);
            }

            @Override
            public Set<String> legacyTables() {
                return outer.legacyTables();
            }

            @Override
            public List<LinkAddress> addresses() {
                return outer.addresses();
            }

            @Override
            public void setSysctl(String key, String value) {
                outer.setSysctl(key, value);
            }

            @Override
            public String sysctl(String key) {
                return outer.sysctl(key);
            }

            @Override
            public boolean isClosed() {
                return false;
            }

            @Override
            public String describe() {
                return outer.describe();
            }

            @Override
            public NamespaceAccess reopen(NetNamespace other) {
                return this;
            }

            @Override
            public void release() {
                released.incrementAndGet();
            }
        };
    }

    /** Stands for "no live handle was given" in {@link #reopenedWith}. */
    static final NetNamespace NO_HANDLE = (NetNamespace) java.lang.reflect.Proxy.newProxyInstance(
            FakeIptables.class.getClassLoader(), new Class<?>[] {NetNamespace.class}, (p, m, a) -> {
                throw new UnsupportedOperationException(m.getName());
            });
}
