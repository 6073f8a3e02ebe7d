package dev.netns;

import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A network namespace: its own links, addresses, routes, firewall and sysctls. Every operation
 * works on this namespace, from whichever thread calls it, without switching the caller's thread.
 *
 * <pre>{@code
 * red.createVeth("veth-red", "veth-red-br", host).local().addAddress("192.168.15.1/24").up();
 * red.addRoute(Route.defaultVia("192.168.15.5"));
 * red.setSysctl("net.ipv4.ip_forward", "1");
 * ExecResult r = red.exec("ping", "-c", "1", "192.168.15.2");
 * int port = red.call(() -> { try (var s = ServerSocketChannel.open()) { ... } });
 * }</pre>
 *
 * <p>Handles are safe to share between threads. Closing a handle that created its namespace
 * deletes it; closing a handle that only opened one releases it. Two handles to the same namespace
 * are {@linkplain #equals equal}.
 *
 * @since 0.1
 */
public interface NetNamespace extends AutoCloseable {

    /** @return the name under {@code /run/netns}, or empty for an anonymous namespace or the JVM's own */
    Optional<String> name();

    /** @return the namespace's identity (nsfs device and inode) */
    NamespaceId id();

    /**
     * @return the stack this handle was opened through, whose {@linkplain NetworkStack#addListener
     *     listeners} hear about this namespace
     * @since 0.1
     */
    NetworkStack stack();

    /** @return whether this is the namespace the JVM started in ({@link NetworkStack#initialNamespace()}) */
    boolean isInitial();

    /**
     * A path that names this namespace for other programs, valid while the handle is open:
     * {@code /run/netns/NAME} when named, otherwise {@code /proc/PID/fd/N} of this JVM.
     */
    Path path();

    // ---- links ---------------------------------------------------------------------------

    /**
     * Creates a veth pair with both ends in this namespace ({@code ip link add NAME type veth peer name PEER}).
     * Both ends are down.
     *
     * <p>Each end has one transmit and one receive queue ({@code numtxqueues 1 numrxqueues 1}),
     * which is what a veth runs on anyway: the kernel's default allocates one per possible CPU and
     * then turns all but one off, at the cost of an RCU grace period per end with RTNL held. So
     * {@code ethtool -L} cannot give these ends more channels.
     */
    VethPair createVeth(String name, String peerName);

    /**
     * Creates a veth pair whose end {@code name} is born in this namespace and whose end
     * {@code peerName} is born in {@code peerNamespace}; nothing touches any other namespace.
     * Both ends are down, with one queue each way as {@link #createVeth(String, String)} says.
     */
    VethPair createVeth(String name, String peerName, NetNamespace peerNamespace);

    /**
     * Creates the veth pair {@code request} describes: born with its first end a port of a bridge
     * and both ends up if asked, in one request to the kernel, plus one to set the peer up. If any
     * step fails no pair is left. Each end has one queue each way as
     * {@link #createVeth(String, String)} says.
     *
     * <pre>{@code
     * VethPair cable = host.createVeth(VethRequest.builder("veth-red", "eth0")
     *         .peerNamespace(red).master(br0).up().build());
     * }</pre>
     *
     * @throws InvalidInputException if the peer namespace or the bridge belongs to another stack,
     *     or the bridge is not in this namespace (nothing is created then)
     * @throws AlreadyExistsException if an end's name is taken where it would be born
     * @throws NotFoundException if the bridge is no longer there
     */
    VethPair createVeth(VethRequest request);

    /** Creates a bridge ({@code ip link add NAME type bridge}), down. */
    Bridge createBridge(String name);

    /**
     * @return the link called {@code name}
     * @throws NotFoundException if there is none
     */
    Link link(String name);

    /** @return the link called {@code name}, if there is one */
    Optional<Link> findLink(String name);

    /**
     * @return the link with index {@code index}
     * @throws NotFoundException if there is none
     */
    Link link(int index);

    /**
     * @return the bridge called {@code name}
     * @throws NotFoundException if there is none, {@link InvalidInputException} if it is not a bridge
     */
    Bridge bridge(String name);

    /** @return a snapshot of every link in the namespace, by index */
    List<LinkInfo> links();

    /** @return every address on every link, IPv4 and IPv6 */
    List<LinkAddress> addresses();

    // ---- routes --------------------------------------------------------------------------

    /**
     * Adds a route ({@code ip route add ...}).
     *
     * @throws AlreadyExistsException if the same route exists
     * @throws InvalidInputException if it has neither gateway nor device
     */
    void addRoute(Route route);

    /** Deletes a route ({@code ip route del ...}). @throws NotFoundException if there is none */
    void deleteRoute(Route route);

    /**
     * @return the routes of the main table, IPv4 then IPv6, with device names resolved; a multipath
     *     route gives one entry per next hop
     */
    List<Route> routes();

    // ---- link kinds ----------------------------------------------------------------------

    /**
     * Creates a link of a kind beyond veth and bridge ({@code ip link add NAME type KIND ...}), down.
     * Devices the type names ({@link LinkType.Vxlan#device}, a macvlan's lower device) are looked up
     * in this namespace first.
     *
     * <pre>{@code
     * Link vx = ns.createLink("vx0", LinkType.vxlan(42).remote("10.0.0.2").local("10.0.0.1").port(4789).device("eth0"));
     * Link tap = ns.createLink("tap0", LinkType.tap().owner(1000));
     * }</pre>
     *
     * @throws InvalidInputException for a bad name (before anything changes)
     * @throws NotFoundException if a device the type names does not exist
     * @throws AlreadyExistsException if a link called {@code name} exists
     * @throws NotSupportedException if the kernel lacks the kind; the message names the module
     * @since 0.1
     */
    Link createLink(String name, LinkType type);

    // ---- neighbours ----------------------------------------------------------------------

    /**
     * @return every ARP (IPv4) and NDP (IPv6) entry of every link ({@code ip neigh show}), NOARP entries
     *     included (which {@code ip neigh show} leaves out unless asked for {@code nud all})
     * @since 0.1
     */
    List<Neighbour> neighbours();

    /**
     * @return the ARP and NDP entries of link {@code device} ({@code ip neigh show dev DEVICE})
     * @throws NotFoundException if there is no such link
     * @since 0.1
     */
    List<Neighbour> neighbours(String device);

    /**
     * Adds a neighbour entry ({@code ip neigh add ADDRESS lladdr MAC dev DEVICE nud STATE}).
     *
     * <pre>{@code
     * red.addNeighbour(Neighbour.permanent("192.168.15.2", "02:00:00:00:0f:02", "veth-red"));
     * }</pre>
     *
     * @throws AlreadyExistsException if the link has an entry for the address
     * @throws NotFoundException if there is no such link
     * @throws InvalidInputException for a state other than PERMANENT, REACHABLE, STALE or NOARP, or
     *     without a MAC for a state that needs one
     * @since 0.1
     */
    void addNeighbour(Neighbour neighbour);

    /**
     * Adds a neighbour entry or overwrites the link's entry for the address ({@code ip neigh replace ...}).
     *
     * @since 0.1
     */
    void replaceNeighbour(Neighbour neighbour);

    /**
     * Deletes the entry of {@code address} on link {@code device} ({@code ip neigh del ADDRESS dev DEVICE}).
     *
     * @throws NotFoundException if there is no such entry or link
     * @since 0.1
     */
    void deleteNeighbour(String device, InetAddress address);

    /**
     * Deletes the dynamic entries of link {@code device}, as {@code ip neigh flush dev DEVICE} does:
     * permanent and NOARP entries stay.
     *
     * @return how many entries were deleted
     * @since 0.1
     */
    int flushNeighbours(String device);

    // ---- policy routing ------------------------------------------------------------------

    /**
     * Adds a policy-routing rule ({@code ip rule add ...}).
     *
     * <pre>{@code
     * red.addRule(Rule.lookup(100).from("10.1.0.0/16").priority(1000));
     * red.addRoute(Route.defaultVia("10.9.0.254").table(100));
     * }</pre>
     *
     * @throws AlreadyExistsException if the same rule exists
     * @since 0.1
     */
    void addRule(Rule rule);

    /**
     * Deletes the first rule that matches every selector given ({@code ip rule del ...}); a rule
     * without a priority matches any priority.
     *
     * @throws NotFoundException if none matches
     * @since 0.1
     */
    void deleteRule(Rule rule);

    /**
     * @return every rule, IPv4 then IPv6, in the order the kernel tries them ({@code ip rule; ip -6 rule})
     * @since 0.1
     */
    List<Rule> rules();

    /**
     * @param table a table id: {@link Route#MAIN_TABLE}, 255 for local, or any other 1..2<sup>32</sup>-1
     * @return the routes of one table, IPv4 then IPv6, of every type, a multipath route as one route
     *     with its {@link Route#nextHops()} ({@code ip route show table TABLE})
     * @since 0.1
     */
    List<Route> routes(long table);

    /**
     * Asks the kernel which route a packet would take ({@code ip route get ...}), through the rules
     * and tables as they are now. A refused destination is an answer, not an exception: see
     * {@link RouteLookup#type()}.
     *
     * <pre>{@code
     * assertThat(red.lookupRoute(RouteQuery.to("10.1.2.3").mark(1)).device()).isEqualTo("veth-red");
     * }</pre>
     *
     * @throws NotFoundException if an interface the query names does not exist
     * @since 0.1
     */
    RouteLookup lookupRoute(RouteQuery query);

    /** {@link #lookupRoute(RouteQuery)} of an address literal. @since 0.1 */
    default RouteLookup lookupRoute(String destination) {
        return lookupRoute(RouteQuery.to(destination));
    }

    // ---- watching changes ----------------------------------------------------------------

    /**
     * Subscribes to the kernel's announcements of changes in this namespace (links, addresses,
     * routes, neighbours, rules), whoever makes them: this SDK, {@code ip}, a routing daemon, the
     * kernel itself. Changes are delivered in order, one at a time, on a thread of the SDK that is
     * outside every namespace (a listener that blocks holds up later changes; one that throws is
     * skipped past). If the kernel drops announcements because they arrive faster than they are read,
     * the watch reads the whole state again and delivers it as a {@link NetworkChange.Type#RESYNC}.
     * The watch ends with {@link ChangeSubscription#close()} or with this handle.
     *
     * <pre>{@code
     * try (ChangeSubscription s = red.watch(WatchOptions.builder().topics(Topic.LINKS).build(),
     *         change -> System.out.println(change))) {
     *     red.createVeth("a", "b");
     * }
     * }</pre>
     *
     * @throws NamespaceClosedException if this namespace is closed
     * @since 0.1
     */
    ChangeSubscription watch(WatchOptions options, Consumer<NetworkChange> listener);

    /** {@link #watch(WatchOptions, Consumer)} of every topic. @since 0.1 */
    default ChangeSubscription watch(Consumer<NetworkChange> listener) {
        return watch(WatchOptions.all(), listener);
    }

    // ---- sysctls -------------------------------------------------------------------------

    /**
     * Reads a sysctl of this namespace, for example {@code net.ipv4.ip_forward} or
     * {@code net.ipv4.conf.veth0.forwarding}. Keys start with {@code net.}; an interface name that
     * contains dots is written with '/' separators instead ({@code net/ipv4/conf/eth0.5/forwarding}).
     *
     * <p>The first read of a {@code net.ipv4} or {@code net.ipv6} key opens its file inside the
     * namespace; the handle keeps it open (up to 16 keys, closed with the handle), and later reads
     * are one system call on the caller's thread. Other keys are read inside the namespace each
     * time: some of their kernel handlers look at the calling thread's namespace.
     *
     * @return the value, without the trailing newline
     * @throws NotFoundException if the key does not exist
     */
    String sysctl(String key);

    /**
     * Writes a sysctl of this namespace ({@code ip netns exec NS sysctl -w KEY=VALUE}). As with
     * {@link #sysctl(String)}, a {@code net.ipv4} or {@code net.ipv6} key's file stays open with the
     * handle after the first write, so writing it again (a route flush between tests, forwarding on
     * and off) is one system call.
     *
     * @throws KernelException if the kernel refuses the value (its errno, EINVAL for most)
     *
     * @throws NotFoundException if the key does not exist
     * @throws InvalidInputException if the value is not one line, or the key names a group of settings
     */
    void setSysctl(String key, String value);

    // ---- sockets -------------------------------------------------------------------------
    //
    // Sockets are born inside, threads stay outside. A socket belongs to the namespace it was
    // created in, whatever thread later uses it: these methods create the descriptor inside this
    // namespace (on an SDK thread that enters it and switches straight back, in microseconds) and
    // hand it to the caller, whose threads and
    // libraries (Netty event loops, OkHttp, gRPC, JDBC drivers) go on running where they always
    // do. Two rules follow:
    //  - a thread started from inside a namespace (for example from call()) stays in it, and keeps
    //    it alive after close(); start threads from your own code, outside, and give them sockets;
    //  - an open socket keeps its namespace alive too: close it before, or with, the namespace.

    /**
     * Opens an unconnected TCP channel whose socket lives in this namespace, in blocking mode, of
     * the JDK's default protocol family (IPv6 with IPv4-mapped addresses where available).
     *
     * <pre>{@code
     * try (SocketChannel ch = red.openSocketChannel()) {
     *     ch.connect(new InetSocketAddress("192.168.15.2", 5432));   // from red's routes
     * }
     * }</pre>
     *
     * @throws NamespaceClosedException if this namespace is closed
     * @throws NetnsException if the socket cannot be created (for example too many open files)
     * @since 0.1
     */
    SocketChannel openSocketChannel();

    /** Like {@link #openSocketChannel()}, of a given family ({@code StandardProtocolFamily.INET} or {@code INET6}). */
    SocketChannel openSocketChannel(ProtocolFamily family);

    /**
     * Opens an unbound TCP server channel whose socket lives in this namespace.
     *
     * <pre>{@code
     * ServerSocketChannel server = blue.openServerSocketChannel().bind(new InetSocketAddress(80));
     * new Thread(() -> serve(server)).start();   // our thread, outside; the socket is in blue
     * }</pre>
     *
     * @since 0.1
     */
    ServerSocketChannel openServerSocketChannel();

    /** Like {@link #openServerSocketChannel()}, of a given family. */
    ServerSocketChannel openServerSocketChannel(ProtocolFamily family);

    /**
     * Opens an unbound UDP channel whose socket lives in this namespace.
     *
     * @since 0.1
     */
    DatagramChannel openDatagramChannel();

    /** Like {@link #openDatagramChannel()}, of a given family. */
    DatagramChannel openDatagramChannel(ProtocolFamily family);

    /**
     * A socket factory for client libraries: every socket it makes lives in this namespace and
     * already has its descriptor, so {@code createSocket()} followed by
     * {@code connect(address, timeout)} (what OkHttp and JDBC drivers do) connects from here, and so
     * do the connecting {@code createSocket(host, port)} forms (a host name is resolved by the
     * caller's resolver, in the JVM's own namespace; pass address literals).
     *
     * <pre>{@code
     * OkHttpClient client = new OkHttpClient.Builder().socketFactory(red.socketFactory()).build();
     * }</pre>
     *
     * @since 0.1
     */
    SocketFactory socketFactory();

    /**
     * A server socket factory for server libraries: every server socket it makes lives in this
     * namespace ({@code createServerSocket()} unbound, the other forms bound to the given port).
     *
     * <pre>{@code
     * MockWebServer server = new MockWebServer();
     * server.setServerSocketFactory(blue.serverSocketFactory());
     * server.start(8080);
     * }</pre>
     *
     * @since 0.1
     */
    ServerSocketFactory serverSocketFactory();

    // ---- running code --------------------------------------------------------------------

    /**
     * Runs {@code task} on this namespace's own platform thread and returns its result: for code
     * that must itself run inside (reading {@code /proc/sys/net}, opening a kind of socket the
     * socket methods do not cover). For sockets, prefer {@link #openSocketChannel()} and the other
     * socket methods. A socket the task opens stays in this namespace; a plain
     * {@code new Socket()} creates its descriptor later, wherever the thread that connects it is.
     * Threads the task starts begin inside this namespace too, and keep it alive: do not start
     * threads (or thread pools) here.
     *
     * @throws NetnsException wrapping a checked exception the task threw; unchecked ones pass through
     */
    <T> T call(Callable<T> task);

    /** Like {@link #call} for code with no result. */
    void run(ThrowingRunnable task);

    /**
     * Runs a program inside this namespace to completion: the SDK's one way to run a program and
     * collect its output. Its standard output and error are collected whole (through files, so a
     * chatty program cannot block on a full pipe); past the request's timeout it is killed with
     * its descendants. No JVM thread enters the namespace for it.
     *
     * <pre>{@code
     * ExecResult r = red.exec(ExecRequest.builder("curl", "-s", "http://192.168.15.2/")
     *         .timeout(Duration.ofSeconds(5)).build());
     * }</pre>
     *
     * @return the exit status and output; a non-zero status or a timeout is a result, not an exception
     * @throws NetnsException if the program cannot be started, or the calling thread is interrupted
     *     (the program is killed then)
     * @throws ToolNotFoundException if {@code nsenter} is missing
     * @since 0.1
     */
    ExecResult exec(ExecRequest request);

    /**
     * {@link #exec(ExecRequest)} with the defaults (no input, the JVM's environment, 60 s). The
     * arguments are passed as they are: there is no shell.
     *
     * @param command the program and its arguments
     */
    default ExecResult exec(String... command) {
        return exec(ExecRequest.of(command));
    }

    /** {@link #exec(ExecRequest)} with a timeout. */
    default ExecResult exec(List<String> command, Duration timeout) {
        return exec(ExecRequest.builder(command).timeout(timeout).build());
    }

    /**
     * Starts a program inside this namespace: the builder's command, directory, environment and
     * redirects are used as they are. The caller owns the returned process.
     */
    Process start(ProcessBuilder builder);

    /**
     * Sends one ICMP echo request from this namespace and waits for its reply, in-process (no
     * {@code ping} binary).
     */
    PingResult ping(InetAddress target, Duration timeout);

    /** {@link #ping(InetAddress, Duration)} with an address literal and a 1 s timeout. */
    default PingResult ping(String target) {
        return ping(IpPrefix.parseAddress(target), Duration.ofSeconds(1));
    }

    // ---- NAT -----------------------------------------------------------------------------

    /**
     * This namespace's packet filter: NAT and filter rules, through the stack's packet-filter
     * backend ({@code netns-nftables} or {@code netns-iptables} on the class path).
     *
     * @throws BackendNotFoundException if no usable packet-filter backend is on the class path
     * @since 0.1
     */
    PacketFilter packetFilter();

    /**
     * This namespace's NAT table: {@code packetFilter().nat()}.
     *
     * @throws BackendNotFoundException if no usable packet-filter backend is on the class path
     */
    default NatTable nat() {
        return packetFilter().nat();
    }

    // ---- lifecycle -----------------------------------------------------------------------

    /**
     * Deletes the namespace's name ({@code ip netns del}) and closes this handle. For an anonymous
     * namespace this is {@link #close()}.
     *
     * @throws InvalidInputException on the JVM's own namespace
     */
    void delete();

    /**
     * Releases the handle: its netlink socket, its thread, its descriptor. If this handle created
     * the namespace, deletes it too. Idempotent.
     */
    @Override
    void close();

    /**
     * Releases the handle like {@link #close()} but never deletes: a named namespace stays under
     * {@code /run/netns} for other tools ({@code ip netns exec}); an anonymous one vanishes. A named
     * namespace this JVM made also stops being this JVM's, so
     * {@link NetworkStack#removeAbandonedNamespaces()} never removes it after the JVM has ended.
     *
     * @throws KernelException if that mark of ownership could not be removed; the handle stays
     *     open then (close or delete it, or call this again)
     */
    void release();

    /** @return whether {@link #close()} has been called */
    boolean isClosed();

    /** A task for {@link #run}: may throw. */
    @FunctionalInterface
    interface ThrowingRunnable {
        /** Runs the task. */
        void run() throws Exception;
    }
}
