package dev.netns.netlink.internal;

import com.sun.jna.LastErrorException;
import dev.netns.BackendNotFoundException;
import dev.netns.Bridge;
import dev.netns.ChangeSubscription;
import dev.netns.LinkType;
import dev.netns.Neighbour;
import dev.netns.NetworkChange;
import dev.netns.RouteLookup;
import dev.netns.RouteQuery;
import dev.netns.RouteType;
import dev.netns.Rule;
import dev.netns.WatchOptions;
import dev.netns.ExecRequest;
import dev.netns.ExecResult;
import dev.netns.ImpairmentHandle;
import dev.netns.InvalidInputException;
import dev.netns.KernelException;
import dev.netns.Link;
import dev.netns.LinkAddress;
import dev.netns.LinkInfo;
import dev.netns.NamespaceClosedException;
import dev.netns.NamespaceId;
import dev.netns.PacketFilter;
import dev.netns.NetNamespace;
import dev.netns.NetnsEvent.Kind;
import dev.netns.NetnsException;
import dev.netns.NotFoundException;
import dev.netns.PingResult;
import dev.netns.Route;
import dev.netns.internal.Listeners;
import dev.netns.internal.Validation;
import dev.netns.netlink.internal.libc.Errno;
import dev.netns.netlink.internal.libc.LibC;
import dev.netns.netlink.internal.wire.AddressMessages;
import dev.netns.netlink.internal.wire.LinkDetails;
import dev.netns.netlink.internal.wire.LinkMessages;
import dev.netns.netlink.internal.wire.NlMessage;
import dev.netns.netlink.internal.wire.RouteMessages;
import dev.netns.netlink.internal.wire.RtNetlink;
import dev.netns.spi.PacketFilterProvider;
import dev.netns.VethPair;
import dev.netns.VethRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A namespace handle of the netlink backend: its descriptor, its own rtnetlink socket (opened
 * inside it), and a worker thread started on first need.
 */
final class NetlinkNamespace implements NetNamespace {

    private final NetlinkStack stack;
    private final int fd;
    private final String name;
    private final boolean owned;
    private final boolean initial;
    private final NamespaceId id;
    private final Path fdPath;
    private final RtnlConnection rtnl;
    private final Object lazyLock = new Object();
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    /** The sysctls read or written through this handle, kept open; closed with it. */
    private final SysctlFiles sysctlFiles = new SysctlFiles();
    private volatile NamespaceWorker worker;
    private volatile Pinger pinger;
    private volatile PacketFilter packetFilter;
    /** The backend {@link #packetFilter} came from, told when this handle closes. */
    private volatile PacketFilterProvider packetFilterProvider;
    private final NamespaceSockets sockets;
    private final RtnlTables tables = new RtnlTables(this);
    private final Set<ChangeWatch> watches = ConcurrentHashMap.newKeySet();
    /** Userspace impairments of this namespace's links: their queue sockets would keep it alive after close. */
    private final Set<ImpairmentHandle> emulations = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private NetlinkNamespace(NetlinkStack stack, int fd, NamespaceId id, String name, boolean owned, boolean initial,
            NetlinkSocket socket) {
        this.stack = stack;
        this.fd = fd;
        this.name = name;
        this.owned = owned;
        this.initial = initial;
        this.fdPath = fdPath(fd);
        this.id = id != null ? id : identify(fd);
        this.rtnl = new RtnlConnection(socket, this::where, stack != null ? stack.activity() : null);
        this.sockets = new NamespaceSockets(this::inside, where());
    }

    static NetlinkNamespace adopt(NetlinkStack stack, int fd, String name, boolean owned, boolean initial, NetlinkSocket socket) {
        return adopt(stack, fd, null, name, owned, initial, socket);
    }

