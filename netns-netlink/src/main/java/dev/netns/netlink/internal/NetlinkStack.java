package dev.netns.netlink.internal;

import dev.netns.internal.PacketFilterProviders;
import dev.netns.spi.PacketFilterProvider;

import com.sun.jna.LastErrorException;
import dev.netns.NamespaceClosedException;
import dev.netns.NetNamespace;
import dev.netns.NetnsEvent;
import dev.netns.NetnsEvent.Kind;
import dev.netns.NetnsListener;
import dev.netns.NetworkStack;
import dev.netns.internal.Listeners;
import dev.netns.internal.Validation;
import dev.netns.netlink.internal.libc.LibC;
import dev.netns.netlink.internal.SpareNamespaces.Spare;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.FutureTask;

/** The netlink backend's {@link NetworkStack}. */
final class NetlinkStack implements NetworkStack {
    private final int hostNsFd;
    private final Anchor anchor;
    /** Keeps the spare namespaces made, at low priority (see {@link SpareNamespaces}). */
    private final Anchor background;
    private final NetlinkNamespace initial;
    private final Set<NetlinkNamespace> open = ConcurrentHashMap.newKeySet();
    private final Listeners listeners = new Listeners();
    private final Object providerLock = new Object();
    private final SpareNamespaces spares;
    /** The callers' requests, which the pool's refills wait to have a gap in. */
    private final CallerActivity activity = new CallerActivity();
    private volatile PacketFilterProvider packetFilterProvider;
    private volatile boolean closed;

