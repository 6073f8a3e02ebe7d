package dev.netns.testkit;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.netns.NetNamespace;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The {@link HttpServer} API on a socket that lives in a namespace, with no thread inside it.
 *
 * <p>Why not the JDK's own: its constructor starts a timer thread ("idle-timeout-task") in the
 * thread that creates it, and it must be created where its socket is to be bound, that is inside
 * {@link NetNamespace#call}; that thread then sits inside the namespace and keeps it alive until
 * it exits, some time after {@code stop()}. Here the listening socket is opened and bound inside
 * the namespace (a socket stays in the namespace it was created in), and every thread (the
 * acceptor, one per connection) is started from the thread that calls {@link #start()}, which is
 * the test's own and not inside any namespace.
 *
 * <p>Enough HTTP/1.1 for tests: one request per connection (the response says
 * {@code Connection: close}), request bodies with {@code Content-Length} (a chunked request body
 * gets 501), responses of fixed length, chunked ({@code sendResponseHeaders(code, 0)}) or empty
 * ({@code -1}), filters; no authenticators, no HTTPS.
 */
final class NamespaceHttpServer extends HttpServer {
    /** A client that sends nothing is dropped after this long, so its thread ends. */
    private static final int READ_TIMEOUT_MILLIS = 30_000;
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private final ServerSocketChannel channel;
    private final InetSocketAddress address;
    private final String label;
    private final List<Context> contexts = new CopyOnWriteArrayList<>();
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private volatile Executor executor;
    private Thread acceptor;
    private boolean started;
    private volatile boolean stopped;

    private NamespaceHttpServer(ServerSocketChannel channel, String label) throws IOException {
        this.channel = channel;
        this.address = (InetSocketAddress) channel.getLocalAddress();
        this.label = label;
    }

    /**
     * Opens and binds the listening socket inside {@code ns}; nothing else runs there.
     *
     * @param label the host's name, for thread names
     */
    static NamespaceHttpServer bind(NetNamespace ns, InetSocketAddress address, int backlog, String label) {
        ServerSocketChannel ch = ns.call(() -> {
            // open() creates the descriptor at once, so it is born inside this namespace.
            ServerSocketChannel c = ServerSocketChannel.open();
            try {
                c.bind(address, backlog);
            } catch (IOException | RuntimeException e) {
                c.close();
                throw e;
            }
            return c;
        });
        try {
            return new NamespaceHttpServer(ch, label);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new dev.netns.NetnsException("cannot serve HTTP in " + label + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void bind(InetSocketAddress addr, int backlog) throws IOException {
        throw new BindException("this server is bound to " + address + " in " + label + " already");
    }

    /** Starts the acceptor thread from the calling thread, which must not be inside a namespace. */
    @Override
    public synchronized void start() {
        if (started || stopped) {
            throw new IllegalStateException("HTTP server on " + address + " in " + label + " was started already");
        }
        started = true;
        acceptor = new Thread(this::acceptLoop, "netns-http-" + label + ":" + address.getPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @Override
    public synchronized void setExecutor(Executor executor) {
        if (started) {
            throw new IllegalStateException("the executor must be set before start()");
        }
        this.executor = executor;
    }

    @Override
    public Executor getExecutor() {
        return executor;
    }

    /**
     * Stops accepting, waits up to {@code delay} seconds for exchanges in progress, then closes
     * every connection and waits (bounded) for the acceptor to end.
     */
    @Override
    public void stop(int delay) {
        if (delay < 0) {
            throw new IllegalArgumentException("negative delay: " + delay);
        }
        stopped = true;
        closeQuietly(channel);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(delay);
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            sleep(10);
        }
        connections.forEach(NamespaceHttpServer::closeQuietly);
        Thread t;
        synchronized (this) {
            t = acceptor;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public HttpContext createContext(String path, HttpHandler handler) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("context path must start with '/': " + path);
        }
        synchronized (contexts) {
            if (contexts.stream().anyMatch(c -> c.path.equals(path))) {
                throw new IllegalArgumentException("there is a context for " + path + " already");
            }
            Context c = new Context(path, handler);
            contexts.add(c);
            return c;
        }
    }

    @Override
    public HttpContext createContext(String path) {
        return createContext(path, null);
    }

    @Override
    public void removeContext(String path) {
        synchronized (contexts) {
            if (!contexts.removeIf(c -> c.path.equals(path))) {
                throw new IllegalArgumentException("no context for " + path);
            }
        }
    }

    @Override
    public void removeContext(HttpContext context) {
        synchronized (contexts) {
            if (!contexts.remove(context)) {
                throw new IllegalArgumentException("not a context of this server: " + context);
            }
        }
    }

    @Override
    public InetSocketAddress getAddress() {
        return address;
    }

    @Override
    public String toString() {
        return "HTTP server on " + address + " in " + label + (stopped ? " (stopped)" : "");
    }

    private void acceptLoop() {
        while (!stopped) {
            SocketChannel c;
            try {
                c = channel.accept();
            } catch (IOException e) {
                if (stopped || !channel.isOpen()) {
                    return;
                }
                sleep(10); // out of descriptors, say: try again rather than give up the service
                continue;
            }
            connections.add(c);
            Runnable serve = () -> serve(c);
            Executor e = executor;
            try {
                if (e != null) {
                    e.execute(serve);
                } else {
                    // Started by the acceptor, itself started outside any namespace: neither is
                    // inside one. The accepted socket is, which is all that is needed.
                    Thread t = new Thread(serve, Thread.currentThread().getName() + "-conn");
                    t.setDaemon(true);
                    t.start();
                }
            } catch (RuntimeException rejected) {
                connections.remove(c);
                closeQuietly(c);
            }
        }
    }

    private void serve(SocketChannel c) {
        try {
            Socket s = c.socket();
            s.setSoTimeout(READ_TIMEOUT_MILLIS);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            String head = readHead(in);
            if (head == null) {
                return; // connected and closed (a connect probe): nothing to answer
            }
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/")) {
                plain(out, 400, "Bad Request");
                return;
            }
            Headers requestHeaders = new Headers();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    requestHeaders.add(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
                }
            }
            URI uri;
            try {
                uri = new URI(requestLine[1]);
            } catch (URISyntaxException e) {
                plain(out, 400, "Bad Request");
                return;
            }
            String te = requestHeaders.getFirst("Transfer-Encoding");
            if (te != null && !te.equalsIgnoreCase("identity")) {
                plain(out, 501, "Not Implemented");
                return;
            }
            long length = 0;
            String cl = requestHeaders.getFirst("Content-Length");
            if (cl != null) {
                try {
                    length = Long.parseLong(cl.trim());
                } catch (NumberFormatException e) {
                    plain(out, 400, "Bad Request");
                    return;
                }
            }
            String path = uri.getPath() == null ? "/" : uri.getPath();
            Context ctx = match(path);
            if (ctx == null || ctx.handler == null) {
                plain(out, 404, "Not Found");
                return;
            }
            Exchange ex = new Exchange(c, ctx, requestLine[0], uri, requestLine[2], requestHeaders,
                    new Bounded(in, length), out);
            try {
                new Filter.Chain(ctx.filters, ctx.handler).doFilter(ex);
            } catch (IOException | RuntimeException e) {
                if (ex.code < 0) {
                    plain(out, 500, "Internal Server Error");
                }
            } finally {
                ex.close();
            }
        } catch (IOException e) {
            // the client went away or said nothing in time: nothing to answer
        } finally {
            connections.remove(c);
            closeQuietly(c);
        }
    }

    /** @return the longest context path that {@code path} starts with */
    private Context match(String path) {
        Context best = null;
        for (Context c : contexts) {
            if (path.startsWith(c.path) && (best == null || c.path.length() > best.path.length())) {
                best = c;
            }
        }
        return best;
    }

    /** @return the request line and headers without the blank line, or {@code null} on end of stream before any byte */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("connection closed in the middle of the request head");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > MAX_HEAD_BYTES) {
                throw new IOException("request head longer than " + MAX_HEAD_BYTES + " bytes");
            }
        }
        String s = head.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - 4);
    }

    private static void plain(OutputStream out, int code, String reason) throws IOException {
        out.write(("HTTP/1.1 " + code + " " + reason + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing is all that was wanted
        }
    }

    private final class Context extends HttpContext {
        private final String path;
        private volatile HttpHandler handler;
        private final Map<String, Object> attributes = new ConcurrentHashMap<>();
        private final List<Filter> filters = new CopyOnWriteArrayList<>();

        Context(String path, HttpHandler handler) {
            this.path = path;
            this.handler = handler;
        }

        @Override
        public HttpHandler getHandler() {
            return handler;
        }

        @Override
        public void setHandler(HttpHandler h) {
            if (h == null) {
                throw new NullPointerException("handler");
            }
            if (handler != null) {
                throw new IllegalArgumentException("the context's handler is set already");
            }
            handler = h;
        }

        @Override
        public String getPath() {
            return path;
        }

        @Override
        public HttpServer getServer() {
            return NamespaceHttpServer.this;
        }

        @Override
        public Map<String, Object> getAttributes() {
            return attributes;
        }

        @Override
        public List<Filter> getFilters() {
            return filters;
        }

        @Override
        public Authenticator setAuthenticator(Authenticator auth) {
            throw new UnsupportedOperationException("the testkit's HTTP server has no authenticators");
        }

        @Override
        public Authenticator getAuthenticator() {
            return null;
        }
    }

    /** The request body: exactly Content-Length bytes, then end of stream. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("connection closed with " + left + " request body bytes missing");
            }
            left -= n;
            return n;
        }
    }

    private static final class Exchange extends HttpExchange {
        private final SocketChannel channel;
        private final Context context;
        private final String method;
        private final URI uri;
        private final String protocol;
        private final Headers requestHeaders;
        private final Headers responseHeaders = new Headers();
        private final Map<String, Object> attributes = new ConcurrentHashMap<>();
        private final OutputStream raw;
        private InputStream requestBody;
        private OutputStream responseBody;
        /** Where the response body goes once the headers are sent. */
        private OutputStream body;
        private int code = -1;
        private boolean closed;

        Exchange(SocketChannel channel, Context context, String method, URI uri, String protocol, Headers requestHeaders,
                InputStream requestBody, OutputStream raw) {
            this.channel = channel;
            this.context = context;
            this.method = method;
            this.uri = uri;
            this.protocol = protocol;
            this.requestHeaders = requestHeaders;
            this.requestBody = requestBody;
            this.raw = raw;
            this.responseBody = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (body == null) {
                        throw new IOException("sendResponseHeaders() must be called before the body is written");
                    }
                    body.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    if (body != null) {
                        body.flush();
                    }
                }

                @Override
                public void close() throws IOException {
                    Exchange.this.finish();
                }
            };
        }

        @Override
        public Headers getRequestHeaders() {
            return requestHeaders;
        }

        @Override
        public Headers getResponseHeaders() {
            return responseHeaders;
        }

        @Override
        public URI getRequestURI() {
            return uri;
        }

        @Override
        public String getRequestMethod() {
            return method;
        }

        @Override
        public HttpContext getHttpContext() {
            return context;
        }

        @Override
        public void close() {
            try {
                finish();
            } catch (IOException ignored) {
                // the client went away; the connection is closed next anyway
            }
        }

        private synchronized void finish() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (body != null) {
                    body.close();
                }
            } finally {
                channel.close();
            }
        }

        @Override
        public InputStream getRequestBody() {
            return requestBody;
        }

        @Override
        public OutputStream getResponseBody() {
            return responseBody;
        }

        @Override
        public synchronized void sendResponseHeaders(int rCode, long responseLength) throws IOException {
            if (code >= 0) {
                throw new IOException("response headers were sent already");
            }
            code = rCode;
            boolean noBody = method.equalsIgnoreCase("HEAD") || rCode == 204 || rCode == 304 || rCode / 100 == 1;
            StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(rCode).append(' ').append(reason(rCode)).append("\r\n");
            Headers h = new Headers();
            h.putAll(responseHeaders);
            h.remove("Content-Length");
            h.remove("Transfer-Encoding");
            h.set("Connection", "close");
            if (!h.containsKey("Date")) {
                h.set("Date", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)));
            }
            OutputStream sink;
            if (noBody) {
                if (method.equalsIgnoreCase("HEAD") && responseLength > 0) {
                    h.set("Content-Length", Long.toString(responseLength));
                }
                sink = OutputStream.nullOutputStream();
            } else if (responseLength > 0) {
                h.set("Content-Length", Long.toString(responseLength));
                sink = new FixedLength(raw, responseLength);
            } else if (responseLength == 0) {
                h.set("Transfer-Encoding", "chunked");
                sink = new Chunked(raw);
            } else {
                h.set("Content-Length", "0");
                sink = new FixedLength(raw, 0);
            }
            h.forEach((k, values) -> values.forEach(v -> sb.append(k).append(": ").append(v).append("\r\n")));
            sb.append("\r\n");
            raw.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            raw.flush();
            body = sink;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            try {
                return (InetSocketAddress) channel.getRemoteAddress();
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public int getResponseCode() {
            return code;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            try {
                return (InetSocketAddress) channel.getLocalAddress();
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public String getProtocol() {
            return protocol;
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
        }

        @Override
        public void setStreams(InputStream i, OutputStream o) {
            if (i != null) {
                requestBody = i;
            }
            if (o != null) {
                responseBody = o;
            }
        }

        @Override
        public com.sun.net.httpserver.HttpPrincipal getPrincipal() {
            return null;
        }

        private static String reason(int code) {
            return switch (code) {
                case 100 -> "Continue";
                case 200 -> "OK";
                case 201 -> "Created";
                case 202 -> "Accepted";
                case 204 -> "No Content";
                case 301 -> "Moved Permanently";
                case 302 -> "Found";
                case 304 -> "Not Modified";
                case 400 -> "Bad Request";
                case 401 -> "Unauthorized";
                case 403 -> "Forbidden";
                case 404 -> "Not Found";
                case 405 -> "Method Not Allowed";
                case 500 -> "Internal Server Error";
                case 502 -> "Bad Gateway";
                case 503 -> "Service Unavailable";
                case 504 -> "Gateway Timeout";
                default -> "Status " + code;
            };
        }
    }

    /** A body of exactly the announced length: more is refused, less is an error at close. */
    private static final class FixedLength extends FilterOutputStream {
        private long left;

        FixedLength(OutputStream out, long length) {
            super(out);
            this.left = length;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                throw new IOException("writing " + len + " bytes, but only " + left + " of the announced length are left");
            }
            out.write(b, off, len);
            left -= len;
        }

        @Override
        public void close() throws IOException {
            out.flush(); // the connection itself is closed by the exchange
            if (left > 0) {
                throw new IOException("response closed " + left + " bytes short of its announced length");
            }
        }
    }

    private static final class Chunked extends FilterOutputStream {
        Chunked(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return; // a zero-length chunk would end the body
            }
            out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(b, off, len);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }

        @Override
        public void close() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }
}
