package dev.netns.netlink.internal;

import static dev.netns.netlink.internal.wire.RtnlGroups.*;

import com.sun.jna.LastErrorException;
import dev.netns.ChangeSubscription;
import dev.netns.LinkAddress;
import dev.netns.LinkInfo;
import dev.netns.Neighbour;
import dev.netns.NetnsException;
import dev.netns.NetworkChange;
import dev.netns.NetworkChange.Topic;
import dev.netns.NetworkChange.Type;
import dev.netns.Route;
import dev.netns.Rule;
import dev.netns.WatchOptions;
import dev.netns.netlink.internal.libc.Errno;
import dev.netns.netlink.internal.libc.LibC;
import dev.netns.netlink.internal.wire.NlMessage;
import dev.netns.netlink.internal.wire.RtnlEvent;
import dev.netns.netlink.internal.wire.RtnlEvents;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One watch of a namespace's rtnetlink notifications: a NETLINK_ROUTE socket opened inside the
 * namespace (on the anchor, switched in and straight back) that joined the groups of the watched
 * topics, and a reader thread started from the anchor, so outside every namespace. The reader polls
 * with a short timeout so that closing needs no signal; it closes the socket itself when it ends.
 */
final class ChangeWatch implements ChangeSubscription {
    private static final int POLL_MS = 100;
    private static final long JOIN_MS = 1000;

