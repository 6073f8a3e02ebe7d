package dev.netns.netlink.internal;

import dev.netns.InvalidInputException;
import dev.netns.NetnsException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Callable;
import java.util.function.Function;
import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;

/**
 * Sockets born inside one namespace. Each descriptor is created by the SDK's anchor thread, which
 * enters the namespace for it and switches straight back, and handed back: the caller's threads
 * never switch, and no JDK thread is started for it (opening a channel starts none).
 *
 * <p>The factories return the channels' socket adaptors ({@code channel.socket()}), because a
 * plain {@code new Socket()} creates its descriptor only at connect time, in whatever namespace
 * the connecting thread is in; an adaptor's descriptor exists from the start.
 */
final class NamespaceSockets {
    /** Runs a task inside the namespace; fails with NamespaceClosedException once it is closed. */
    private final Function<Callable<?>, Object> inside;
    private final String where;
    private final SocketFactory socketFactory = new InsideSocketFactory();
    private final ServerSocketFactory serverSocketFactory = new InsideServerSocketFactory();

    /**
     * @param inside runs a task inside the namespace, on an SDK thread
     * @param where "in namespace red", for messages
     */
    NamespaceSockets(Function<Callable<?>, Object> inside, String where) {
        this.inside = inside;
        this.where = where;
    }

    SocketChannel socketChannel(ProtocolFamily family) {
        return open("a TCP socket", () -> family == null ? SocketChannel.open() : SocketChannel.open(checked(family)));
    }

    ServerSocketChannel serverSocketChannel(ProtocolFamily family) {
        return open("a TCP server socket",
                () -> family == null ? ServerSocketChannel.open() : ServerSocketChannel.open(checked(family)));
    }

    DatagramChannel datagramChannel(ProtocolFamily family) {
        return open("a UDP socket", () -> family == null ? DatagramChannel.open() : DatagramChannel.open(checked(family)));
    }

    SocketFactory socketFactory() {
        return socketFactory;
    }

    ServerSocketFactory serverSocketFactory() {
        return serverSocketFactory;
    }

    private static ProtocolFamily checked(ProtocolFamily family) {
        if (family != StandardProtocolFamily.INET && family != StandardProtocolFamily.INET6) {
            throw new InvalidInputException("protocol family " + family + " is not INET or INET6");
        }
        return family;
    }

    @SuppressWarnings("unchecked")
    private <T extends NetworkChannel> T open(String what, Callable<T> opener) {
        try {
            return (T) inside.apply(opener);
        } catch (NetnsException e) {
            if (e.getCause() instanceof IOException io) {
                throw new NetnsException("cannot open " + what + " " + where + ": " + io.getMessage(), io);
            }
            throw e;
        }
    }

    /**
     * Binds {@code channel}, or says in the exception which address could not be bound where:
     * "Address already in use" alone names neither.
     */
    static <T extends NetworkChannel> T bind(T channel, SocketAddress local, int backlog, String where) throws IOException {
        try {
            if (channel instanceof ServerSocketChannel s) {
                s.bind(local, backlog);
            } else {
                channel.bind(local);
            }
            return channel;
        } catch (BindException e) {
            BindException named = new BindException(e.getMessage() + ": cannot bind " + describe(local) + " " + where
                    + (e.getMessage() != null && e.getMessage().contains("assign")
                            ? " (that address is not on any of the namespace's links)" : ""));
            named.initCause(e);
            throw named;
        }
    }

    private static String describe(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            String host = i.getAddress() == null || i.getAddress().isAnyLocalAddress() ? "*" : i.getAddress().getHostAddress();
            return host + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    private SocketChannel newSocketChannel() throws IOException {
        try {
            return socketChannel(null);
        } catch (NetnsException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private ServerSocketChannel newServerSocketChannel() throws IOException {
        try {
            return serverSocketChannel(null);
        } catch (NetnsException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Client sockets whose descriptors live in the namespace. */
    private final class InsideSocketFactory extends SocketFactory {
        @Override
        public Socket createSocket() throws IOException {
            return newSocketChannel().socket();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return connect(new InetSocketAddress(host, port), null);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return connect(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return connect(new InetSocketAddress(host, port), null);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return connect(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
        }

        private Socket connect(InetSocketAddress remote, InetSocketAddress local) throws IOException {
            if (remote.isUnresolved()) {
                // what SocketFactory's contract (and clients such as OkHttp and JDBC drivers) expect
                throw new java.net.UnknownHostException(remote.getHostString());
            }
            SocketChannel ch = newSocketChannel();
            try {
                if (local != null) {
                    bind(ch, local, 0, where);
                }
                ch.connect(remote);
                return ch.socket();
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }

        @Override
        public String toString() {
            return "SocketFactory " + where;
        }
    }

    /** Server sockets whose descriptors live in the namespace. */
    private final class InsideServerSocketFactory extends ServerSocketFactory {
        @Override
        public ServerSocket createServerSocket() throws IOException {
            return newServerSocketChannel().socket();
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return createServerSocket(port, 50, null);
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return createServerSocket(port, backlog, null);
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress ifAddress) throws IOException {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
            }
            ServerSocketChannel ch = newServerSocketChannel();
            try {
                bind(ch, new InetSocketAddress(ifAddress, port), backlog, where);
                return ch.socket();
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }

        @Override
        public String toString() {
            return "ServerSocketFactory " + where;
        }
    }
}
