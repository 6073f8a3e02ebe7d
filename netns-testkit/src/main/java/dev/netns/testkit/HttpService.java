package dev.netns.testkit;

import dev.netns.NetNamespace;
import dev.netns.NetnsException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * An HTTP service started with {@link Network#serveHttp}: OkHttp's MockWebServer, listening on a
 * socket born inside the host's namespace and served by threads outside it (started from the
 * calling thread), so that no thread keeps the namespace alive. It records what it receives.
 * Closed with the network, or earlier with {@link #close()}.
 *
 * <p>For more than fixed or computed replies (queued responses, delays, HTTP/2, TLS), run a
 * MockWebServer of your own the same way:
 * {@code server.setServerSocketFactory(net.host("blue").serverSocketFactory())}.
 *
 * @since 0.1
 */
public final class HttpService implements AutoCloseable {
    /** Kept: a logger only referenced by name may be collected, and its level with it. */
    private static final Logger MOCK_WEB_SERVER_LOG = Logger.getLogger(MockWebServer.class.getName());

    static {
        MOCK_WEB_SERVER_LOG.setLevel(Level.WARNING); // one INFO line per request otherwise
    }

    private final MockWebServer server;
    private final String host;
    private final java.util.concurrent.BlockingQueue<ServedRequest> received = new java.util.concurrent.LinkedBlockingQueue<>();

    private HttpService(MockWebServer server, String host) {
        this.server = server;
        this.host = host;
    }

    static HttpService start(NetNamespace ns, String host, int port, HttpResponder responder) {
        MockWebServer server = new MockWebServer();
        HttpService service = new HttpService(server, host);
        server.setServerSocketFactory(ns.serverSocketFactory());
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                ServedRequest request = new ServedRequest(r.getMethod(), r.getTarget(), r.getHeaders().toMultimap(),
                        r.getBody() == null ? "" : r.getBody().string(StandardCharsets.UTF_8));
                service.received.add(request);
                HttpReply reply;
                try {
                    reply = responder.respond(request);
                } catch (RuntimeException | Error e) {
                    reply = HttpReply.of(500, "the test's HttpResponder threw " + e);
                }
                MockResponse.Builder b = new MockResponse.Builder().code(reply.status());
                for (Map.Entry<String, String> h : reply.headers()) {
                    b.addHeader(h.getKey(), h.getValue());
                }
                return b.body(reply.body()).build();
            }
        });
        try {
            // The wildcard address: IPv4 and IPv6 clients alike, as a server on a real host would.
            server.start(new InetSocketAddress(port).getAddress(), port);
            return service;
        } catch (IOException e) {
            closeQuietly(server);
            if (PortInUseException.isInUse(e) || PortInUseException.isInUse(e.getCause())) {
                throw new PortInUseException("HTTP", host, port, e);
            }
            throw new NetnsException("cannot serve HTTP on port " + port + " in host \"" + host + "\": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(server);
            throw e;
        }
    }

    private static void closeQuietly(MockWebServer server) {
        try {
            server.close();
        } catch (RuntimeException ignored) {
            // it never started: nothing to stop
        }
    }

    /** @return the port it listens on */
    public int port() {
        return server.getPort();
    }

    /** @return the number of requests received so far */
    public int requestCount() {
        return server.getRequestCount();
    }

    /**
     * Takes the oldest request not taken yet, waiting up to {@code timeout} for one.
     *
     * @return the request, or empty if none arrived in time
     */
    public Optional<ServedRequest> takeRequest(Duration timeout) {
        try {
            return Optional.ofNullable(received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Stops listening and closes open connections. Idempotent. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "HTTP service on port " + port() + " in host \"" + host + "\"";
    }
}
