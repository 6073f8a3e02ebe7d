package dev.netns.testkit;

import dev.netns.Bridge;
import dev.netns.IpPrefix;
import dev.netns.NamespaceId;
import dev.netns.NetNamespace;
import dev.netns.NetnsListener;
import dev.netns.NetnsException;
import dev.netns.NetworkStack;
import dev.netns.NotFoundException;
import dev.netns.Route;
import dev.netns.VethPair;
import dev.netns.VethRequest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Turns a {@link Topology} into namespaces and links, undoing everything if a step fails. */
final class NetworkFactory {

    /** Unique to this JVM run, so named namespaces of two runs (or two JVMs) never clash. */
    static final String RUN_PREFIX = "nt" + Long.toString(ProcessHandle.current().pid(), 36)
            + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final java.time.Duration CARRIER_WAIT = java.time.Duration.ofSeconds(3);

    private NetworkFactory() {
    }

    static Network build(Topology topology, NetworkStack stack) {
        return build(topology, stack, null);
    }

    /**
     * @param shelf where the sandbox comes from and goes back to (see {@link SandboxShelf}), or
     *     {@code null} for a network all its own
     */
    static Network build(Topology topology, NetworkStack stack, SandboxShelf shelf) {
        boolean keeps = shelf != null && shelf.keeps(topology);
        java.util.concurrent.CompletableFuture<SandboxShelf.Kept> taken = keeps ? shelf.take(topology) : null;
        SandboxShelf.Kept kept = null;
        Map<String, NetNamespace> namespaces = new LinkedHashMap<>();
        String prefix = RUN_PREFIX + "-" + SEQUENCE.incrementAndGet() + "-";
        NatJob early = null;
        // Registered first, so the failure report's timeline starts with the namespaces' creation.
        EventLog log = new EventLog();
        NetnsListener.Registration listening = stack.addListener(log);
        try {
            log.claimCreationsOn(Thread.currentThread());
            try {
                for (String host : topology.hostNames()) {
                    if (taken != null && host.equals(Topology.SANDBOX)) {
                        continue; // a kept one, being reset meanwhile
                    }
                    NetNamespace ns = step("host \"" + host + "\"", "create its namespace",
                            () -> topology.named() ? stack.createNamespace(prefix + host) : stack.createAnonymousNamespace());
                    namespaces.put(host, ns);
                    Labels.register(ns, host);
                    log.name(ns, host);
                }
                if (taken != null) {
                    kept = SandboxShelf.join(taken);
                    taken = null;
                    NetNamespace ns = kept != null ? kept.sandbox() : step("host \"" + Topology.SANDBOX + "\"",
                            "create its namespace", stack::createAnonymousNamespace);
                    Labels.register(ns, Topology.SANDBOX);
                    log.name(ns, Topology.SANDBOX);
                    Map<String, NetNamespace> hosts = new LinkedHashMap<>(namespaces);
                    namespaces.clear();
                    namespaces.put(Topology.SANDBOX, ns); // the sandbox first, as everywhere
                    namespaces.putAll(hosts);
                }
            } finally {
                log.stopClaiming();
            }
            // Writing NAT rules can be slow (the iptables backend runs processes); rules that do
            // not look at addresses (all but port forwards, which read them for hairpinning) are
            // written while the links are being made.
            boolean independent = topology.nat().stream().noneMatch(n -> n.rule() instanceof dev.netns.NatRule.PortForward);
            if (independent && !topology.nat().isEmpty()) {
                early = NatJob.start(topology.nat(), namespaces);
            }
            NetNamespace sandbox = namespaces.get(Topology.SANDBOX);
            Map<String, Bridge> bridges = new HashMap<>();
            SandboxState pristine = null;
            if (kept != null) {
                bridges.putAll(kept.bridges());
                pristine = kept.pristine();
            } else if (!topology.bridges().isEmpty()) {
                // The bridge should behave like the tutorial's switch, not run the sandbox's
                // iptables on frames it merely switches; br_netfilter may not be there at all.
                try {
                    sandbox.setSysctl("net.bridge.bridge-nf-call-iptables", "0");
                    sandbox.setSysctl("net.bridge.bridge-nf-call-ip6tables", "0");
                } catch (NotFoundException absent) {
                    // no br_netfilter: bridged frames never see iptables anyway
                }
            }
            for (BridgeSpec b : kept != null ? List.<BridgeSpec>of() : topology.bridges()) {
                String element = "bridge \"" + b.name() + "\"";
                Bridge bridge = step(element, "create it in the sandbox", () -> sandbox.createBridge(b.name()));
                // A MAC of its own: otherwise a bridge takes the lowest MAC of its ports and changes
                // it when ports come and go, which leaves its hosts' neighbour entries for the
                // gateway stale; and a kept sandbox's reset would have to detach every port.
                step(element, "give it a MAC address of its own", () -> bridge.setMac(localMac()));
                for (IpPrefix p : b.addresses()) {
                    step(element, "add address " + p, () -> bridge.addAddress(p));
                }
                step(element, "set it up", bridge::up);
                bridges.put(b.name(), bridge);
            }
            if (keeps && pristine == null) {
                pristine = step("sandbox", "record its state before the links (to keep it for the next test)",
                        () -> SandboxState.capture(sandbox, java.util.Set.of(), new java.util.HashSet<>()));
            }
            Map<String, VethPair> links = new LinkedHashMap<>();
            Map<String, Bridge> ported = new LinkedHashMap<>(); // the bridges that get a port
            for (LinkSpec l : topology.links()) {
                NetNamespace a = namespaces.get(l.a());
                Bridge bridge = bridges.get(l.b());
                if (bridge != null) {
                    ported.put(l.b(), bridge);
                }
                NetNamespace b = bridge != null ? sandbox : namespaces.get(l.b());
                String element = "link \"" + l.name() + "\" (" + l.a() + ":" + l.aInterface() + " - " + l.b()
                        + (bridge != null ? " port " : ":") + l.bInterface() + ")";
                // One call per pair: born with its first end up (a bridge port born attached), then
                // the peer set up; two requests where attaching and setting both ends up took four.
                // The kernel attaches only the end made where the request is sent, so a bridge's
                // pair is made from the sandbox with its other end born in the host.
                VethPair pair;
                if (bridge != null) {
                    VethPair made = step(element, "create the veth pair, up and attached to the bridge",
                            () -> sandbox.createVeth(VethRequest.builder(l.bInterface(), l.aInterface())
                                    .peerNamespace(a).master(bridge).up().build()));
                    pair = new VethPair(made.peer(), made.local());
                } else {
                    pair = step(element, "create the veth pair, up", () -> a.createVeth(
                            VethRequest.builder(l.aInterface(), l.bInterface()).peerNamespace(b).up().build()));
                }
                if (l.bAddress() != null) {
                    step(element, "add address " + l.bAddress() + " in " + l.b(), () -> pair.peer().addAddress(l.bAddress()));
                }
                if (l.aAddress() != null) {
                    step(element, "add address " + l.aAddress() + " in " + l.a(), () -> pair.local().addAddress(l.aAddress()));
                }
                links.put(l.name(), pair);
            }
            awaitOperationalUp(links.values(), ported.values());
            int tunnel = 0;
            for (VxlanLinkSpec v : topology.vxlanLinks()) {
                buildVxlan(v, sandbox, namespaces.get(v.host()), "nsvx" + tunnel++);
            }
            for (String host : topology.hostNames()) {
                HostSpec spec = topology.host(host);
                NetNamespace ns = namespaces.get(host);
                String element = "host \"" + host + "\"";
                if (spec.forwarding() && !(kept != null && ns == kept.sandbox())) { // a kept sandbox forwards already
                    step(element, "switch IPv4 forwarding on", () -> ns.setSysctl("net.ipv4.ip_forward", "1"));
                    if (hasIpv6(topology)) {
                        step(element, "switch IPv6 forwarding on", () -> ns.setSysctl("net.ipv6.conf.all.forwarding", "1"));
                    }
                }
                for (Route r : spec.routes()) {
                    step(element, "add route " + r, () -> ns.addRoute(r));
                }
            }
            if (early != null) {
                early.join();
            } else {
                for (NatSpec n : topology.nat()) {
                    applyNat(n, namespaces);
                }
            }
            Network.Recycling recycling = keeps
                    ? new Network.Recycling(shelf, Map.copyOf(bridges), pristine, kept) : null;
            return new Network(topology, namespaces, links, log, listening, recycling);
        } catch (RuntimeException | Error e) {
            SandboxShelf.discard(taken);
            if (early != null) {
                early.joinQuietly(e);
            }
            closeAll(namespaces, e);
            listening.close();
            throw e;
        }
    }

