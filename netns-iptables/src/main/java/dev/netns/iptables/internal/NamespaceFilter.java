package dev.netns.iptables.internal;

import dev.netns.ExecResult;
import dev.netns.FilterRule;
import dev.netns.InvalidInputException;
import dev.netns.NotSupportedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The SDK's filter rules of one namespace with the iptables backend: rules in the {@code filter}
 * table's chains {@code NETNS-INPUT}, {@code NETNS-FORWARD} and {@code NETNS-OUTPUT}, jumped to first
 * from the built-in chains, written with the iptables variant the namespace's NAT rules use. IPv4
 * only: a rule naming IPv6 addresses is refused, and a rule naming none filters IPv4 only.
 */
final class NamespaceFilter {
    private static final List<String> CHAINS = List.of(FilterRenderer.INPUT, FilterRenderer.FORWARD,
            FilterRenderer.OUTPUT);

    /** One applied rule: the request, its chain and spec. */
    record Applied(String id, FilterRule rule, String chain, String spec) {
    }

    private final NamespaceNat nat;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Applied> applied = new LinkedHashMap<>();
    private boolean chainsReady;

    NamespaceFilter(NamespaceNat nat) {
        this.nat = nat;
    }

    List<Applied> applyAll(NamespaceAccess ns, List<? extends FilterRule> rules) {
        for (FilterRule r : rules) {
            if (Boolean.TRUE.equals(r.isIpv6())) {
                throw new NotSupportedException("apply filter rule " + r + " in namespace " + ns.describe()
                        + " with the iptables backend", 97, "EAFNOSUPPORT", null,
                        "the iptables backend writes IPv4 rules only; the nftables backend writes IPv6 rules too");
            }
        }
        lock.lock();
        try {
            List<Applied> batch = new ArrayList<>();
            for (FilterRule r : rules) {
                String id = String.format("%012x", ThreadLocalRandom.current().nextLong() & 0xffff_ffff_ffffL);
                batch.add(new Applied(id, r, FilterRenderer.chain(r), FilterRenderer.spec(r, id)));
            }
            StringBuilder lines = new StringBuilder();
            for (Applied a : batch) {
                lines.append("-A ").append(a.chain()).append(' ').append(a.spec()).append('\n');
            }
            ExecResult res = restore(ns, (chainsReady ? "" : createChains()) + lines);
            if (!res.succeeded() && !chainsReady && chainsExist(ns)) {
                // Made by an earlier handle or run: -N refuses an existing chain, so use it as it is.
                chainsReady = true;
                res = restore(ns, lines.toString());
            }
            if (!res.succeeded()) {
                throw failure("apply " + (rules.size() == 1 ? "filter rule " + rules.get(0) : rules.size() + " filter rules"),
                        ns, res, lines.toString());
            }
            chainsReady = true;
            batch.forEach(a -> applied.put(a.id(), a));
            return batch;
        } finally {
            lock.unlock();
        }
    }

    boolean remove(NamespaceAccess ns, String id) {
        lock.lock();
        try {
            Applied a = applied.get(id);
            if (a == null) {
                return false;
            }
            if (!ns.isClosed()) {
                String line = "-D " + a.chain() + " " + a.spec() + "\n";
                ExecResult res = restore(ns, line);
                if (!res.succeeded() && chainsExist(ns)) {
                    throw failure("remove filter rule " + a.rule(), ns, res, line);
                }
            }
            applied.remove(id);
            return true;
        } finally {
            lock.unlock();
        }
    }

    List<Applied> clear(NamespaceAccess ns) {
        lock.lock();
        try {
            List<Applied> gone = List.copyOf(applied.values());
            if (chainsReady || chainsExist(ns)) {
                StringBuilder s = new StringBuilder();
                for (String c : CHAINS) {
                    s.append("-D ").append(FilterRenderer.builtin(c)).append(" -j ").append(c).append('\n');
                }
                for (String c : CHAINS) {
                    s.append("-F ").append(c).append('\n').append("-X ").append(c).append('\n');
                }
                ExecResult res = restore(ns, s.toString());
                if (!res.succeeded()) {
                    throw failure("remove the SDK's filter chains", ns, res, s.toString());
                }
            }
            chainsReady = false;
            applied.clear();
            return gone;
        } finally {
            lock.unlock();
        }
    }

    List<Applied> appliedRules() {
        lock.lock();
        try {
            return List.copyOf(applied.values());
        } finally {
            lock.unlock();
        }
    }

    boolean isApplied(String id) {
        lock.lock();
        try {
            return applied.containsKey(id);
        } finally {
            lock.unlock();
        }
    }

    /** The chains and, first in the built-in chains, the jumps to them. */
    private static String createChains() {
        StringBuilder s = new StringBuilder();
        for (String c : CHAINS) {
            s.append("-N ").append(c).append('\n');
        }
        for (String c : CHAINS) {
            s.append("-I ").append(FilterRenderer.builtin(c)).append(" -j ").append(c).append('\n');
        }
        return s.toString();
    }

    private boolean chainsExist(NamespaceAccess ns) {
        Variant v = nat.variant(ns);
        ExecResult res = ns.run(List.of(v.save().toString(), "-t", "filter"), null);
        return res.succeeded() && res.stdout().lines().anyMatch(l -> l.startsWith(":" + FilterRenderer.INPUT + " "));
    }

    private ExecResult restore(NamespaceAccess ns, String body) {
        Variant v = nat.variant(ns);
        return ns.run(List.of(v.restore().toString(), "--noflush", "--wait=30"), "*filter\n" + body + "COMMIT\n");
    }

    private static IptablesException failure(String what, NamespaceAccess ns, ExecResult res, String script) {
        String err = res.stderr().strip();
        return new IptablesException(what + " in namespace " + ns.describe() + ": " + res.command().get(0)
                + (res.timedOut() ? " timed out" : " exited with status " + res.exitCode())
                + (err.isEmpty() ? " and printed nothing" : ": " + err) + "; nothing was changed", res, script);
    }

    static String describe(List<Applied> rules) {
        return rules.stream().map(a -> String.valueOf(a.rule())).collect(Collectors.joining("; "));
    }

    static void checkList(List<?> rules) {
        if (rules == null) {
            throw new InvalidInputException("filter rule list must not be null");
        }
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i) == null) {
                throw new InvalidInputException("filter rule " + i + " of " + rules.size() + " must not be null");
            }
        }
    }
}