    private final NetlinkNamespace ns;
    private final Set<Topic> topics;
    private final int receiveBuffer;
    private final Consumer<NetworkChange> listener;
    private final int fd;
    private final Map<Integer, String> names = new ConcurrentHashMap<>();
    private final AtomicInteger resyncs = new AtomicInteger();
    private volatile boolean closed;
    private volatile Thread thread;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.nativeOrder());

    private ChangeWatch(NetlinkNamespace ns, WatchOptions options, Consumer<NetworkChange> listener, int fd) {
        this.ns = ns;
        this.topics = options.topics();
        this.receiveBuffer = options.receiveBufferBytes();
        this.listener = listener;
        this.fd = fd;
    }

    static ChangeWatch start(NetlinkNamespace ns, Anchor anchor, WatchOptions options, Consumer<NetworkChange> listener) {
        int groups = groups(options.topics());
        int fd = anchor.callIn(ns.fd(), "open a notification socket " + ns.where(),
                () -> open(groups, options.receiveBufferBytes(), ns.where()));
        ChangeWatch w = new ChangeWatch(ns, options, listener, fd);
        try {
            for (LinkInfo l : ns.links()) {
                w.names.put(l.index(), l.name());
            }
            w.thread = anchor.startThread(w::loop, "netns-watch " + ns.label());
        } catch (RuntimeException e) {
            w.closed = true;
            NetlinkSocket.closeQuietly(fd);
            throw e;
        }
        return w;
    }

    static int groups(Set<Topic> topics) {
        int g = 0;
        for (Topic t : topics) {
            g |= switch (t) {
                case LINKS -> groupBit(RTNLGRP_LINK);
                case ADDRESSES -> groupBit(RTNLGRP_IPV4_IFADDR) | groupBit(RTNLGRP_IPV6_IFADDR);
                case ROUTES -> groupBit(RTNLGRP_IPV4_ROUTE) | groupBit(RTNLGRP_IPV6_ROUTE);
                case NEIGHBOURS -> groupBit(RTNLGRP_NEIGH);
                case RULES -> groupBit(RTNLGRP_IPV4_RULE) | groupBit(RTNLGRP_IPV6_RULE);
            };
        }
        return g;
    }

    /** Runs inside the namespace, on the anchor. */
    private static int open(int groups, int receiveBuffer, String where) {
        int fd;
        try {
            fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_ROUTE);
        } catch (LastErrorException e) {
            throw Errors.of("open a notification socket " + where, e);
        }
        try {
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, new int[] {receiveBuffer}, 4);
            ByteBuffer addr = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder());
            addr.putShort((short) LibC.AF_NETLINK).putShort((short) 0).putInt(0).putInt(groups);
            LibC.bind(fd, addr.array(), 12);
        } catch (LastErrorException e) {
            NetlinkSocket.closeQuietly(fd);
            throw Errors.of("join the notification groups " + where, e);
        }
        return fd;
    }

    private void loop() {
        try {
            int[] pfd = LibC.pollfd(fd, LibC.POLLIN);
            while (!closed) {
                int ready;
                try {
                    ready = LibC.poll(pfd, 1, POLL_MS);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == Errno.EINTR) {
                        continue;
                    }
                    throw e;
                }
                if (ready <= 0 || closed) {
                    continue;
                }
                ByteBuffer datagram;
                try {
                    datagram = receive();
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == Errno.ENOBUFS) {
                        resyncQuietly();
                        continue;
                    }
                    if (e.getErrorCode() == Errno.EAGAIN || e.getErrorCode() == Errno.EINTR) {
                        continue;
                    }
                    throw e;
                }
                for (NlMessage m : NlMessage.parseAll(datagram)) {
                    Optional<RtnlEvent> event;
                    try {
                        event = RtnlEvents.decode(m);
                    } catch (RuntimeException malformed) {
                        continue; // one bad message must not end the watch
                    }
                    if (event.isPresent() && !closed) {
                        NetworkChange c;
                        try {
                            c = convert(event.get());
                        } catch (RuntimeException unmodelled) {
                            continue; // an object the API cannot hold must not end the watch
                        }
                        if (c != null) {
                            deliver(c);
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            if (!closed && !ns.isClosed()) {
                // Nobody to throw to on this thread: the JDK's platform logger says why the watch ended.
                System.getLogger(ChangeWatch.class.getName()).log(System.Logger.Level.WARNING,
                        "the watch of " + ns.label() + " ended: " + e, e);
            }
        } finally {
            closed = true;
            NetlinkSocket.closeQuietly(fd);
        }
    }

    private ByteBuffer receive() {
        long size = LibC.recv(fd, buffer, buffer.capacity(), LibC.MSG_PEEK | LibC.MSG_TRUNC | LibC.MSG_DONTWAIT);
        if (size > buffer.capacity()) {
            buffer = ByteBuffer.allocateDirect((int) size).order(ByteOrder.nativeOrder());
        }
        long n = LibC.recv(fd, buffer, buffer.capacity(), LibC.MSG_DONTWAIT);
        buffer.clear();
        buffer.limit((int) n);
        return buffer;
    }

    private void deliver(NetworkChange c) {
        try {
            listener.accept(c);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable e) {
            // A listener's failure is its own (an AssertionError in a test, most often): the
            // watch goes on with the next change.
        }
    }

    /**
     * {@link #resync()}, going on if the re-read fails (an interrupted dump, say): the next
     * overflow or change tries again, and the watch is worth more than one snapshot.
     */
    private void resyncQuietly() {
        try {
            resync();
        } catch (RuntimeException e) {
            if (!closed && !ns.isClosed()) {
                System.getLogger(ChangeWatch.class.getName()).log(System.Logger.Level.WARNING,
                        "the watch of " + ns.label() + " could not re-read the state after an overflow: " + e, e);
            }
        }
    }

    /**
     * The kernel dropped notifications: read the watched state again and hand it over.
     *
     * <p>The socket is emptied first. The kernel reports an overflow once and then drops silently
     * until the receive queue has been drained ({@code NETLINK_S_CONGESTED} in af_netlink.c), and it
     * returns the error before the queued messages. Re-reading with the old messages still queued
     * would let every change made after the re-read vanish without a second ENOBUFS. The messages
     * thrown away are older than the re-read, which shows their result.
     */
    private void resync() {
        resyncs.incrementAndGet();
        drain();
        RtnlTables t = ns.tables();
        List<LinkInfo> links = ns.links();
        for (LinkInfo l : links) {
            names.put(l.index(), l.name());
        }
        NetworkChange c = NetworkChange.resync("ENOBUFS: the kernel dropped notifications (receive buffer full)",
                topics.contains(Topic.LINKS) ? links : List.of(),
                topics.contains(Topic.ADDRESSES) ? ns.addresses() : List.<LinkAddress>of(),
                topics.contains(Topic.ROUTES) ? t.routes(0) : List.<Route>of(),
                topics.contains(Topic.NEIGHBOURS) ? t.neighbours(0) : List.<Neighbour>of(),
                topics.contains(Topic.RULES) ? t.rules() : List.<Rule>of());
        deliver(c);
    }

    /**
     * Reads and drops what is queued: at most about one full receive buffer (the kernel doubles
     * the size asked for), which is all a congested socket can hold. What arrives after that is
     * newer than the drain and would only keep a busy namespace's watch from ever re-reading.
     */
    private void drain() {
        long limit = 2L * receiveBuffer + buffer.capacity();
        long read = 0;
        while (!closed && read < limit) {
            try {
                read += Math.max(1, LibC.recv(fd, buffer, buffer.capacity(), LibC.MSG_TRUNC | LibC.MSG_DONTWAIT));
                buffer.clear();
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EAGAIN) {
                    return;
                }
                if (e.getErrorCode() != Errno.ENOBUFS && e.getErrorCode() != Errno.EINTR) {
                    throw e;
                }
            }
        }
    }

    private String name(int index) {
        String n = names.get(index);
        if (n == null) {
            LinkInfo l = ns.getLink(index, null);
            n = l != null ? l.name() : "if" + index;
            if (l != null) {
                names.put(index, n);
            }
        }
        return n;
    }

    private NetworkChange convert(RtnlEvent e) {
        if (e instanceof RtnlEvent.LinkEvent le) {
            LinkInfo l = le.link().link();
            if (l.name() != null) {
                names.put(l.index(), l.name());
            }
            LinkInfo withType = l.toBuilder().type(Conversions.linkType(le.link().kindSpec(), this::name)).build();
            return NetworkChange.link(le.kind().isDeletion() ? Type.LINK_DELETED : Type.LINK_CHANGED, withType);
        } else if (e instanceof RtnlEvent.AddressEvent ae) {
            return NetworkChange.address(ae.kind().isDeletion() ? Type.ADDRESS_DELETED : Type.ADDRESS_ADDED, ae.address());
        } else if (e instanceof RtnlEvent.RouteEvent re) {
            return NetworkChange.route(re.kind().isDeletion() ? Type.ROUTE_DELETED : Type.ROUTE_ADDED,
                    Conversions.route(re.route(), this::name));
        } else if (e instanceof RtnlEvent.NeighbourEvent ne) {
            Neighbour n = Conversions.neighbour(ne.neighbour(), this::name);
            return n == null ? null
                    : NetworkChange.neighbour(ne.kind().isDeletion() ? Type.NEIGHBOUR_DELETED : Type.NEIGHBOUR_CHANGED, n);
        } else if (e instanceof RtnlEvent.RuleEvent ru) {
            return NetworkChange.rule(ru.kind().isDeletion() ? Type.RULE_DELETED : Type.RULE_ADDED,
                    Conversions.rule(ru.rule()));
        }
        return null;
    }

    @Override
    public void close() {
        closed = true;
        try {
            Thread t = thread;
            if (t != null && t != Thread.currentThread()) {
                try {
                    t.join(JOIN_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (t.isAlive()) {
                    throw new NetnsException("the watch of " + ns.label() + " is closed, but its listener has not "
                            + "returned within " + JOIN_MS + " ms; its socket closes when it does");
                }
            }
        } finally {
            ns.forgetWatch(this);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public int resyncs() {
        return resyncs.get();
    }

    @Override
    public String toString() {
        return "ChangeSubscription[" + ns.label() + ", " + topics + (closed ? ", closed" : "") + "]";
    }
}
