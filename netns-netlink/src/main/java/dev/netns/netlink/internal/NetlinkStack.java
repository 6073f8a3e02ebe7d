package dev.netns.netlink.internal;

import com.sun.jna.LastErrorException;
import dev.netns.NamespaceClosedException;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import dev.netns.internal.Validation;
import dev.netns.netlink.internal.libc.LibC;
import dev.netns.netlink.internal.wire.LinkMessages;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The netlink backend's {@link NetworkStack}. */
final class NetlinkStack implements NetworkStack {
    private final int hostNsFd;
    private final Anchor anchor;
    private final NetlinkNamespace host;
    private final Set<NetlinkNamespace> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    NetlinkStack() {
        try {
            // /proc/self is the thread-group leader, which never switches: the JVM's own namespace.
            hostNsFd = LibC.open("/proc/self/ns/net", LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw Errors.of("open the JVM's network namespace (/proc/self/ns/net)", e);
        }
        Anchor started = null;
        try {
            started = new Anchor(hostNsFd);
            anchor = started;
            host = anchor.call(this::openHost);
        } catch (RuntimeException e) {
            if (started != null) {
                started.close();
            }
            NetlinkSocket.closeQuietly(hostNsFd);
            throw e;
        }
    }

    /** The host handle: its own descriptor and a socket opened on the anchor, in the JVM's namespace. */
    private NetlinkNamespace openHost() {
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

    @Override
    public NetNamespace host() {
        checkOpen();
        return host;
    }

    @Override
    public NetNamespace createNamespace(String name) {
        Validation.namespaceName(name);
        checkOpen();
        return track(anchor.call(() -> {
            NamedNamespaces.prepareRunDir();
            NamedNamespaces.createMountPoint(name);
            try {
                return anchor.callInNewNamespace(() -> {
                    NamedNamespaces.bindCurrentThread(name);
                    return inCurrent(name, true);
                });
            } catch (RuntimeException e) {
                NamedNamespaces.removeQuietly(name);
                throw e;
            }
        }));
    }

    @Override
    public NetNamespace createAnonymousNamespace() {
        checkOpen();
        return track(anchor.callInNewNamespace(() -> inCurrent(null, true)));
    }

    /** Wraps the anchor's current (new) namespace: descriptor, socket, loopback up. */
    private NetlinkNamespace inCurrent(String name, boolean owned) {
        int fd = openNamespaceFile("/proc/thread-self/ns/net", "open the new network namespace");
        NetlinkSocket socket;
        try {
            socket = NetlinkSocket.open();
        } catch (RuntimeException e) {
            NetlinkSocket.closeQuietly(fd);
            throw e;
        }
        NetlinkNamespace ns = NetlinkNamespace.adopt(this, fd, name, owned, false, socket);
        try {
            // lo is always index 1 in a new namespace: set it up without looking it up first.
            ns.rtnl().request(LinkMessages.setUp(1, true), "set up on link lo (index 1)");
        } catch (RuntimeException e) {
            ns.releaseOnly();
            throw e;
        }
        return ns;
    }

    @Override
    public NetNamespace openNamespace(String name) {
        Validation.namespaceName(name);
        checkOpen();
        String p = NamedNamespaces.path(name).toString();
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
    public void deleteNamespace(String name) {
        Validation.namespaceName(name);
        NamedNamespaces.delete(name);
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
            throw new NamespaceClosedException("the network stack is closed");
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
        host.releaseOnly();
        anchor.close();
        NetlinkSocket.closeQuietly(hostNsFd);
    }
}