    /** A random unicast MAC of the locally administered range (02:xx:xx:xx:xx:xx and the like). */
    static dev.netns.MacAddress localMac() {
        byte[] mac = new byte[6];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(mac);
        mac[0] = (byte) ((mac[0] & 0xfc) | 0x02); // unicast, locally administered
        return dev.netns.MacAddress.of(mac);
    }

    /**
     * A VXLAN device is made in the sandbox, which stands for the machine: its UDP socket is opened
     * there, on the underlay, and stays there when the device moves into its host.
     */
    private static void buildVxlan(VxlanLinkSpec v, NetNamespace sandbox, NetNamespace target, String temporaryName) {
        String element = "vxlan link \"" + v.name() + "\" (" + v.host() + ":" + v.iface() + ", vni " + v.vni() + ")";
        boolean move = !target.equals(sandbox);
        dev.netns.Link made = step(element, "create it in the sandbox",
                () -> sandbox.createLink(move ? temporaryName : v.iface(), v.type()));
        dev.netns.Link device = move ? step(element, "move it into " + v.host(), () -> made.moveTo(target)) : made;
        if (move) {
            step(element, "rename it " + v.iface(), () -> device.rename(v.iface()));
        }
        if (v.address() != null) {
            step(element, "add address " + v.address(), () -> device.addAddress(v.address()));
        }
        step(element, "set " + v.iface() + " up", () -> device.up());
    }