    NetlinkStack() {
        try {
            // /proc/self is the thread-group leader, which never switches: the JVM's own namespace.
            hostNsFd = LibC.open("/proc/self/ns/net", LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw Errors.of("open the JVM's network namespace (/proc/self/ns/net)", e);
        }
        Anchor started = null;
        NetlinkNamespace opened = null;
        boolean done = false;
        try {
            started = new Anchor(hostNsFd);
            anchor = started;
            opened = anchor.call(this::openInitial);
            initial = opened;
            background = anchor.background();
            spares = new SpareNamespaces(anchor, background, activity);
            done = true;
        } finally {
            if (!done) { // also on an Error (no native thread left, say)
                if (opened != null) {
                    opened.releaseOnly();
                }
                if (started != null) {
                    started.close();
                }
                NetlinkSocket.closeQuietly(hostNsFd);
            }
        }
    }

    /** The initial namespace's handle: its own descriptor and a socket opened on the anchor, in the JVM's namespace. */
    private NetlinkNamespace openInitial() {
        int fd = openNamespaceFile("/proc/self/ns/net", "open the JVM's network namespace");
        try {
            return NetlinkNamespace.adopt(this, fd, null, false, true, NetlinkSocket.open());
        } catch (RuntimeException e) {
            NetlinkSocket.closeQuietly(fd);
            throw e;
        }
    }

    private static int openNamespaceFile(String path, String what) {
        try {
            return LibC.open(path, LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw Errors.of(what + " (" + path + ")", e);
        }
    }

    Anchor anchor() {
        return anchor;
    }

    /** The callers' requests, for this stack's namespaces' connections. */
    CallerActivity activity() {
        return activity;
    }

    /** The listeners, for the operations of this stack's namespaces and links. */
    Listeners listeners() {
        return listeners;
    }

    @Override
    public NetnsListener.Registration addListener(NetnsListener listener) {
        return listeners.add(listener);
    }

    @Override
    public void publish(NetnsEvent event) {
        listeners.publish(event);
    }

    @Override
    public boolean hasListeners() {
        return listeners.active();
    }

    @Override
    public NetNamespace initialNamespace() {
        checkOpen();
        return initial;
    }

    @Override
    public NetNamespace createNamespace(String name) {
        Validation.namespaceName(name);
        checkOpen();
        boolean on = listeners.active();
        long start = on ? System.nanoTime() : 0;
        try {
            NetlinkNamespace ns = createNamed(name);
            if (on) {
                listeners.emit(Kind.NAMESPACE_CREATED, ns.label(), NamedNamespaces.path(name).toString(), start);
            }
            return ns;
        } catch (RuntimeException e) {
            if (on) {
                listeners.failed(name, NamedNamespaces.path(name).toString(), start, e);
            }
            throw e;
        }
    }

    private NetlinkNamespace createNamed(String name) {
        // All on the caller's thread except the unshare, which the anchor did ahead of time:
        // creating the mount point and bind-mounting a namespace descriptor need no setns.
        NamedNamespaces.prepareRunDir();
        Spare spare = spares.take();
        try {
            // The owner record is the name's file's content from its first moment (see NamespaceOwners).
            NamedNamespaces.createMountPoint(name, NamespaceOwners.recordFor(spare.id()));
        } catch (RuntimeException e) {
            spare.close();
            throw e;
        }
        try {
            NamedNamespaces.bind("/proc/self/fd/" + spare.fd(), name);
        } catch (RuntimeException e) {
            spare.close();
            NamedNamespaces.removeQuietly(name);
            throw e;
        }
        try {
            return track(adopt(spare, name));
        } catch (RuntimeException e) {
            NamedNamespaces.removeQuietly(name);
            throw e;
        }
    }

    @Override
    public NetNamespace createAnonymousNamespace() {
        checkOpen();
        boolean on = listeners.active();
        long start = on ? System.nanoTime() : 0;
        try {
            NetlinkNamespace ns = track(adopt(spares.take(), null));
            if (on) {
                listeners.emit(Kind.NAMESPACE_CREATED, ns.label(), "anonymous", start);
            }
            return ns;
        } catch (RuntimeException e) {
            if (on) {
                // no id yet: the namespace was not made, or was undone
                listeners.failed("anonymous", "anonymous", start, e);
            }
            throw e;
        }
    }

    /** Wraps a fresh namespace (lo already up) in a handle. */
    private NetlinkNamespace adopt(Spare spare, String name) {
        try {
            return NetlinkNamespace.adopt(this, spare.fd(), spare.id(), name, true, false, spare.socket());
        } catch (RuntimeException e) {
            NetlinkSocket.closeQuietly(spare.fd());
            throw e;
        }
    }

    @Override
    public NetNamespace openNamespace(String name) {
        Validation.namespaceName(name);
        checkOpen();
        String p = NamedNamespaces.path(name).toString();
        boolean on = listeners.active();
        long start = on ? System.nanoTime() : 0;
        try {
            NetlinkNamespace ns = openNamed(name, p);
            if (on) {
                listeners.emit(Kind.NAMESPACE_OPENED, ns.label(), p, start);
            }
            return ns;
        } catch (RuntimeException e) {
            if (on) {
                listeners.failed(name, p, start, e);
            }
            throw e;
        }
    }

    private NetlinkNamespace openNamed(String name, String p) {
        int fd = openNamespaceFile(p, "open namespace " + name);
        try {
            NetlinkSocket socket = anchor.callIn(fd, "enter namespace " + name + " (" + p
                    + " is not a network namespace: an unmounted or broken name?)", NetlinkSocket::open);
            return track(NetlinkNamespace.adopt(this, fd, name, false, false, socket));
        } catch (RuntimeException e) {
            NetlinkSocket.closeQuietly(fd);
            throw e;
        }
    }

    @Override
    public List<String> namespaceNames() {
        return NamedNamespaces.list();
    }

    @Override
    public List<String> removeAbandonedNamespaces() {
        checkOpen();
        return NamespaceOwners.removeAbandoned();
    }

    @Override
    public void deleteNamespace(String name) {
        Validation.namespaceName(name);
        boolean on = listeners.active();
        long start = on ? System.nanoTime() : 0;
        try {
            NamedNamespaces.delete(name);
        } catch (RuntimeException e) {
            if (on) {
                listeners.failed(name, NamedNamespaces.path(name).toString(), start, e);
            }
            throw e;
        }
        if (on) {
            listeners.emit(Kind.NAMESPACE_DELETED, name, NamedNamespaces.path(name).toString(), start);
        }
    }

    private NetlinkNamespace track(NetlinkNamespace ns) {
        open.add(ns);
        return ns;
    }

    void forget(NetlinkNamespace ns) {
        open.remove(ns);
    }

    private void checkOpen() {
        if (closed) {
            throw new NamespaceClosedException("cannot " + ApiOperation.current() + ": the network stack is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (NetlinkNamespace ns : new ArrayList<>(open)) {
            try {
                ns.close();
            } catch (RuntimeException ignored) {
                // keep closing the rest
            }
        }
        // The JVM's own namespace outlives the stack, but the SDK's rules there do not.
        RuntimeException filterFailure = initial.closePacketFilter(false);
        initial.releaseOnly();
        spares.close();
        closeAfterQueued(background);
        closeAfterQueued(anchor);
        NetlinkSocket.closeQuietly(hostNsFd);
        if (filterFailure != null) {
            throw filterFailure;
        }
    }

    /**
     * Closes an anchor once what is queued on it has run. It may be making a spare (which it then
     * releases) and needs hostNsFd to switch back home, so hostNsFd is closed only after this.
     */
    private static void closeAfterQueued(Anchor a) {
        FutureTask<Void> last = null;
        try {
            last = a.submit(() -> null);
        } catch (RuntimeException notRunning) {
            // broken or closed: nothing runs on it any more
        }
        a.close();
        if (last != null) {
            try {
                Anchor.await(last);
            } catch (RuntimeException ignored) {
                // a no-op cannot fail; the anchor may have been failed from outside
            }
        }
    }

    /**
     * The packet-filter backend of this stack, chosen on first use (so the system property is read
     * then) and kept: all namespaces of one stack use the same backend.
     */
    PacketFilterProvider packetFilterProvider() {
        PacketFilterProvider p = packetFilterProvider;
        if (p == null) {
            synchronized (providerLock) {
                p = packetFilterProvider;
                if (p == null) {
                    p = PacketFilterProviders.select();
                    packetFilterProvider = p;
                }
            }
        }
        return p;
    }
}
