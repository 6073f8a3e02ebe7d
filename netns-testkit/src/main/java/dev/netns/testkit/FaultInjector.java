package dev.netns.testkit;

import dev.netns.ExecResult;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Faults of one network. Firewall faults are rules in a chain of our own
 * ({@value #CHAIN}), jumped to from INPUT and FORWARD, in the network's own namespaces only,
 * written with the iptables variant (nft or legacy) the SDK's NAT rules use there
 * ({@link Iptables#variant}).
 */
final class FaultInjector {
    static final String CHAIN = "NETNS-FAULTS";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static volatile Boolean netem;

    private final Network network;
    private final Set<String> chainsReady = new HashSet<>();
    /** The iptables-restore per {@code host/4} or {@code host/6}, chosen once: removal must use the adding one. */
    private final Map<String, String> programs = new HashMap<>();
    private final List<Fault> active = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();

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
        String tag = tag();
        // receiver's INPUT catches direct and bridged traffic, the sandbox's FORWARD routed and
        // NATed traffic (before SNAT rewrites the source)
        Map<String, List<String>> rules = new LinkedHashMap<>();
        addDrops(rules, to, fromAddrs, toAddrs, tag);
        if (!oneWay) {
            addDrops(rules, from, toAddrs, fromAddrs, tag);
        }
        String desc = "partition " + from + (oneWay ? " -> " : " <-> ") + to;
        return inject(a, desc, () -> applyRules(rules));
    }

    Fault packetLoss(String host, double probability) {
        if (!(probability > 0 && probability <= 1)) {
            throw new InvalidInputException("packet loss probability " + probability + " must be in (0, 1]");
        }
        NetNamespace ns = network.host(host);
        String rule = "-m statistic --mode random --probability " + String.format(Locale.ROOT, "%.6f", probability)
                + " -m comment --comment " + tag() + " -j DROP";
        Map<String, List<String>> rules = new LinkedHashMap<>();
        rules.put(host + "/4", List.of(rule));
        if (ns.addresses().stream().anyMatch(a -> !a.prefix().isIpv4() && "global".equals(a.scope()))) {
            rules.put(host + "/6", List.of(rule));
        }
        return inject(ns, String.format(Locale.ROOT, "%.0f%% packet loss into %s", probability * 100, host),
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

    private void addDrops(Map<String, List<String>> rules, String receiver, List<InetAddress> sources,
            List<InetAddress> destinations, String tag) {
        for (InetAddress s : sources) {
            for (InetAddress d : destinations) {
                if (s.getAddress().length != d.getAddress().length) {
                    continue;
                }
                String family = s.getAddress().length == 4 ? "/4" : "/6";
                String rule = "-s " + dev.netns.IpPrefix.hostString(s) + " -d " + dev.netns.IpPrefix.hostString(d)
                        + " -m comment --comment " + tag + " -j DROP";
                rules.computeIfAbsent(receiver + family, k -> new ArrayList<>()).add(rule);
                if (!receiver.equals(Topology.SANDBOX)) {
                    rules.computeIfAbsent(Topology.SANDBOX + family, k -> new ArrayList<>()).add(rule);
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
     * @param rules keyed by {@code host/4} or {@code host/6}
     * @return what removes them again
     */
    private Runnable applyRules(Map<String, List<String>> rules) {
        Map<String, List<String>> applied = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, List<String>> e : rules.entrySet()) {
                if (e.getValue().isEmpty()) {
                    continue;
                }
                restore(e.getKey(), e.getValue(), "-A");
                applied.put(e.getKey(), e.getValue());
            }
        } catch (RuntimeException e) {
            applied.forEach((k, v) -> {
                try {
                    restore(k, v, "-D");
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            });
            throw e;
        }
        return () -> applied.forEach((k, v) -> restore(k, v, "-D"));
    }

    private void restore(String key, List<String> rules, String op) {
        String host = key.substring(0, key.length() - 2);
        boolean v6 = key.endsWith("/6");
        NetNamespace ns = network.host(host);
        StringBuilder script = new StringBuilder("*filter\n");
        boolean first;
        String program;
        synchronized (chainsReady) {
            program = programs.computeIfAbsent(key, k -> Iptables.variant(ns, v6).restore());
            // Declaring an existing chain under --noflush would flush it, so only the first time.
            first = op.equals("-A") && chainsReady.add(key);
        }
        if (first) {
            script.append(':').append(CHAIN).append(" - [0:0]\n");
            script.append("-I INPUT -j ").append(CHAIN).append('\n');
            script.append("-I FORWARD -j ").append(CHAIN).append('\n');
        }
        for (String r : rules) {
            script.append(op).append(' ').append(CHAIN).append(' ').append(r).append('\n');
        }
        script.append("COMMIT\n");
        try {
            Iptables.restore(ns, program, script.toString(), COMMAND_TIMEOUT);
        } catch (RuntimeException e) {
            if (first) {
                synchronized (chainsReady) {
                    chainsReady.remove(key);
                }
            }
            throw e;
        }
    }

    private String tag() {
        return "netns-fault-" + sequence.incrementAndGet();
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
