package dev.netns.cli;

import dev.netns.IpPrefix;
import dev.netns.NetNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The demo's web server in blue: OkHttp's MockWebServer on a socket born inside the namespace
 * ({@link NetNamespace#serverSocketFactory()}), its threads started here, outside every namespace.
 */
final class PageServer implements AutoCloseable {
    /** Kept: a logger referenced only by name may be collected, and its level with it. */
    private static final Logger LOG = Logger.getLogger(MockWebServer.class.getName());

    private final MockWebServer server;

    private PageServer(MockWebServer server) {
        this.server = server;
    }

    /** Listens on {@code address:port} inside {@code ns} and answers every request with {@code body}. */
    static PageServer start(NetNamespace ns, String address, int port, String body) {
        LOG.setLevel(Level.WARNING); // not a line per request in the demo's output
        MockWebServer server = new MockWebServer();
        server.setServerSocketFactory(ns.serverSocketFactory());
        MockResponse page = new MockResponse.Builder().code(200).addHeader("Content-Type", "text/plain").body(body).build();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return page;
            }
        });
        try {
            server.start(IpPrefix.parseAddress(address), port);
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException("cannot serve the demo page on " + address + ":" + port, e);
        }
        return new PageServer(server);
    }

    @Override
    public void close() {
        server.close();
    }
}
