package dev.netns;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

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
     */
    VethPair createVeth(String name, String peerName);

    /**
     * Creates a veth pair whose end {@code name} is born in this namespace and whose end
     * {@code peerName} is born in {@code peerNamespace}; nothing touches any other namespace.
     * Both ends are down.
     */
    VethPair createVeth(String name, String peerName, NetNamespace peerNamespace);

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

    // ---- sysctls -------------------------------------------------------------------------

    /**
     * Reads a sysctl of this namespace, for example {@code net.ipv4.ip_forward} or
     * {@code net.ipv4.conf.veth0.forwarding}. Keys start with {@code net.}; an interface name that
     * contains dots is written with '/' separators instead ({@code net/ipv4/conf/eth0.5/forwarding}).
     *
     * @return the value, without the trailing newline
     * @throws NotFoundException if the key does not exist
     */
    String sysctl(String key);

    /** Writes a sysctl of this namespace ({@code ip netns exec NS sysctl -w KEY=VALUE}). */
    void setSysctl(String key, String value);

    // ---- running code --------------------------------------------------------------------

    /**
     * Runs {@code task} on this namespace's own platform thread and returns its result. A socket
     * the task opens stays in this namespace. Use the socket forms that create their descriptor at
     * once ({@code ServerSocketChannel.open()}, {@code new ServerSocket(port, backlog, addr)},
     * {@code SocketChannel.open()}): a plain {@code new Socket()} creates it later, wherever the
     * thread that connects it is. Threads the task starts begin inside this namespace too.
     *
     * @throws NetnsException wrapping a checked exception the task threw; unchecked ones pass through
     */
    <T> T call(Callable<T> task);

    /** Like {@link #call} for code with no result. */
    void run(ThrowingRunnable task);

    /**
     * Runs a program inside this namespace and waits for it (default timeout: 60 s). The
     * arguments are passed as they are: there is no shell.
     *
     * @param command the program and its arguments
     */
    ExecResult exec(String... command);

    /** Runs a program inside this namespace and waits at most {@code timeout}, then kills it. */
    ExecResult exec(List<String> command, Duration timeout);

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
     * {@code /run/netns} for other tools ({@code ip netns exec}); an anonymous one vanishes.
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