    /** @param id the namespace's identity if known already (a spare's), else null */
    static NetlinkNamespace adopt(NetlinkStack stack, int fd, NamespaceId id, String name, boolean owned, boolean initial,
            NetlinkSocket socket) {
        try {
            return new NetlinkNamespace(stack, fd, id, name, owned, initial, socket);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static Path fdPath(int fd) {
        return Path.of(FD_DIR + fd);
    }

    /**
     * nsfs's device number, -1 until the first {@link #identify}: every namespace file is on that
     * one internal file system, so only the inode differs from one namespace to the next.
     */
    private static volatile long nsfsDevice = -1;
    private static final String FD_DIR = "/proc/" + ProcessHandle.current().pid() + "/fd/";

    /**
     * The identity of the network namespace that descriptor {@code fd} of this process refers to
     * (a descriptor of another namespace type, or of a file, would give nsfs's device a wrong
     * value: every caller has one of a network namespace, checked or just made).
     */
    static NamespaceId identify(int fd) {
        // The descriptor's link reads "net:[INODE]": one readlink, where a stat through the JDK's
        // file attribute views costs several times the CPU (measured on every spare the pool makes).
        long device = nsfsDevice;
        long inode = device >= 0 ? linkedInode(fd) : -1;
        if (inode >= 0) {
            return new NamespaceId(device, inode);
        }
        NamespaceId id = stat(fd);
        nsfsDevice = id.device();
        return id;
    }

    /** The inode in the "net:[INODE]" that descriptor {@code fd}'s /proc link reads, -1 if it reads otherwise. */
    static long linkedInode(int fd) {
        byte[] b = new byte[64];
        long n;
        try {
            n = LibC.readlink(FD_DIR + fd, b, b.length);
        } catch (LastErrorException e) {
            return -1;
        }
        return parseLinkedInode(b, (int) Math.min(n, b.length));
    }

    /** "net:[4026531840]" to 4026531840; -1 for anything else (another namespace type, a file, a truncated link). */
    static long parseLinkedInode(byte[] b, int n) {
        final String prefix = "net:[";
        if (n < prefix.length() + 2 || b[n - 1] != ']') {
            return -1;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[i] != prefix.charAt(i)) {
                return -1;
            }
        }
        long v = 0;
        for (int i = prefix.length(); i < n - 1; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9 || v > (Long.MAX_VALUE - d) / 10) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static NamespaceId stat(int fd) {
        Path p = fdPath(fd);
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:dev,ino");
            return new NamespaceId(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue());
        } catch (IOException | UnsupportedOperationException e) {
            throw new NetnsException("cannot identify namespace " + p + ": " + e.getMessage(), e);
        }
    }

    /** "in namespace red", for error messages. */
    String where() {
        if (initial) {
            return "in the JVM's initial namespace";
        }
        return name != null ? "in namespace " + name : "in anonymous namespace " + id;
    }

    String label() {
        return initial ? "initial" : name != null ? name : id.toString();
    }

    RtnlConnection rtnl() {
        return rtnl;
    }

    int fd() {
        return fd;
    }

    @Override
    public NetlinkStack stack() {
        return stack;
    }

    Listeners listeners() {
        return stack.listeners();
    }

    @Override
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    @Override
    public NamespaceId id() {
        return id;
    }

    @Override
    public boolean isInitial() {
        return initial;
    }

    @Override
    public Path path() {
        return name != null ? NamedNamespaces.path(name) : fdPath;
    }

    // ---- links ---------------------------------------------------------------------------

    @Override
    public VethPair createVeth(String name, String peerName) {
        return createVeth(name, peerName, this);
    }

    @Override
    public VethPair createVeth(String vethName, String peerName, NetNamespace peerNamespace) {
        Validation.notNull("veth peer namespace", peerNamespace);
        return createVeth(VethRequest.builder(vethName, peerName).peerNamespace(peerNamespace).build());
    }

    @Override
    public VethPair createVeth(VethRequest request) {
        Validation.notNull("veth request", request);
        String vethName = request.name();
        String peerName = request.peerName();
        NetlinkNamespace peerNs = request.peerNamespace().isPresent()
                ? sameStack(request.peerNamespace().get(), "veth peer namespace") : this;
        if (peerNs.equals(this) && vethName.equals(peerName)) {
            throw new InvalidInputException("veth ends must have different names in one namespace, both are \"" + vethName + "\"");
        }
        NetlinkBridge master = null;
        if (request.master().isPresent()) {
            Bridge bridge = request.master().get();
            if (!(bridge instanceof NetlinkBridge b) || !b.ns.equals(this)) {
                throw new InvalidInputException("cannot create " + request + " " + where() + ": the bridge must be in this namespace"
                        + " (the kernel attaches only the first end in the creating request), and "
                        + (bridge instanceof NetlinkLink nl ? nl.label() : String.valueOf(bridge)) + " is not");
            }
            master = b;
        }
        checkOpen();
        peerNs.checkOpen();
        Listeners l = listeners();
        boolean on = l.active();
        long start = on ? System.nanoTime() : 0;
        try {
            VethPair pair = newVeth(vethName, peerName, peerNs, master != null ? master.index : 0, request.up());
            if (on) {
                l.emit(Kind.LINK_CREATED, label(), vethSubject(request, peerNs, master), start);
            }
            return pair;
        } catch (RuntimeException e) {
            if (on) {
                l.failed(label(), vethSubject(request, peerNs, master), start, e);
            }
            throw e;
        }
    }

    /** {@link #vethSubject(String, String, NetlinkNamespace)}, then ", up" and ", master BR" when asked (the bridge's name as last known: no look-up). */
    private String vethSubject(VethRequest request, NetlinkNamespace peerNs, NetlinkBridge master) {
        return vethSubject(request.name(), request.peerName(), peerNs) + (request.up() ? ", up" : "")
                + (master != null ? ", master " + master.lastName() : "");
    }

    private static boolean isBridge(LinkInfo info) {
        return info != null && "bridge".equals(info.kind());
    }

    /** "veth-red/veth-blue", with " (peer in blue)" when the peer is born elsewhere. */
    private String vethSubject(String vethName, String peerName, NetlinkNamespace peerNs) {
        return vethName + "/" + peerName + (peerNs.equals(this) ? "" : " (peer in " + peerNs.label() + ")");
    }

    private VethPair newVeth(String vethName, String peerName, NetlinkNamespace peerNs, int masterIndex, boolean up) {
        String op = "create veth pair " + vethName + "/" + peerName
                + (peerNs.equals(this) ? "" : " (peer " + peerNs.where() + ")");
        // With NLM_F_ECHO (Linux 6.3+) the reply carries the first end, whose IFLA_LINK is the
        // peer's index in its own namespace: no look-up round trips. Older kernels send no echo.
        List<NlMessage> echo;
        try {
            echo = rtnl.request(
                    LinkMessages.newVeth(vethName, -1, peerName, peerNs.equals(this) ? -1 : peerNs.fd, true, masterIndex, up), op);
        } catch (KernelException e) {
            // The kernel answers EINVAL, not ENODEV, for a master index it does not know; the
            // kernel has removed both ends already. Said plainly, on the failure path only.
            if (masterIndex > 0 && !(e instanceof NotFoundException) && !isBridge(getLink(masterIndex, null))) {
                NotFoundException gone = new NotFoundException(op + " " + where(), e.errno(), e.errnoName(),
                        e.kernelMessage().orElse(null), "its bridge (index " + masterIndex + ") is no longer there");
                gone.initCause(e);
                throw gone;
            }
            throw e;
        }
        Link local = null;
        try {
            LinkInfo created = echoed(echo, vethName);
            local = created != null ? handle(created) : lookup(vethName, op);
            // No IFLA_LINK when both ends have the same index (possible across namespaces): look it up.
            Link peer = created != null && created.linkIndex() > 0
                    ? new NetlinkLink(peerNs, created.linkIndex(), peerName)
                    : peerNs.lookup(peerName, op);
            if (up) {
                // The kernel cannot set the peer up in the creating request (see LinkMessages.newVeth).
                peerNs.rtnl().request(LinkMessages.setUp(peer.index(), true), op + ": set " + peerName + " up");
            }
            return new VethPair(local, peer);
        } catch (RuntimeException e) {
            // Undo: deleting one end deletes both (by index once known: the name may be taken again).
            try {
                if (local != null) {
                    local.delete();
                } else {
                    findLink(vethName).ifPresent(Link::delete);
                }
            } catch (NotFoundException gone) {
                // deleted already
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public Bridge createBridge(String bridgeName) {
        Validation.interfaceName(bridgeName);
        checkOpen();
        Listeners l = listeners();
        boolean on = l.active();
        long start = on ? System.nanoTime() : 0;
        try {
            Bridge bridge = newBridge(bridgeName);
            if (on) {
                l.emit(Kind.LINK_CREATED, label(), "bridge " + bridgeName, start);
            }
            return bridge;
        } catch (RuntimeException e) {
            if (on) {
                l.failed(label(), "bridge " + bridgeName, start, e);
            }
            throw e;
        }
    }

    private Bridge newBridge(String bridgeName) {
        String op = "create bridge " + bridgeName;
        List<NlMessage> echo = rtnl.request(LinkMessages.newLink(bridgeName, "bridge", true), op);
        try {
            LinkInfo created = echoed(echo, bridgeName);
            return new NetlinkBridge(this, created != null ? created.index() : lookup(bridgeName, op).index(), bridgeName);
        } catch (RuntimeException e) {
            try {
                findLink(bridgeName).ifPresent(Link::delete);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The RTM_NEWLINK of {@code linkName} among the messages a request with NLM_F_ECHO got, or null. */
    private static LinkInfo echoed(List<NlMessage> replies, String linkName) {
        for (NlMessage m : replies) {
            if (m.type() == RtNetlink.RTM_NEWLINK) {
                LinkInfo info = LinkMessages.decode(m);
                if (linkName.equals(info.name()) && info.index() > 0) {
                    return info;
                }
            }
        }
        return null;
    }

    private Link lookup(String linkName, String op) {
        return findLink(linkName).orElseThrow(() -> new NotFoundException(op, Errno.ENODEV, "ENODEV", null,
                "The kernel acknowledged it but " + linkName + " is not " + where()));
    }

    @Override
    public Link link(String linkName) {
        return findLink(linkName).orElseThrow(() -> new NotFoundException("find link " + linkName + " " + where(),
                Errno.ENODEV, "ENODEV", null, "There is no link called " + linkName));
    }

    @Override
    public Optional<Link> findLink(String linkName) {
        Validation.interfaceName(linkName);
        return Optional.ofNullable(getLink(0, linkName)).map(this::handle);
    }

    @Override
    public Link link(int index) {
        if (index <= 0) {
            throw new InvalidInputException("interface index " + index + " must be positive");
        }
        LinkInfo info = getLink(index, null);
        if (info == null) {
            throw new NotFoundException("find link with index " + index + " " + where(), Errno.ENODEV, "ENODEV", null,
                    "There is no link with that index");
        }
        return handle(info);
    }

    @Override
    public Bridge bridge(String bridgeName) {
        Link l = link(bridgeName);
        if (l instanceof Bridge b) {
            return b;
        }
        throw new InvalidInputException("link " + bridgeName + " " + where() + " is a " + l.info().kind() + ", not a bridge");
    }

    private Link handle(LinkInfo info) {
        return "bridge".equals(info.kind()) ? new NetlinkBridge(this, info.index(), info.name())
                : new NetlinkLink(this, info.index(), info.name());
    }

    /** One link by index or name, or null if there is none. */
    LinkInfo getLink(int index, String linkName) {
        NlMessage m = getLinkMessage(index, linkName, "get link " + (linkName != null ? linkName : "with index " + index));
        return m == null ? null : LinkCreation.decode(m, this::plainName);
    }

    /** The kernel's RTM_NEWLINK for the link, undecoded; null if there is no such link. */
    NlMessage getLinkMessage(int index, String linkName, String op) {
        try {
            List<NlMessage> r = rtnl.request(LinkMessages.get(index, linkName), op);
            return r.isEmpty() ? null : r.get(0);
        } catch (NotFoundException e) {
            return null;
        }
    }

    /** The name of link {@code index} without its kind data (for naming a lower device), "ifN" if gone. */
    private String plainName(int index) {
        NlMessage m = getLinkMessage(index, null, "get link with index " + index);
        return m == null ? "if" + index : LinkMessages.decodeName(m).name();
    }

    @Override
    public List<LinkInfo> links() {
        List<NlMessage> dump = rtnl.dump(LinkMessages::dump, "list links");
        // Each message is decoded once; the names of all are needed before a lower link's type.
        Map<Integer, String> names = new HashMap<>();
        List<LinkDetails> details = new ArrayList<>(dump.size());
        for (NlMessage m : dump) {
            LinkDetails d = LinkCreation.details(m);
            LinkInfo plain = d != null ? d.link() : LinkMessages.decode(m);
            details.add(d);
            names.put(plain.index(), plain.name());
        }
        List<LinkInfo> out = new ArrayList<>(dump.size());
        for (int i = 0; i < dump.size(); i++) {
            out.add(LinkCreation.decode(dump.get(i), details.get(i), x -> names.getOrDefault(x, "if" + x)));
        }
        return out;
    }

    @Override
    public List<LinkAddress> addresses() {
        List<LinkAddress> out = new ArrayList<>();
        for (NlMessage m : rtnl.dump(AddressMessages::dump, "list addresses")) {
            out.add(AddressMessages.decode(m));
        }
        return out;
    }

    // ---- routes --------------------------------------------------------------------------

    @Override
    public void addRoute(Route route) {
        Validation.notNull("route", route);
        if (isTyped(route)) {
            checkOpen();
            typedRouteRequest(Kind.ROUTE_ADDED, route, true);
            return;
        }
        if (route.gateway() == null && route.device() == null) {
            throw new InvalidInputException("route " + route + " needs a gateway (via) or a device (dev)");
        }
        checkOpen();
        routeRequest(Kind.ROUTE_ADDED, route, true);
    }

    @Override
    public void deleteRoute(Route route) {
        Validation.notNull("route", route);
        checkOpen();
        if (isTyped(route)) {
            typedRouteRequest(Kind.ROUTE_DELETED, route, false);
            return;
        }
        routeRequest(Kind.ROUTE_DELETED, route, false);
    }

    /** A route of a special type or with next hops: the kernel's RTN_* types and RTA_MULTIPATH. */
    private static boolean isTyped(Route route) {
        return route.type() != RouteType.UNICAST || !route.nextHops().isEmpty();
    }

    private void typedRouteRequest(Kind kind, Route route, boolean add) {
        Listeners l = listeners();
        boolean on = l.active();
        long start = on ? System.nanoTime() : 0;
        try {
            tables.changeTypedRoute(route, add);
        } catch (RuntimeException e) {
            if (on) {
                l.failed(label(), route.toString(), start, e);
            }
            throw e;
        }
        if (on) {
            l.emit(kind, label(), route.toString(), start);
        }
    }

    private void routeRequest(Kind kind, Route route, boolean add) {
        Listeners l = listeners();
        boolean on = l.active();
        long start = on ? System.nanoTime() : 0;
        try {
            rtnl.request(add ? RouteMessages.add(route, oif(route)) : RouteMessages.delete(route, oif(route)),
                    (add ? "add route " : "delete route ") + route);
        } catch (RuntimeException e) {
            if (on) {
                l.failed(label(), route.toString(), start, e);
            }
            throw e;
        }
        if (on) {
            l.emit(kind, label(), route.toString(), start);
        }
    }

    private int oif(Route route) {
        return route.device() == null ? 0 : link(route.device()).index();
    }

    /**
     * Index to name of every link now; an index not there reads as "ifN". Reads only the names
     * of the dump: routes and neighbours name their devices with it on every listing.
     */
    IntFunction<String> linkNames() {
        Map<Integer, String> names = new HashMap<>();
        for (NlMessage m : rtnl.dump(LinkMessages::dump, "list links")) {
            LinkMessages.Name n = LinkMessages.decodeName(m);
            names.put(n.index(), n.name());
        }
        return i -> names.getOrDefault(i, "if" + i);
    }

    @Override
    public List<Route> routes() {
        IntFunction<String> names = linkNames();
        List<Route> out = new ArrayList<>();
        for (NlMessage m : RtnlTables.inetDump(rtnl, () -> RouteMessages.dump(0), RtNetlink.RTM_NEWROUTE, "list routes")) {
            out.addAll(RouteMessages.decodeMainAll(m, names));
        }
        return out;
    }

    // ---- link kinds ----------------------------------------------------------------------

    @Override
    public Link createLink(String linkName, LinkType type) {
        Validation.interfaceName(linkName);
        Validation.notNull("link type", type);
        checkOpen();
        Listeners l = listeners();
        boolean on = l.active();
        long start = on ? System.nanoTime() : 0;
        String subject = type.kind() + " " + linkName;
        try {
            Link made = new NetlinkLink(this, LinkCreation.create(this, linkName, type), linkName);
            if (on) {
                l.emit(Kind.LINK_CREATED, label(), subject, start);
            }
            return made;
        } catch (RuntimeException e) {
            if (on) {
                l.failed(label(), subject, start, e);
            }
            throw e;
        }
    }

    // ---- neighbours ----------------------------------------------------------------------

    @Override
    public List<Neighbour> neighbours() {
        checkOpen();
        return tables.neighbours(0);
    }

    @Override
    public List<Neighbour> neighbours(String device) {
        checkOpen();
        return tables.neighbours(tables.index(device, "list the neighbours of " + device));
    }

    @Override
    public void addNeighbour(Neighbour neighbour) {
        checkOpen();
        tables.changeNeighbour(neighbour, false);
    }

    @Override
    public void replaceNeighbour(Neighbour neighbour) {
        checkOpen();
        tables.changeNeighbour(neighbour, true);
    }

    @Override
    public void deleteNeighbour(String device, InetAddress address) {
        checkOpen();
        tables.deleteNeighbour(device, address);
    }

    @Override
    public int flushNeighbours(String device) {
        checkOpen();
        return tables.flushNeighbours(device);
    }

    // ---- policy routing ------------------------------------------------------------------

    @Override
    public void addRule(Rule rule) {
        checkOpen();
        tables.addRule(rule);
    }

    @Override
    public void deleteRule(Rule rule) {
        checkOpen();
        tables.deleteRule(rule);
    }

    @Override
    public List<Rule> rules() {
        checkOpen();
        return tables.rules();
    }

    @Override
    public List<Route> routes(long table) {
        if (table < 1 || table > 0xFFFF_FFFFL) {
            throw new InvalidInputException("routing table " + table + " is out of range 1..4294967295");
        }
        checkOpen();
        return tables.routes(table);
    }

    @Override
    public RouteLookup lookupRoute(RouteQuery query) {
        checkOpen();
        return tables.lookup(query);
    }

    RtnlTables tables() {
        return tables;
    }

    // ---- watching changes ----------------------------------------------------------------

    @Override
    public ChangeSubscription watch(WatchOptions options, Consumer<NetworkChange> listener) {
        Validation.notNull("watch options", options);
        Validation.notNull("listener", listener);
        checkOpen();
        ChangeWatch w = ChangeWatch.start(this, stack.anchor(), options, listener);
        watches.add(w);
        if (closed) { // closed while starting: releaseOnly may have missed it
            w.close();
            checkOpen();
        }
        return w;
    }

    void forgetWatch(ChangeWatch w) {
        watches.remove(w);
    }

    // ---- sysctls -------------------------------------------------------------------------

    @Override
    public String sysctl(String key) {
        String path = Sysctls.path(key);
        String operation = "read sysctl " + key + " " + where();
        if (!SysctlFiles.keepable(path)) {
            return inside(() -> Sysctls.readOnce(key, path, operation));
        }
        lifecycle.readLock().lock(); // close() must not close a descriptor while it is read
        try {
            checkOpen();
            return sysctlFiles.read(key, path, operation, this::openSysctl);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public void setSysctl(String key, String value) {
        String path = Sysctls.path(key);
        byte[] bytes = Sysctls.value(key, value);
        Listeners l = listeners();
        boolean on = l.active();
        long start = on ? System.nanoTime() : 0;
        String operation = "write sysctl " + key + "=" + value + " " + where();
        lifecycle.readLock().lock();
        try {
            checkOpen();
            if (SysctlFiles.keepable(path)) {
                sysctlFiles.write(key, path, bytes, operation, this::openSysctl);
            } else {
                inside(() -> {
                    Sysctls.writeOnce(bytes, key, path, operation);
                    return null;
                });
            }
        } catch (RuntimeException e) {
            if (on) {
                l.failed(label(), key + "=" + value, start, e);
            }
            throw e;
        } finally {
            lifecycle.readLock().unlock();
        }
        if (on) {
            l.emit(Kind.SYSCTL_SET, label(), key + "=" + value, start);
        }
    }

    /** Opens a setting on a thread inside this namespace, for {@link SysctlFiles}. */
    private int openSysctl(String key, String path, boolean write, String operation) {
        return inside(() -> Sysctls.open(key, path, write, operation));
    }

    // ---- running code --------------------------------------------------------------------

    @Override
    public <T> T call(Callable<T> task) {
        Validation.notNull("task", task);
        return onWorker(task);
    }

    @Override
    public void run(ThrowingRunnable task) {
        Validation.notNull("task", task);
        onWorker(() -> {
            task.run();
            return null;
        });
    }

    private <T> T onWorker(Callable<T> task) {
        checkOpen();
        try {
            return worker().call(task);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new NetnsException("task " + where() + " failed: " + e, e);
        }
    }

    /**
     * Runs a short job of the SDK's own inside this namespace (opening a socket, a sysctl file) on
     * the anchor, which enters, runs it and switches straight back: no thread is started for it and
     * none stays behind to be stopped when the namespace closes. User code ({@link #call}) runs on
     * the namespace's worker instead, whose switch is not bounded by the SDK. Not abandoned on an
     * interrupt (the job may hand back a resource); the interrupt is kept.
     */
    private <T> T inside(Callable<T> task) {
        // Held while the anchor is inside: close() must not free the descriptor (whose number
        // could be reused by another namespace) before the anchor has entered.
        lifecycle.readLock().lock();
        try {
            checkOpen();
            return stack.anchor().callIn(fd, "enter namespace " + label() + " (setns)", task);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private NamespaceWorker worker() {
        NamespaceWorker w = worker;
        if (w == null) {
            synchronized (lazyLock) {
                checkOpen();
                w = worker;
                if (w == null) {
                    w = new NamespaceWorker(stack.anchor(), fd, label());
                    worker = w;
                }
            }
        }
        return w;
    }

    // ---- sockets -------------------------------------------------------------------------

    @Override
    public SocketChannel openSocketChannel() {
        return sockets.socketChannel(null);
    }

    @Override
    public SocketChannel openSocketChannel(ProtocolFamily family) {
        Validation.notNull("protocol family", family);
        return sockets.socketChannel(family);
    }

    @Override
    public ServerSocketChannel openServerSocketChannel() {
        return sockets.serverSocketChannel(null);
    }

    @Override
    public ServerSocketChannel openServerSocketChannel(ProtocolFamily family) {
        Validation.notNull("protocol family", family);
        return sockets.serverSocketChannel(family);
    }

    @Override
    public DatagramChannel openDatagramChannel() {
        return sockets.datagramChannel(null);
    }

    @Override
    public DatagramChannel openDatagramChannel(ProtocolFamily family) {
        Validation.notNull("protocol family", family);
        return sockets.datagramChannel(family);
    }

    @Override
    public SocketFactory socketFactory() {
        return sockets.socketFactory();
    }

    @Override
    public ServerSocketFactory serverSocketFactory() {
        return sockets.serverSocketFactory();
    }

    // ---- processes -----------------------------------------------------------------------

    @Override
    public ExecResult exec(ExecRequest request) {
        Validation.notNull("exec request", request);
        ProcessLauncher.check(request.command());
        return ProcessLauncher.exec(request, this::start);
    }

    @Override
    public Process start(ProcessBuilder builder) {
        Validation.notNull("process builder", builder);
        ProcessLauncher.check(builder.command());
        // The child opens /proc/PID/fd/N only after it has started: close() must not free that
        // descriptor (whose number could be reused by another namespace) before the child is in.
        Listeners l = listeners();
        boolean on = l.active();
        long start = on ? System.nanoTime() : 0;
        Process p;
        lifecycle.readLock().lock();
        try {
            checkOpen();
            p = ProcessLauncher.start(stack.anchor(), builder, initial ? null : fdPath, initial ? null : id, where());
        } catch (RuntimeException e) {
            if (on) {
                l.failed(label(), String.join(" ", builder.command()), start, e);
            }
            throw e;
        } finally {
            lifecycle.readLock().unlock();
        }
        // After the lock: a listener that closes this namespace must not wait for itself.
        if (on) {
            l.emit(Kind.PROCESS_STARTED, label(), String.join(" ", builder.command()), start);
        }
        return p;
    }

    @Override
    public PingResult ping(InetAddress target, Duration timeout) {
        Validation.notNull("ping target", target);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new InvalidInputException("ping timeout must be positive, got " + timeout);
        }
        checkOpen();
        return pinger().ping(label(), target, timeout);
    }

    /**
     * The ICMP sockets, opened on first use on the worker. Not created under a lock: the worker may
     * be busy with a task that itself pings, which would then wait for this very lock.
     */
    private Pinger pinger() {
        Pinger p = pinger;
        if (p != null) {
            return p;
        }
        Pinger created = inside(() -> new Pinger(where()));
        synchronized (lazyLock) {
            if (!closed && pinger == null) {
                pinger = created;
                return created;
            }
        }
        created.close();
        checkOpen();
        return pinger;
    }

    // ---- packet filter -------------------------------------------------------------------

    @Override
    public PacketFilter packetFilter() {
        checkOpen();
        PacketFilter f = packetFilter;
        if (f != null) {
            return f;
        }
        // Opened outside the lock, like the pinger: a provider may call back into this namespace.
        PacketFilterProvider provider = stack.packetFilterProvider();
        PacketFilter opened = provider.open(this, owned || initial);
        synchronized (lazyLock) {
            if (packetFilter == null) {
                packetFilterProvider = provider;
                packetFilter = opened;
            }
            return packetFilter;
        }
    }

    /**
     * Tells the packet-filter backend, if this handle used it, that the handle is closing, so it
     * lets go of what it holds in the namespace (its netlink socket, which would otherwise keep
     * the namespace alive) and, when the namespace outlives the handle, keeps the rules in force.
     *
     * @return the backend's failure, or {@code null}; the handle closes either way
     */
    RuntimeException closePacketFilter(boolean keepRules) {
        PacketFilterProvider p = packetFilterProvider;
        if (p == null) {
            return null;
        }
        try {
            p.closing(this, keepRules);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    // ---- lifecycle -----------------------------------------------------------------------

    @Override
    public void delete() {
        if (initial) {
            throw new InvalidInputException("the JVM's own namespace cannot be deleted");
        }
        Listeners l = listeners();
        boolean on = l.active();
        long start = on ? System.nanoTime() : 0;
        boolean closedNow = closeHandle(false);
        if (name != null) {
            // Also after release() or close() of a handle that did not create it: delete means the name goes.
            removeName();
        }
        if (on && (closedNow || name != null)) {
            l.emit(Kind.NAMESPACE_DELETED, label(), name != null ? NamedNamespaces.path(name).toString() : "anonymous", start);
        }
    }

    @Override
    public void close() {
        Listeners l = listeners();
        boolean on = l.active();
        long start = on ? System.nanoTime() : 0;
        // A handle that did not create its namespace leaves it, and the rules in it, to others.
        if (!closeHandle(!owned)) {
            return;
        }
        if (owned && name != null) {
            removeName();
        }
        if (on) {
            // An owned anonymous namespace goes with its only handle: deleted too.
            l.emit(owned ? Kind.NAMESPACE_DELETED : Kind.NAMESPACE_CLOSED, label(),
                    name != null ? NamedNamespaces.path(name).toString() : owned ? "anonymous" : "handle closed", start);
        }
    }

    private void removeName() {
        try {
            NamedNamespaces.delete(name);
        } catch (NotFoundException alreadyGone) {
            // Someone ran `ip netns del` first: the name is gone, which is what was asked.
            // Throwing here would turn every try-with-resources around such a handle into a failure.
        }
    }

    @Override
    public void release() {
        Listeners l = listeners();
        boolean on = l.active();
        long start = on ? System.nanoTime() : 0;
        // A named namespace outlives the release, with its rules; an anonymous one vanishes.
        if (owned && name != null && !closed) {
            NamespaceOwners.disown(name); // released to outlive this JVM: no cleaner may take it
        }
        if (closeHandle(name != null) && on) {
            l.emit(Kind.NAMESPACE_CLOSED, label(), "handle released", start);
        }
    }

    /**
     * Ties a userspace impairment of one of this namespace's links to the namespace: closing the
     * namespace heals it, as the kernel would a qdisc.
     *
     * @return the handle to give out, which forgets itself here when closed
     */
    ImpairmentHandle tieEmulation(ImpairmentHandle h) {
        ImpairmentHandle tied = new ImpairmentHandle() {
            @Override
            public dev.netns.Impairment impairment() {
                return h.impairment();
            }

            @Override
            public String mechanism() {
                return h.mechanism();
            }

            @Override
            public void close() {
                emulations.remove(this);
                h.close();
            }

            @Override
            public String toString() {
                return h.toString();
            }
        };
        emulations.add(tied);
        return tied;
    }

    /**
     * @param keepRules whether the namespace outlives this handle, and its packet-filter rules with it
     * @return whether this call closed the handle (false if it was closed already, or is the initial namespace)
     */
    private boolean closeHandle(boolean keepRules) {
        if (initial) {
            return false; // the stack's initial-namespace handle lives as long as the stack
        }
        synchronized (lazyLock) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        stack.forget(this);
        for (ImpairmentHandle e : List.copyOf(emulations)) {
            try {
                e.close();
            } catch (RuntimeException ignored) {
                // its socket closes anyway, and the kernel drops the owned tables with it
            }
        }
        RuntimeException filterFailure = closePacketFilter(keepRules);
        try {
            releaseOnly();
        } finally {
            // The kernel now dismantles the namespace (holding RTNL) while the caller goes on with
            // its teardown: the pool's refill waits for a gap after this as after a request.
            stack.activity().touch();
        }
        if (filterFailure != null) {
            throw filterFailure;
        }
        return true;
    }

    /**
     * Releases the thread, sockets and descriptor without deleting the name.
     *
     * @throws NetnsException after releasing everything else, if the namespace's thread is still
     *     running a task that ignored the interrupt: it keeps the namespace alive until it ends
     */
    void releaseOnly() {
        lifecycle.writeLock().lock(); // waits for processes still entering the namespace
        try {
            closed = true;
        } finally {
            lifecycle.writeLock().unlock();
        }
        for (ChangeWatch watch : List.copyOf(watches)) {
            try {
                watch.close();
            } catch (RuntimeException stuck) {
                // Its listener is still running; the socket closes when it returns.
            }
        }
        NamespaceWorker w = worker;
        boolean workerEnded = w == null || w.stop();
        Pinger p = pinger;
        if (p != null) {
            p.close();
        }
        rtnl.close();
        sysctlFiles.close();
        NetlinkSocket.closeQuietly(fd);
        if (!workerEnded) {
            throw new NetnsException("namespace " + label() + " is closed, but its thread is still running a task "
                    + "after " + NamespaceWorker.STOP_TIMEOUT_NANOS / 1_000_000_000 + " s and an interrupt: "
                    + "the namespace lives on until that task returns");
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    void checkOpen() {
        if (closed) {
            throw new NamespaceClosedException("cannot " + ApiOperation.current() + ": namespace " + label()
                    + " is closed");
        }
    }

    NetlinkNamespace sameStack(NetNamespace other, String what) {
        Validation.notNull(what, other);
        if (!(other instanceof NetlinkNamespace n) || n.stack != stack) {
            throw new InvalidInputException(what + " " + other + " belongs to another network stack");
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetlinkNamespace n && n.id.equals(id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id);
    }

    @Override
    public String toString() {
        return "NetNamespace[" + label() + "]";
    }
}
