package dev.netns.testkit;

import dev.netns.ExecResult;
import dev.netns.FilterRule;
import dev.netns.FilterRule.Direction;
import dev.netns.FilterRuleHandle;
import dev.netns.IpPrefix;
import dev.netns.InvalidInputException;
import dev.netns.LinkAddress;
import dev.netns.NetNamespace;
import dev.netns.NetnsEvent;
import dev.netns.NetworkStack;
import dev.netns.NotSupportedException;
import dev.netns.VethPair;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Faults of one network. Partitions and packet loss are drop rules of the namespaces' packet
 * filters ({@link NetNamespace#packetFilter()}), in the network's own namespaces only, one atomic
 * change per namespace; healing removes exactly those rules. No process is started for them.
 */
final class FaultInjector {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static volatile Boolean netem;

    private final Network network;
    private final List<Fault> active = new CopyOnWriteArrayList<>();

    FaultInjector(Network network) {
        this.network = network;
    }

    List<Fault> active() {
        return List.copyOf(active);
    }

    Fault linkDown(String name) {
        VethPair pair = network.link(name);
        return inject(pair.local().namespace(), "link " + name + " down", () -> {
            pair.local().down();
            return () -> pair.local().up();
        });
    }

    Fault partition(String from, String to, boolean oneWay) {
        NetNamespace a = network.host(from);
        NetNamespace b = network.host(to);
        List<InetAddress> fromAddrs = addresses(from, a);
        List<InetAddress> toAddrs = addresses(to, b);
        // The receiver's INPUT catches direct and bridged traffic, the sandbox's FORWARD routed and
        // NATed traffic (before SNAT rewrites the source).
        Map<String, List<FilterRule>> rules = new LinkedHashMap<>();
        addDrops(rules, to, fromAddrs, toAddrs);
        if (!oneWay) {
            addDrops(rules, from, toAddrs, fromAddrs);
        }
        String desc = "partition " + from + (oneWay ? " -> " : " <-> ") + to;
        return inject(a, desc, () -> applyRules(rules));
    }

    Fault packetLoss(String host, double probability) {
        if (!(probability > 0 && probability <= 1)) {
            throw new InvalidInputException("packet loss probability " + probability + " must be in (0, 1]");
        }
        network.host(host);
        FilterRule rule = FilterRule.drop(Direction.INPUT).probability(probability).build();
        Map<String, List<FilterRule>> rules = new LinkedHashMap<>();
        rules.put(host, List.of(rule));
        return inject(network.host(host), String.format(Locale.ROOT, "%.0f%% packet loss into %s", probability * 100, host),
                () -> applyRules(rules));
    }

    Fault delay(String name, Duration delay, Duration jitter) {
        if (delay.isNegative() || jitter.isNegative()) {
            throw new InvalidInputException("delay " + delay + " and jitter " + jitter + " must not be negative");
        }
        if (!netemAvailable()) {
            throw new NotSupportedException("add a netem qdisc for a " + delay.toMillis() + " ms delay on link " + name,
                    95, "EOPNOTSUPP", null,
                    "this kernel has no netem qdisc (sch_netem), so delay and jitter cannot be simulated");
        }
        LinkSpec spec = network.topology().link(name);
        NetNamespace ns = network.host(spec.a());
        String dev = spec.aInterface();
        return inject(ns, "delay " + delay.toMillis() + " ms ± " + jitter.toMillis() + " ms on " + name, () -> {
            ExecResult r = ns.exec(List.of("tc", "qdisc", "add", "dev", dev, "root", "netem", "delay",
                    delay.toNanos() / 1000 + "us", jitter.toNanos() / 1000 + "us"), COMMAND_TIMEOUT);
            r.orThrow();
            return () -> ns.exec(List.of("tc", "qdisc", "del", "dev", dev, "root"), COMMAND_TIMEOUT).orThrow();
        });
    }

    /** Probes once per JVM, in a throwaway qdisc on the sandbox's loopback. */
    boolean netemAvailable() {
        Boolean known = netem;
        if (known != null) {
            return known;
        }
        NetNamespace sandbox = network.sandbox();
        ExecResult r = sandbox.exec(List.of("tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms"), COMMAND_TIMEOUT);
        boolean ok = r.succeeded();
        if (ok) {
            sandbox.exec(List.of("tc", "qdisc", "del", "dev", "lo", "root"), COMMAND_TIMEOUT);
        }
        netem = ok;
        return ok;
    }

    private static void addDrops(Map<String, List<FilterRule>> rules, String receiver, List<InetAddress> sources,
            List<InetAddress> destinations) {
        for (InetAddress s : sources) {
            for (InetAddress d : destinations) {
                if (s.getAddress().length != d.getAddress().length) {
                    continue;
                }
                IpPrefix from = new IpPrefix(s, s.getAddress().length * 8);
                IpPrefix to = new IpPrefix(d, d.getAddress().length * 8);
                rules.computeIfAbsent(receiver, k -> new ArrayList<>())
                        .add(FilterRule.drop(Direction.INPUT).from(from).to(to).build());
                if (!receiver.equals(Topology.SANDBOX)) {
                    rules.computeIfAbsent(Topology.SANDBOX, k -> new ArrayList<>())
                            .add(FilterRule.drop(Direction.FORWARD).from(from).to(to).build());
                }
            }
        }
    }

    private List<InetAddress> addresses(String host, NetNamespace ns) {
        List<InetAddress> out = new ArrayList<>();
        for (LinkAddress a : ns.addresses()) {
            if ("global".equals(a.scope())) {
                out.add(a.prefix().address());
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException("host " + host + " has no global address to partition by");
        }
        return out;
    }

    /**
     * Applies a fault and registers it, reporting FAULT_APPLIED (or FAILED) to the stack's
     * listeners as an event of {@code where}, the namespace the fault is mainly about; the
     * network's own event log is one of those listeners, so the fault shows on its timeline.
     *
     * @param apply puts the fault in force and returns what heals it
     */
    private Fault inject(NetNamespace where, String description, Supplier<Runnable> apply) {
        long start = System.nanoTime();
        Runnable heal;
        try {
            heal = apply.get();
        } catch (RuntimeException e) {
            if (!(e instanceof InvalidInputException)) {
                publish(where, start, description, e);
            }
            throw e;
        }
        Handle h = new Handle(description, heal, where);
        active.add(h);
        publish(where, start, description, null);
        return h;
    }

    /** FAULT_APPLIED, or FAULT_HEALED when {@code healed}; FAILED when {@code failure} is set. */
    private static void publish(NetNamespace where, long start, String description, RuntimeException failure) {
        publish(where, start, description, failure, false);
    }

    private static void publish(NetNamespace where, long start, String description, RuntimeException failure,
            boolean healed) {
        NetworkStack stack = where.stack();
        if (!stack.hasListeners()) {
            return;
        }
        Duration took = Duration.ofNanos(Math.max(0, System.nanoTime() - start));
        String label = EventLog.label(where);
        stack.publish(failure != null ? NetnsEvent.failed(label, description, took, failure)
                : NetnsEvent.of(healed ? NetnsEvent.Kind.FAULT_HEALED : NetnsEvent.Kind.FAULT_APPLIED, label,
                        description, took));
    }

    /**
     * Applies each namespace's rules in one atomic change; if a later namespace refuses, the rules
     * already applied elsewhere are removed again, so a failed fault leaves nothing behind.
     *
     * @param rules keyed by host name
     * @return what removes them again
     */
    private Runnable applyRules(Map<String, List<FilterRule>> rules) {
        List<FilterRuleHandle> applied = new ArrayList<>();
        try {
            for (Map.Entry<String, List<FilterRule>> e : rules.entrySet()) {
                applied.addAll(network.host(e.getKey()).packetFilter().filter().applyAll(e.getValue()));
            }
        } catch (RuntimeException e) {
            removeAll(applied, e);
            throw e;
        }
        return () -> {
            RuntimeException failure = removeAll(applied, null);
            if (failure != null) {
                throw failure;
            }
        };
    }

    /** Removes every rule, trying all; the first failure is returned (or added to {@code primary}). */
    private static RuntimeException removeAll(List<FilterRuleHandle> handles, RuntimeException primary) {
        RuntimeException first = null;
        for (FilterRuleHandle h : handles) {
            try {
                h.close();
            } catch (RuntimeException e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        return first;
    }

    private final class Handle implements Fault {
        private final String description;
        private final Runnable heal;
        private final NetNamespace where;
        private boolean healed;

        Handle(String description, Runnable heal, NetNamespace where) {
            this.description = description;
            this.heal = heal;
            this.where = where;
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public synchronized boolean isActive() {
            return !healed && !network.isClosed();
        }

        @Override
        public synchronized void close() {
            if (healed) {
                return;
            }
            healed = true;
            active.remove(this);
            if (!network.isClosed()) {
                long start = System.nanoTime();
                try {
                    heal.run();
                } catch (RuntimeException e) {
                    publish(where, start, description, e);
                    throw e;
                }
                publish(where, start, description, null, true);
            }
        }

        @Override
        public String toString() {
            return description + (isActive() ? "" : " (healed)");
        }
    }
}
