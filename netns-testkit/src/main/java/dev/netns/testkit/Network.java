package dev.netns.testkit;

import dev.netns.Bridge;
import dev.netns.Impairment;
import dev.netns.InvalidInputException;
import dev.netns.NamespaceClosedException;
import dev.netns.NamespaceId;
import dev.netns.NetNamespace;
import dev.netns.NetnsEvent;
import dev.netns.NetnsException;
import dev.netns.NetnsListener;
import dev.netns.VethPair;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A running {@link Topology}: its namespaces, links, the services and faults started in it.
 * Closing it stops the services and deletes every namespace, which takes everything in them
 * (links, routes, firewall rules) along; nothing else on the machine is touched. (Inside the JUnit
 * extension a bridged sandbox the test never reached is reset and kept for the next test of the
 * same topology instead: see {@link #sandbox()}.)
 *
 * <pre>{@code
 * try (Network net = topology.build(stack)) {
 *     net.serveHttp("blue", 80, 200, "hello");     // its socket in blue, its threads outside
 *     NetAssertions.assertThat(net.host("red")).httpGet("http://192.168.15.2/").hasStatus(200);
 *     try (Fault cut = net.partition("red", "blue")) {
 *         NetAssertions.assertThat(net.host("red")).cannotConnect("192.168.15.2", 80);
 *     }
 * }
 * }</pre>
 *
 * <p>Safe to use from several threads. Inside the JUnit extension ({@link NetnsTest}) the
 * extension closes it; standalone, the caller does.
 *
 * @since 0.1
 */
public final class Network implements AutoCloseable {
    private final Topology topology;
    private final Map<String, NetNamespace> namespaces;
    private final Map<String, VethPair> links;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final FaultInjector faults;
    private final List<NamespaceId> ids;
    private final List<String> names;
    private final EventLog events;
    private final NetnsListener.Registration listening;
    private final Recycling recycling;
    /**
     * {@link #UNREACHED}, then either {@link #REACHED} (the test could get at the sandbox: it is
     * not kept) or {@link #RECYCLED} (closed, and the sandbox handed back to the shelf: this
     * network gives it out no more). Whichever comes first wins.
     */
    private final java.util.concurrent.atomic.AtomicInteger sandboxState = new java.util.concurrent.atomic.AtomicInteger();
    private static final int UNREACHED = 0;
    private static final int REACHED = 1;
    private static final int RECYCLED = 2;
    /** Open once a kept sandbox shows no port of an earlier test. */
    private final java.util.concurrent.CountDownLatch tombstonesGone = new java.util.concurrent.CountDownLatch(1);
    private boolean closed;

    /**
     * Where a kept sandbox goes back to, and what checking its reset needs.
     *
     * @param reused the sandbox as taken from the shelf, when this network got a kept one
     */
    record Recycling(SandboxShelf shelf, Map<String, Bridge> bridges, SandboxState pristine, SandboxShelf.Kept reused) {
    }

    /**
     * @param events the log already listening to the stack for these namespaces
     * @param listening its registration, closed with the network
     */
    Network(Topology topology, Map<String, NetNamespace> namespaces, Map<String, VethPair> links,
            EventLog events, NetnsListener.Registration listening, Recycling recycling) {
        this.topology = topology;
        this.recycling = recycling;
        this.events = events;
        this.listening = listening;
        this.namespaces = Collections.unmodifiableMap(namespaces);
        this.links = Collections.unmodifiableMap(links);
        this.faults = new FaultInjector(this);
        this.ids = namespaces.values().stream().map(NetNamespace::id).toList();
        this.names = namespaces.values().stream().flatMap(ns -> ns.name().stream()).toList();
    }

    /** @return the topology this network was built from */
    public Topology topology() {
        return topology;
    }

    /**
     * @param name a host of the topology, or {@link Topology#SANDBOX} for the sandbox
     * @return the host's namespace
     * @throws InvalidInputException if there is no such host
     */
    public NetNamespace host(String name) {
        if (Topology.SANDBOX.equals(name)) {
            reachSandbox();
        }
        NetNamespace ns = namespaces.get(name);
        if (ns == null) {
            throw new InvalidInputException("network has no host \"" + name + "\"; hosts are " + namespaces.keySet());
        }
        return ns;
    }

    /**
     * @param name a VXLAN link's name in the topology ({@link Topology.Builder#vxlanLink})
     * @return its device, in its host
     * @throws InvalidInputException if there is no such VXLAN link
     * @since 0.1
     */
    public dev.netns.Link vxlanLink(String name) {
        VxlanLinkSpec spec = topology.vxlanLinks().stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidInputException("network has no vxlan link \"" + name + "\"; vxlan links are "
                        + topology.vxlanLinks().stream().map(VxlanLinkSpec::name).toList()));
        return host(spec.host()).link(spec.iface());
    }

    /**
     * The sandbox. A test that asks for it (here, through {@link #host}, {@link #hosts()} or a link
     * with an end in it) gets a sandbox as a fresh build leaves it, and its sandbox is not kept
     * for the next test.
     *
     * @return the sandbox namespace, which holds the bridges and plays the tutorial's host
     */
    public NetNamespace sandbox() {
        return host(Topology.SANDBOX);
    }

    /**
     * Every host's namespace, the sandbox included: asking for them counts as reaching the
     * sandbox (see {@link #sandbox()}).
     *
     * @return every host's namespace by name, the sandbox first
     */
    public Map<String, NetNamespace> hosts() {
        reachSandbox();
        return namespaces;
    }

    /**
     * @param name the link's name in the topology, for example {@code "red-v-net-0"}
     * @return its two ends: {@code local()} in host {@code a}, {@code peer()} in host {@code b} or the sandbox
     * @throws InvalidInputException if there is no such link
     */
    public VethPair link(String name) {
        VethPair pair = links.get(name);
        if (pair == null) {
            throw new InvalidInputException("network has no link \"" + name + "\"; links are " + links.keySet());
        }
        NetNamespace sandbox = namespaces.get(Topology.SANDBOX);
        if (pair.local().namespace().equals(sandbox) || pair.peer().namespace().equals(sandbox)) {
            reachSandbox();
        }
        return pair;
    }

    /** The sandbox without counting it as reached: for the shelf's own tests only. */
    NetNamespace sandboxUnreached() {
        return namespaces.get(Topology.SANDBOX);
    }

    /**
     * The test can see the sandbox from now on: it is not kept after this network, and a kept one
     * must first look as a fresh build leaves it (the last tests' ports, renamed and down, gone).
     *
     * @throws NamespaceClosedException if the network is closed and its sandbox went back to the shelf
     */
    private void reachSandbox() {
        if (recycling == null) {
            return;
        }
        if (sandboxState.compareAndSet(UNREACHED, REACHED)) {
            try {
                if (recycling.reused() != null) {
                    SandboxShelf.awaitTombstones(recycling.reused());
                }
            } finally {
                tombstonesGone.countDown();
            }
        } else if (sandboxState.get() == RECYCLED) {
            throw new NamespaceClosedException("network " + namespaces.keySet()
                    + " is closed: its sandbox was reset for the next test of its topology");
        } else {
            Uninterruptibly.get(() -> { // at most a couple of seconds
                tombstonesGone.await();
                return null;
            });
        }
    }

    /**
     * The address the topology gave {@code host}: {@code assertThat(red).canPing(net.address("blue"))}.
     *
     * @return the address without its length, for example {@code "192.168.15.2"}
     * @throws InvalidInputException if the host has no address or several (then use {@link #address(String, String)})
     * @see Topology#address(String)
     */
    public String address(String host) {
        return topology.address(host);
    }

    /**
     * @return the address of {@code host}'s end of {@code link} (or of bridge {@code link} in the sandbox)
     * @see Topology#address(String, String)
     */
    public String address(String host, String link) {
        return topology.address(host, link);
    }

    /** @return the ids of every namespace of this network, the sandbox first */
    public List<NamespaceId> namespaceIds() {
        return ids;
    }

    /** @return the names under {@code /run/netns} of its namespaces; empty when they are anonymous */
    List<String> namespaceNames() {
        return names;
    }

    // ---- services ----------------------------------------------------------------------------

    /**
     * Listens on TCP {@code port} (all addresses) in {@code host}. Connections complete in the
     * kernel without an {@code accept}, so this is enough for {@code canConnect}; accept them
     * from any thread if the test needs to talk. Closed with the network.
     *
     * @return the bound channel, in blocking mode
     * @throws PortInUseException if the port is taken in that host
     */
    public ServerSocketChannel listenTcp(String host, int port) {
        checkPort(port);
        ServerSocketChannel channel = bound(host, port, "TCP", host(host).openServerSocketChannel(), 128);
        return track(channel, "listen on TCP port " + port + " in " + host);
    }

    /**
     * Starts an HTTP server on {@code port} (all addresses) in {@code host} that answers every
     * request with {@code status} and {@code body} (text/plain, UTF-8). Stopped with the network.
     *
     * @return the running service, which records the requests it received
     * @throws PortInUseException if the port is taken in that host
     */
    public HttpService serveHttp(String host, int port, int status, String body) {
        HttpReply reply = HttpReply.of(status, body);
        return serveHttp(host, port, request -> reply);
    }

    /**
     * Starts an HTTP server on {@code port} (all addresses) in {@code host} whose replies
     * {@code responder} computes. Stopped with the network.
     *
     * <pre>{@code
     * net.serveHttp("blue", 80, request -> HttpReply.of(200, "you asked for " + request.target()));
     * }</pre>
     *
     * <p>It is OkHttp's MockWebServer on a socket opened inside the host's namespace, with its
     * threads outside, started from the calling thread (call this from the test's thread, not
     * from inside {@link NetNamespace#call}). Any server library that accepts a
     * {@code ServerSocketFactory}, a {@code ServerSocket} or a {@code ServerSocketChannel} can be
     * run the same way: hand it {@code net.host("blue").serverSocketFactory()} or
     * {@code openServerSocketChannel()}.
     *
     * @return the running service, which records the requests it received
     * @throws PortInUseException if the port is taken in that host
     */
    public HttpService serveHttp(String host, int port, HttpResponder responder) {
        checkPort(port);
        if (responder == null) {
            throw new InvalidInputException("HTTP responder for host \"" + host + "\" must not be null");
        }
        HttpService service = HttpService.start(host(host), host, port, responder);
        return track(service, "serve HTTP on port " + port + " in " + host);
    }

    /**
     * Starts a UDP echo service on {@code port} in {@code host}: every datagram is sent back to
     * its sender unchanged. Stopped with the network.
     *
     * @return the bound channel
     * @throws PortInUseException if the port is taken in that host
     */
    public DatagramChannel udpEcho(String host, int port) {
        checkPort(port);
        DatagramChannel channel = bound(host, port, "UDP", host(host).openDatagramChannel(), 0);
        track(channel, "echo UDP on port " + port + " in " + host);
        // Started from this thread, outside every namespace: the socket is inside already, and a
        // thread inside would keep the namespace alive.
        Thread echo = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(65_536);
            try {
                while (true) {
                    buf.clear();
                    var from = channel.receive(buf);
                    buf.flip();
                    channel.send(buf, from);
                }
            } catch (ClosedChannelException stopped) {
                // closed with the network
            } catch (IOException e) {
                // nothing to report to: the test sees the missing echo
            }
        }, "netns-udp-echo-" + host + ":" + port);
        echo.setDaemon(true);
        echo.start();
        return channel;
    }

    /**
     * Starts a receive-only UDP service on {@code port} in {@code host} that counts what arrives
     * and answers nothing: the probe of one direction (see {@link NamespaceAssert#deliversUdp}).
     * Stopped with the network.
     *
     * @throws PortInUseException if the port is taken in that host
     */
    public UdpCounter countUdp(String host, int port) {
        checkPort(port);
        DatagramChannel channel = bound(host, port, "UDP", host(host).openDatagramChannel(), 0);
        return track(new UdpCounter(channel, "on port " + port + " in " + host), "count UDP on port " + port + " in " + host);
    }

    /** Binds a fresh channel to the wildcard address, naming host and port if that fails; closes it then. */
    private static <T extends java.nio.channels.NetworkChannel> T bound(String host, int port, String what, T channel,
            int backlog) {
        try {
            if (channel instanceof ServerSocketChannel server) {
                server.bind(new InetSocketAddress(port), backlog);
            } else {
                channel.bind(new InetSocketAddress(port));
            }
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            if (PortInUseException.isInUse(e)) {
                throw new PortInUseException(what, host, port, e);
            }
            throw new NetnsException("cannot listen for " + what + " on port " + port + " in host \"" + host + "\": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /**
     * Starts a program in {@code host} (see {@link NetNamespace#start}); it is killed, with its
     * descendants, when the network closes.
     *
     * @return the process
     */
    public Process startProcess(String host, ProcessBuilder builder) {
        Process p = host(host).start(builder);
        track(() -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }, "run " + String.join(" ", builder.command()) + " in " + host);
        return p;
    }

    /**
     * Registers {@code resource} to be closed (before the namespaces go) when the network closes.
     *
     * @throws NamespaceClosedException if the network is closed already (the resource is closed then)
     */
    public <T extends AutoCloseable> T closeAtEnd(T resource) {
        return track(resource, "register a resource to close with it");
    }

    /** @param what the operation, for the message if the network is closed */
    private synchronized <T extends AutoCloseable> T track(T resource, String what) {
        if (closed) {
            closeQuietly(resource);
            throw new NamespaceClosedException("cannot " + what + ": network " + namespaces.keySet()
                    + " is closed, and its namespaces with it");
        }
        started.push(resource);
        return resource;
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 65_535) {
            throw new InvalidInputException("port " + port + " is out of range 1-65535");
        }
    }

    // ---- faults ------------------------------------------------------------------------------

    /**
     * Sets link {@code name} down (end {@code a}, which takes the carrier of end {@code b} with
     * it). {@link Fault#close()} sets it up again.
     */
    public Fault linkDown(String name) {
        return faults.linkDown(name);
    }

    /**
     * Cuts {@code a} and {@code b} apart in both directions: every packet between their
     * addresses is dropped, in the sandbox's forwarding path and at each receiver, by drop rules
     * of their packet filters (no process is started). Other traffic flows on.
     * {@link Fault#close()} heals it.
     */
    public Fault partition(String a, String b) {
        return faults.partition(a, b, false);
    }

    /**
     * Drops packets from {@code from} to {@code to} only; {@code to} can still send to
     * {@code from}, for every protocol. A TCP connection, a ping or a UDP echo needs both
     * directions, so each fails either way; {@link #countUdp} with
     * {@link NamespaceAssert#deliversUdp} shows which direction still flows.
     */
    public Fault partitionOneWay(String from, String to) {
        return faults.partition(from, to, true);
    }

    /**
     * Cuts two groups of hosts apart, both ways; each group keeps its own links. One fault:
     * healing restores every pair.
     *
     * <pre>{@code
     * try (Fault split = net.partition(Set.of("n1", "n2"), Set.of("n3", "n4", "n5"))) { ... }
     * }</pre>
     */
    public Fault partition(Set<String> side, Set<String> otherSide) {
        return partition(side, otherSide, Cut.EVERYTHING);
    }

    /**
     * Like {@link #partition(Set, Set)}, cutting everything or only new connections ({@link Cut}).
     */
    public Fault partition(Set<String> side, Set<String> otherSide, Cut cut) {
        PartitionPlan plan = PartitionPlan.between(known(side), known(otherSide));
        return faults.partition(plan, "partition " + side + " | " + otherSide, cut == Cut.NEW_CONNECTIONS);
    }

    /** Cuts {@code host} off from every other host of the topology, the sandbox included, both ways. */
    public Fault isolate(String host) {
        return isolate(host, Cut.EVERYTHING);
    }

    /** Like {@link #isolate(String)}, cutting everything or only new connections. */
    public Fault isolate(String host, Cut cut) {
        host(host);
        return faults.partition(PartitionPlan.isolate(host, List.copyOf(namespaces.keySet())), "isolate " + host,
                cut == Cut.NEW_CONNECTIONS);
    }

    /**
     * Jepsen's "bridge": the hosts, in the order given, split into two halves that cannot reach
     * each other except through the host in the middle, which reaches both (at least 3 hosts).
     */
    public Fault partitionBridge(List<String> hosts) {
        return faults.partition(PartitionPlan.bridge(List.copyOf(known(hosts))), "bridge partition " + hosts, false);
    }

    /**
     * Jepsen's "majorities ring": the hosts, in the order given, in a ring where each still reaches
     * its nearest neighbours, so that every host sees a majority, but no two the same one (at least
     * 5 hosts).
     */
    public Fault partitionMajoritiesRing(List<String> hosts) {
        return faults.partition(PartitionPlan.majoritiesRing(List.copyOf(known(hosts))), "majorities ring " + hosts, false);
    }

    /** What a partition cuts. */
    public enum Cut {
        /** Every packet between the two sides: established connections stall too. */
        EVERYTHING,
        /** Only what opens a new connection or flow: established TCP connections go on. */
        NEW_CONNECTIONS
    }

    /**
     * New TCP connections from {@code from} to {@code to} time out (their SYN is dropped);
     * connections already established go on.
     */
    public Fault dropNewConnections(String from, String to) {
        return faults.connectFault(from, to, 0, false);
    }

    /**
     * New TCP connections from {@code from} to {@code to} are refused at once (answered with a
     * reset); connections already established go on.
     */
    public Fault resetNewConnections(String from, String to) {
        return faults.connectFault(from, to, 0, true);
    }

    /**
     * Drops a random fraction of the packets arriving at {@code host}: a drop rule with a
     * probability in its packet filter.
     *
     * @param probability between 0 and 1
     */
    public Fault packetLoss(String host, double probability) {
        return faults.packetLoss(host, probability);
    }

    /**
     * Delays packets leaving end {@code a} of link {@code name} by {@code delay} ± {@code jitter}
     * (latency in that direction only): with the kernel's netem where it has one, else with the
     * SDK's userspace emulation (see {@link dev.netns.Impairment}).
     *
     * @throws dev.netns.NotSupportedException if neither is available; see {@link #supportsDelay()}
     */
    public Fault delay(String name, Duration delay, Duration jitter) {
        return faults.delay(name, delay, jitter);
    }

    /**
     * Impairs link {@code name} both ways: what each end sends is delayed, lost, duplicated,
     * corrupted, reordered or rate-limited as {@code impairment} says.
     *
     * <pre>{@code
     * try (Fault slow = net.impair("red-v-net-0", Impairment.builder().rate(1_000_000).loss(0.01).build())) { ... }
     * }</pre>
     */
    public Fault impair(String name, Impairment impairment) {
        return faults.impair(name, true, true, impairment);
    }

    /**
     * Impairs what {@code host} sends on link {@code name}: one direction only (for example
     * latency from a client to a server, not back).
     */
    public Fault impairFrom(String host, String name, Impairment impairment) {
        VethPair pair = link(name);
        boolean endA = pair.local().namespace().equals(host(host));
        if (!endA && !pair.peer().namespace().equals(host(host))) {
            throw new InvalidInputException("host \"" + host + "\" is at neither end of link \"" + name + "\"");
        }
        return faults.impair(name, endA, !endA, impairment);
    }

    /**
     * @return whether {@link #delay} and {@link #impair} can emulate packets here: the kernel's
     *     netem, or the SDK's userspace emulation (dev.netns:netns-nftables, which the testkit brings)
     */
    public boolean supportsDelay() {
        return faults.delayAvailable();
    }

    private Set<String> known(java.util.Collection<String> hosts) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (String h : hosts) {
            host(h);
            if (!out.add(h)) {
                throw new InvalidInputException("host \"" + h + "\" is named twice in " + hosts);
            }
        }
        return out;
    }

    /** @return the faults in force, oldest first */
    public List<Fault> activeFaults() {
        return faults.active();
    }

    // ---- diagnostics and lifecycle -----------------------------------------------------------

    /**
     * Describes every namespace as a person debugging it would want: links, addresses, routes,
     * NAT and filter rules (the SDK's, and the packet filter's rules read back from the backend).
     *
     * @return a multi-line report; parts that cannot be read say why
     */
    public String describe() {
        return Diagnostics.describe(this);
    }

    /**
     * What the SDK did in this network's namespaces, oldest first: at most the last
     * {@value EventLog#CAPACITY} events, from the creation of its namespaces on (links, addresses,
     * routes, sysctls, processes, NAT rules, faults and failures). The failure report prints
     * them as a timeline after the namespaces' state.
     *
     * @return a snapshot of the events
     * @since 0.1
     */
    public List<NetnsEvent> events() {
        return events.events();
    }

    /** The timeline of {@link #events()} for the failure report. */
    String timeline() {
        return events.timeline();
    }

    /** @return whether {@link #close()} has been called */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Stops the services and processes started through this network, then deletes its
     * namespaces (hosts first, the sandbox last). Idempotent. Inside the JUnit extension a
     * sandbox the test never reached is kept, reset, for the next test of the same topology
     * (README, "A JUnit test with the testkit").
     *
     * @throws NetnsException if a namespace could not be closed; every namespace is tried
     */
    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(started);
            started.clear();
        }
        toClose.forEach(Network::closeQuietly);
        try {
            if (recycling != null && sandboxState.compareAndSet(UNREACHED, RECYCLED)) {
                recycling.shelf().recycle(topology, namespaces, links, recycling);
            } else {
                NetworkFactory.closeAll(namespaces, null);
            }
        } finally {
            // After the namespaces: their deletion is on the timeline too, and past this point
            // their inodes may label another network's namespaces, which must not show up here.
            listening.close();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // The namespace is deleted next, which releases whatever this held.
        }
    }

    @Override
    public String toString() {
        return "Network" + namespaces.keySet() + (closed ? " (closed)" : "");
    }
}