    private static void applyNat(NatSpec n, Map<String, NetNamespace> namespaces) {
        step("host \"" + n.host() + "\"", "apply NAT rule " + n.rule(), () -> namespaces.get(n.host()).nat().apply(n.rule()));
    }

    /**
     * Runs one step of the build; an SDK failure comes back as a {@link TopologyException} that
     * names the topology's element (host, bridge, link) and the step, with the SDK's exception,
     * whose type callers can still branch on, as its cause.
     */
    private static <T> T step(String element, String action, java.util.function.Supplier<T> op) {
        try {
            return op.get();
        } catch (NetnsException e) {
            throw new TopologyException(element, action, e);
        }
    }

    private static void step(String element, String action, Runnable op) {
        step(element, action, () -> {
            op.run();
            return null;
        });
    }

    /** NAT rules applied in order on a thread of their own. */
    private static final class NatJob {
        private final Thread thread;
        private volatile Throwable failure;

        private NatJob(List<NatSpec> rules, Map<String, NetNamespace> namespaces) {
            // A plain platform thread started here, outside any namespace; it only asks the
            // namespaces' own workers to start iptables.
            thread = new Thread(() -> {
                try {
                    for (NatSpec n : rules) {
                        applyNat(n, namespaces);
                    }
                } catch (Throwable t) {
                    failure = t;
                }
            }, "netns-testkit-nat");
            thread.setDaemon(true);
        }

        static NatJob start(List<NatSpec> rules, Map<String, NetNamespace> namespaces) {
            NatJob job = new NatJob(rules, Map.copyOf(namespaces));
            job.thread.start();
            return job;
        }

        void join() {
            Uninterruptibly.get(() -> { // the rules are being written
                thread.join();
                return null;
            });
            Throwable t = failure;
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
            if (t != null) {
                throw new NetnsException("cannot apply NAT rules", t);
            }
        }

        void joinQuietly(Throwable primary) {
            try {
                join();
            } catch (RuntimeException | Error e) {
                if (e != primary) {
                    primary.addSuppressed(e);
                }
            }
        }
    }

    /**
     * Waits until the kernel's link watcher has seen every veth end come up, and every bridge
     * with a port get its carrier. Until then a veth has no queueing discipline and silently drops
     * what is sent (the first ARP request, say), and the watcher runs at most once a second when
     * many links change, so a test's first ping could otherwise time out. A bridge is the same:
     * it has no carrier until its first port is up (and a kept sandbox's bridge loses it when the
     * reset takes the last test's ports down), and until the watcher has seen the carrier come,
     * what the bridge itself sends (the sandbox's ARP replies, its echo replies) is dropped, while
     * frames it only forwards pass: about 1 in 100 tests lost a first ping to the bridge's
     * address that way. Each link is read on its own ({@link dev.netns.Link#awaitOperational}),
     * not by listing every link of every namespace: most are up by the first look.
     */
    private static void awaitOperationalUp(java.util.Collection<VethPair> links, java.util.Collection<Bridge> bridges) {
        long deadline = System.nanoTime() + CARRIER_WAIT.toNanos();
        List<dev.netns.Link> all = new java.util.ArrayList<>();
        for (VethPair p : links) {
            all.add(p.peer());
            all.add(p.local());
        }
        all.addAll(bridges);
        for (dev.netns.Link link : all) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                link.awaitOperational(java.time.Duration.ofNanos(left));
            } catch (NetnsException e) {
                if (System.nanoTime() - deadline < 0) {
                    throw e; // not the timeout: the kernel refused, or the namespace went
                }
                return; // a link that never comes up is the test's to find out about
            }
        }
    }

    static boolean hasIpv6(Topology t) {
        return t.links().stream().anyMatch(l -> (l.aAddress() != null && !l.aAddress().isIpv4())
                || (l.bAddress() != null && !l.bAddress().isIpv4()))
                || t.bridges().stream().anyMatch(b -> b.addresses().stream().anyMatch(p -> !p.isIpv4()));
    }

    /** Closes hosts first and the sandbox last, adding failures to {@code primary} or throwing them. */
    static void closeAll(Map<String, NetNamespace> namespaces, Throwable primary) {
        NetnsException failure = null;
        List<Map.Entry<String, NetNamespace>> entries = List.copyOf(namespaces.entrySet());
        for (int i = entries.size() - 1; i >= 0; i--) {
            NetNamespace ns = entries.get(i).getValue();
            NamespaceId id = null;
            try {
                id = ns.id();
            } catch (RuntimeException ignored) {
                // a half-created handle may not know its id; closing it is what matters
            }
            try {
                ns.close();
            } catch (RuntimeException e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else if (failure == null) {
                    failure = new NetnsException("cannot close namespace of host " + entries.get(i).getKey(), e);
                } else {
                    failure.addSuppressed(e);
                }
            } finally {
                if (id != null) {
                    Labels.unregister(id, ns);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
