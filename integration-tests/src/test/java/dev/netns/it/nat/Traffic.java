package dev.netns.it.nat;

import com.sun.net.httpserver.HttpServer;
import dev.netns.NetNamespace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Servers and clients bound inside a namespace. Every socket is created inside
 * {@link NetNamespace#call} with a form that creates its descriptor at once, so it stays in that
 * namespace whichever thread uses it afterwards.
 */
final class Traffic {
    static final int TIMEOUT_MS = 1500;

    private Traffic() {
    }

    /** A TCP server that answers each connection with "from ADDRESS\n", the peer it saw. */
    static final class WhoAmIServer implements AutoCloseable {
        private final ServerSocketChannel channel;
        private final Thread thread;

        WhoAmIServer(NetNamespace ns, String address, int port) {
            channel = ns.call(() -> {
                ServerSocketChannel s = ServerSocketChannel.open();
                s.bind(new InetSocketAddress(address, port));
                return s;
            });
            // Started from the test's thread, so the acceptor is not itself inside the namespace.
            thread = new Thread(this::serve, "whoami-" + address + ":" + port);
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            while (channel.isOpen()) {
                try (SocketChannel c = channel.accept()) {
                    InetSocketAddress peer = (InetSocketAddress) c.getRemoteAddress();
                    c.write(ByteBuffer.wrap(("from " + peer.getAddress().getHostAddress() + "\n")
                            .getBytes(StandardCharsets.US_ASCII)));
                } catch (IOException e) {
                    // closed, or a client that went away
                }
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
            join(thread);
        }
    }

    /** A UDP server that answers each datagram with "from ADDRESS: PAYLOAD". */
    static final class UdpEchoServer implements AutoCloseable {
        private final DatagramChannel channel;
        private final Thread thread;

        UdpEchoServer(NetNamespace ns, String address, int port) {
            channel = ns.call(() -> {
                DatagramChannel d = DatagramChannel.open();
                d.bind(new InetSocketAddress(address, port));
                return d;
            });
            thread = new Thread(this::serve, "udp-echo-" + address + ":" + port);
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            ByteBuffer buf = ByteBuffer.allocate(1500);
            while (channel.isOpen()) {
                try {
                    buf.clear();
                    InetSocketAddress peer = (InetSocketAddress) channel.receive(buf);
                    buf.flip();
                    String payload = StandardCharsets.US_ASCII.decode(buf).toString();
                    channel.send(ByteBuffer.wrap(("from " + peer.getAddress().getHostAddress() + ": " + payload)
                            .getBytes(StandardCharsets.US_ASCII)), peer);
                } catch (IOException e) {
                    // closed
                }
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
            join(thread);
        }
    }

    /**
     * Connects from {@code ns} and reads one line.
     *
     * @return the line, or empty if the connection failed or nothing came in time
     */
    static Optional<String> tcpLine(NetNamespace ns, String host, int port) {
        return ns.call(() -> {
            try (SocketChannel c = SocketChannel.open()) {
                c.socket().connect(new InetSocketAddress(host, port), TIMEOUT_MS);
                c.socket().setSoTimeout(TIMEOUT_MS);
                String all = new String(readAll(c.socket().getInputStream()), StandardCharsets.US_ASCII);
                return all.isEmpty() ? Optional.<String>empty() : Optional.of(all.strip());
            } catch (IOException e) {
                return Optional.<String>empty();
            }
        });
    }

    /** An HTTP response as far as the tests care. */
    record Http(int status, String body) {
    }

    /**
     * GET http://host:port/ from {@code ns}, HTTP/1.1 with Connection: close, over a socket made
     * inside the namespace (the JDK's HttpClient makes its sockets on threads of its own).
     *
     * @return the response, or empty if the connection failed
     */
    static Optional<Http> httpGet(NetNamespace ns, String host, int port) {
        return ns.call(() -> {
            try (SocketChannel c = SocketChannel.open()) {
                c.socket().connect(new InetSocketAddress(host, port), TIMEOUT_MS);
                c.socket().setSoTimeout(3000);
                String req = "GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
                c.socket().getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
                String resp = new String(readAll(c.socket().getInputStream()), StandardCharsets.UTF_8);
                int eol = resp.indexOf("\r\n");
                int split = resp.indexOf("\r\n\r\n");
                if (eol < 0 || split < 0) {
                    return Optional.<Http>empty();
                }
                int status = Integer.parseInt(resp.substring(0, eol).split(" ")[1]);
                return Optional.of(new Http(status, resp.substring(split + 4)));
            } catch (IOException e) {
                return Optional.<Http>empty();
            }
        });
    }

    /** Sends one datagram from {@code ns} and waits for one answer; empty if none came in time. */
    static Optional<String> udpExchange(NetNamespace ns, String host, int port, String payload) {
        return ns.call(() -> {
            try (DatagramChannel d = DatagramChannel.open()) {
                d.connect(new InetSocketAddress(host, port));
                d.socket().setSoTimeout(TIMEOUT_MS);
                byte[] out = payload.getBytes(StandardCharsets.US_ASCII);
                d.socket().send(new DatagramPacket(out, out.length));
                DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
                d.socket().receive(in);
                return Optional.of(new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII));
            } catch (SocketTimeoutException | SocketException e) {
                return Optional.<String>empty();
            }
        });
    }

    /** Starts an HTTP server inside {@code ns} that answers "hello from NAME, you are ADDRESS". */
    static HttpServer httpServer(NetNamespace ns, String address, int port, String name) {
        // create() with an address opens and binds the listening socket at once, inside ns.
        HttpServer server = ns.call(() -> HttpServer.create(new InetSocketAddress(address, port), 0));
        server.createContext("/", exchange -> {
            byte[] body = ("hello from " + name + ", you are "
                    + exchange.getRemoteAddress().getAddress().getHostAddress()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (var os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        // Started here, so its dispatcher thread is not inside the namespace and cannot pin it.
        server.start();
        return server;
    }

    private static void join(Thread t) {
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // keep what arrived
        }
        return out.toByteArray();
    }
}
