package dev.netns.testkit;

import dev.netns.AlreadyExistsException;
import dev.netns.FilterRule;
import dev.netns.FilterRule.Direction;
import dev.netns.FilterRuleHandle;
import dev.netns.Impairment;
import dev.netns.ImpairmentHandle;
import dev.netns.IpPrefix;
import dev.netns.InvalidInputException;
import dev.netns.LinkAddress;
import dev.netns.NetNamespace;
import dev.netns.NetnsEvent;
import dev.netns.NetworkStack;
import dev.netns.Route;
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
    /** Whether delays work in this JVM (netem, or the userspace emulation), probed once. */
    private static volatile Boolean netem;

    private static final Duration LINK_UP_WAIT = Duration.ofSeconds(3);

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
        NetNamespace ns = pair.local().namespace();
        return inject(ns, "link " + name + " down", () -> {
            // The kernel flushes the IPv4 routes through a link set down (a default route via it
            // too) and gives back only its own prefix routes when it comes up: put back the rest.
            List<Route> routes = ns.routes();
            pair.local().down();
            return () -> {
                pair.local().up();
                List<Route> now = ns.routes();
                for (Route r : routes) {
                    if (!now.contains(r) && !linkLocal(r)) {
                        try {
                            ns.addRoute(r);
                        } catch (AlreadyExistsException kernelWasFirst) {
                            // the kernel restores its own routes (IPv6 prefixes) asynchronously
                        }
                    }
                }
                pair.local().awaitOperational(LINK_UP_WAIT);
                pair.peer().awaitOperational(LINK_UP_WAIT);
            };
        });
    }

    /** fe80::/64: the kernel makes it again with the link's link-local address. */
    private static boolean linkLocal(Route r) {
        IpPrefix d = r.destination();
        return d != null && !d.isIpv4() && d.address().isLinkLocalAddress();
    }

    Fault partition(String from, String to, boolean oneWay) {
        if (from != null && from.equals(to)) {
            // It would install rules that drop the host's traffic to its own addresses, which no partition means.
            throw new InvalidInputException("cannot partition host \"" + from + "\" from itself");
        }
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
        if (delay == null || jitter == null || delay.isNegative() || jitter.isNegative()) {
            throw new InvalidInputException("delay " + delay + " and jitter " + jitter + " must not be negative");
        }
        return impair(name, true, false, Impairment.builder().delay(delay).jitter(jitter).build());
    }

    /**
     * Impairs what end a (and, for {@code bothEnds}, end b) of link {@code name} sends, with
     * {@link dev.netns.Link#impair}: netem where the kernel has it, the SDK's userspace
     * emulation where it has not. Both ends are one fault: healing removes both.
     */
    Fault impair(String name, boolean endA, boolean endB, Impairment impairment) {
        if (impairment == null) {
            throw new InvalidInputException("impairment of link " + name + " must not be null");
        }
        VethPair pair = network.link(name);
        String ends = endA && endB ? "both ways" : endA ? "from " + pair.local().name() : "from " + pair.peer().name();
        return inject(endA ? pair.local().namespace() : pair.peer().namespace(), impairment + " on " + name + " " + ends, () -> {
            List<ImpairmentHandle> handles = new ArrayList<>();
            try {
                if (endA) {
                    handles.add(pair.local().impair(impairment));
                }
                if (endB) {
                    handles.add(pair.peer().impair(impairment));
                }
            } catch (RuntimeException e) {
                closeAll(handles, e);
                throw e;
            }
            return () -> closeAll(handles, null);
        });
    }

    private static void closeAll(List<ImpairmentHandle> handles, RuntimeException primary) {
        RuntimeException failure = primary;
        for (ImpairmentHandle h : handles) {
            try {
                h.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (primary == null && failure != null) {
            throw failure;
        }
    }

    /**
     * Cuts every pair of the plan both ways, in one fault: the receivers' INPUT and the sandbox's
     * FORWARD drop each pair's packets, all namespaces' rules applied (or none) together.
     */
    Fault partition(PartitionPlan plan, String description, boolean newConnectionsOnly) {
        Map<String, List<FilterRule>> rules = new LinkedHashMap<>();
        for (PartitionPlan.Pair p : plan.cut()) {
            List<InetAddress> a = addresses(p.a(), network.host(p.a()));
            List<InetAddress> b = addresses(p.b(), network.host(p.b()));
            addDrops(rules, p.b(), a, b, newConnectionsOnly);
            addDrops(rules, p.a(), b, a, newConnectionsOnly);
        }
        return inject(network.sandbox(), description + (newConnectionsOnly ? " (new connections only)" : ""),
                () -> applyRules(rules));
    }

    /**
     * New TCP connections from {@code from} to {@code to} (any port, or {@code port}) fail: their
     * SYN is dropped (the client times out) or answered with a reset (refused at once);
     * established connections go on.
     */
    Fault connectFault(String from, String to, int port, boolean reset) {
        List<InetAddress> fromAddrs = addresses(from, network.host(from));
        List<InetAddress> toAddrs = addresses(to, network.host(to));
        Map<String, List<FilterRule>> rules = new LinkedHashMap<>();
        for (InetAddress s : fromAddrs) {
            for (InetAddress d : toAddrs) {
                if (s.getAddress().length != d.getAddress().length) {
                    continue;
                }
                FilterRule.Builder b = (reset ? FilterRule.reject(Direction.INPUT) : FilterRule.drop(Direction.INPUT))
                        .from(new IpPrefix(s, s.getAddress().length * 8)).to(new IpPrefix(d, d.getAddress().length * 8))
                        .protocol(FilterRule.IpProtocol.TCP).newConnectionsOnly();
                if (port > 0) {
                    b.destinationPort(port);
                }
                rules.computeIfAbsent(to, k -> new ArrayList<>()).add(b.build());
            }
        }
        String desc = (reset ? "reset" : "drop") + " new TCP connections " + from + " -> " + to
                + (port > 0 ? ":" + port : "");
        return inject(network.host(to), desc, () -> applyRules(rules));
    }

    /** Whether {@link #delay} works here: the kernel's netem, or the SDK's userspace emulation. */
    boolean delayAvailable() {
        Boolean known = netem;
        if (known != null) {
            return known;
        }
        boolean ok = java.util.ServiceLoader.load(dev.netns.spi.ImpairmentProvider.class).findFirst().isPresent();
        if (!ok) {
            // No userspace emulation on the class path: only a kernel with netem can delay.
            try (ImpairmentHandle probe = network.sandbox().findLink("lo").orElseThrow()
                    .impair(Impairment.builder().delay(Duration.ofMillis(1)).build())) {
                ok = probe != null;
            } catch (RuntimeException e) {
                ok = false;
            }
        }
        netem = ok;
        return ok;
    }

    private static void addDrops(Map<String, List<FilterRule>> rules, String receiver, List<InetAddress> sources,
            List<InetAddress> destinations) {
        addDrops(rules, receiver, sources, destinations, false);
    }

    private static void addDrops(Map<String, List<FilterRule>> rules, String receiver, List<InetAddress> sources,
            List<InetAddress> destinations, boolean newConnectionsOnly) {
        for (InetAddress s : sources) {
            for (InetAddress d : destinations) {
                if (s.getAddress().length != d.getAddress().length) {
                    continue;
                }
                IpPrefix from = new IpPrefix(s, s.getAddress().length * 8);
                IpPrefix to = new IpPrefix(d, d.getAddress().length * 8);
                rules.computeIfAbsent(receiver, k -> new ArrayList<>())
                        .addAll(drops(Direction.INPUT, from, to, newConnectionsOnly));
                if (!receiver.equals(Topology.SANDBOX)) {
                    rules.computeIfAbsent(Topology.SANDBOX, k -> new ArrayList<>())
                            .addAll(drops(Direction.FORWARD, from, to, newConnectionsOnly));
                }
            }
        }
    }

    /**
     * Everything from {@code from} to {@code to}; or, for new connections only, one rule per
     * protocol, so that TCP is matched by its SYN (a connection opened before the rule is spared
     * even where conntrack only started tracking with the rule) and UDP and ICMP by conntrack.
     */
    private static List<FilterRule> drops(Direction direction, IpPrefix from, IpPrefix to, boolean newConnectionsOnly) {
        if (!newConnectionsOnly) {
            return List.of(FilterRule.drop(direction).from(from).to(to).build());
        }
        List<FilterRule> out = new ArrayList<>();
        for (FilterRule.IpProtocol p : FilterRule.IpProtocol.values()) {
            out.add(FilterRule.drop(direction).from(from).to(to).protocol(p).newConnectionsOnly().build());
        }
        return out;
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
