package dev.netns.testkit;

import dev.netns.ExecResult;
import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import dev.netns.NetNamespace;
import dev.netns.PingResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Probes that run inside a namespace and report what happened instead of throwing: ICMP echo,
 * TCP connect, UDP request/response, HTTP, and the real {@code ping} and {@code curl}. Every probe
 * has a timeout. {@link NetAssertions} builds on them; use them directly to measure or log.
 *
 * <pre>{@code
 * ConnectResult r = Probes.connect(red, "192.168.15.2", 80, Duration.ofSeconds(1));
 * HttpResult page = Probes.http(red, "http://192.168.15.2/", Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>Addresses are IP literals: nothing is ever resolved through DNS, so a probe cannot leave
 * the test's own namespaces by accident. Every probe's socket is born inside the namespace it
 * probes from ({@link NetNamespace#openSocketChannel()} and friends); the waiting happens on the
 * calling thread, which never enters a namespace.
 *
 * @since 0.1
 */
public final class Probes {
    private static final int MAX_RESPONSE = 16 * 1024 * 1024;
    /**
     * The base of every probe's client: no proxy (one from the environment would send the
     * request outside the test's namespaces), no redirects or retries (a probe reports what
     * happened), and no pooled connections (each probe's socket is born in its own namespace).
     */
    private static final OkHttpClient HTTP = new OkHttpClient.Builder()
            .proxy(Proxy.NO_PROXY)
            .followRedirects(false)
            .retryOnConnectionFailure(false)
            .connectionPool(new ConnectionPool(0, 1, TimeUnit.MILLISECONDS))
            .build();

    private Probes() {
    }

    /** Sends one ICMP echo from {@code ns} in-process ({@link NetNamespace#ping}). */
    public static PingResult ping(NetNamespace ns, String address, Duration timeout) {
        PingResult r = ns.ping(IpPrefix.parseAddress(address), timeout);
        return r.withFrom(Labels.of(ns));
    }

    /** Runs the real {@code ping -c 1} inside {@code ns}, as the tutorial does. */
    public static PingResult pingBinary(NetNamespace ns, String address, Duration timeout) {
        InetAddress target = IpPrefix.parseAddress(address);
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        ExecResult r = ns.exec(List.of("ping", "-n", "-c", "1", "-W", Long.toString(seconds), IpPrefix.hostString(target)),
                timeout.plusSeconds(2));
        String failure = null;
        if (!r.succeeded()) {
            String out = (r.stdout() + "\n" + r.stderr()).strip();
            failure = r.timedOut() ? "ping timed out after " + timeout.toMillis() + " ms"
                    : "ping exited with status " + r.exitCode() + ": " + lastLines(out, 3);
        }
        return failure == null ? PingResult.reply(Labels.of(ns), target, r.elapsed())
                : PingResult.failed(Labels.of(ns), target, failure);
    }

    /**
     * Opens a TCP connection from {@code ns} to {@code address:port} and closes it again. The
     * socket is born inside {@code ns}; the connect waits on the calling thread.
     */
    public static ConnectResult connect(NetNamespace ns, String address, int port, Duration timeout) {
        InetSocketAddress target = socketAddress(address, port);
        int millis = timeoutMillis(timeout);
        String from = Labels.of(ns);
        String where = IpPrefix.hostString(target.getAddress()) + ":" + port;
        long start = System.nanoTime();
        String failure = null;
        try (SocketChannel ch = ns.openSocketChannel()) {
            ch.socket().connect(target, millis);
        } catch (IOException e) {
            failure = describe(e, timeout);
        }
        return new ConnectResult(from, where, failure == null, failure, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Sends {@code payload} by UDP from {@code ns} and waits for the first datagram back. */
    public static UdpResult udp(NetNamespace ns, String address, int port, byte[] payload, Duration timeout) {
        InetSocketAddress target = socketAddress(address, port);
        int millis = timeoutMillis(timeout);
        String from = Labels.of(ns);
        String where = IpPrefix.hostString(target.getAddress()) + ":" + port;
        try (DatagramChannel ch = ns.openDatagramChannel()) {
            // connected, so an ICMP port unreachable comes back as an exception
            ch.connect(target);
            ch.write(ByteBuffer.wrap(payload));
            ch.socket().setSoTimeout(millis);
            DatagramPacket packet = new DatagramPacket(new byte[65_536], 65_536);
            ch.socket().receive(packet);
            byte[] reply = new byte[packet.getLength()];
            System.arraycopy(packet.getData(), packet.getOffset(), reply, 0, reply.length);
            return new UdpResult(from, where, reply, null);
        } catch (IOException e) {
            return new UdpResult(from, where, null, describe(e, timeout));
        }
    }

    /**
     * Sends {@code datagrams} UDP datagrams from {@code ns} to {@code address:port} without
     * waiting for anything back: half of a one-way probe, whose other half is a {@link UdpCounter}.
     *
     * @return how many were handed to the kernel (not how many arrived)
     */
    public static int sendUdp(NetNamespace ns, String address, int port, int datagrams) {
        InetSocketAddress target = socketAddress(address, port);
        if (datagrams < 1) {
            throw new InvalidInputException("number of datagrams " + datagrams + " must be positive");
        }
        int sent = 0;
        try (DatagramChannel ch = ns.openDatagramChannel()) {
            byte[] payload = "netns-one-way-probe".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < datagrams; i++) {
                // unconnected: an ICMP error from an earlier datagram must not abort the rest
                ch.send(ByteBuffer.wrap(payload), target);
                sent++;
            }
        } catch (IOException e) {
            // no route, for example: the datagrams not sent are simply not counted
        }
        return sent;
    }

    /** {@link #http(NetNamespace, String, String, Map, String, Duration) GET} of {@code url}. */
    public static HttpResult http(NetNamespace ns, String url, Duration timeout) {
        return http(ns, "GET", url, Map.of(), null, timeout);
    }

    /**
     * Makes one HTTP request from {@code ns} with OkHttp, over a socket born inside it
     * ({@link NetNamespace#socketFactory()}), without a proxy and without reusing connections.
     *
     * @param url {@code http://ADDRESS[:PORT]/path}; the host must be an IP literal
     * @param headers extra request headers
     * @param body the request body (UTF-8), or {@code null}
     */
    public static HttpResult http(NetNamespace ns, String method, String url, Map<String, String> headers, String body,
            Duration timeout) {
        URI uri = parseUrl(url);
        socketAddress(hostOf(uri), uri.getPort() < 0 ? 80 : uri.getPort());
        timeoutMillis(timeout);
        String from = Labels.of(ns);
        Request.Builder request = new Request.Builder().url(url).header("Connection", "close");
        headers.forEach(request::header);
        try {
            request.method(method, body == null ? null : RequestBody.create(body.getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("cannot send HTTP " + method + " " + url + ": " + e.getMessage());
        }
        OkHttpClient client = HTTP.newBuilder().socketFactory(ns.socketFactory())
                .callTimeout(timeout).connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout).build();
        try (Response response = client.newCall(request.build()).execute()) {
            String text = response.peekBody(MAX_RESPONSE).string();
            return new HttpResult(from, url, response.code(), response.headers().toMultimap(), text, null);
        } catch (IOException e) {
            return new HttpResult(from, url, 0, Map.of(), "", describe(e, timeout));
        }
    }

    /**
     * Runs the real {@code curl} inside {@code ns} (no config file, no proxy). The result has the
     * status and the body; curl's response headers are not parsed.
     */
    public static HttpResult curl(NetNamespace ns, String url, Duration timeout) {
        URI uri = parseUrl(url);
        socketAddress(hostOf(uri), 80);
        String seconds = String.format(Locale.ROOT, "%.3f", timeout.toMillis() / 1000.0);
        // -q first: ignore ~/.curlrc; --noproxy: a proxy from the environment would send the
        // request somewhere outside the test's namespaces. The status comes last, on a line of its own.
        ExecResult r = ns.exec(List.of("curl", "-q", "-sS", "--noproxy", "*", "--max-time", seconds,
                "-w", "\n%{http_code}", url), timeout.plusSeconds(2));
        String from = Labels.of(ns);
        if (!r.succeeded()) {
            String why = r.timedOut() ? "timeout after " + timeout.toMillis() + " ms"
                    : "curl exited with status " + r.exitCode() + ": " + r.stderr().strip();
            return new HttpResult(from, url, 0, Map.of(), "", why);
        }
        String out = r.stdout();
        int cut = out.lastIndexOf('\n');
        int status = Integer.parseInt(out.substring(cut + 1).strip());
        return new HttpResult(from, url, status, Map.of(), out.substring(0, cut), null);
    }

    /**
     * A short reason for a failed probe, from the most specific exception in the chain: clients
     * such as OkHttp wrap the socket's "Connection refused" in "Failed to connect to ...".
     */
    static String describe(IOException e, Duration timeout) {
        String generic = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String reason = t instanceof IOException io ? reason(io, timeout) : null;
            if (reason != null) {
                return reason;
            }
            if (generic == null) {
                generic = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
            }
            for (Throwable s : t.getSuppressed()) {
                String r = s instanceof IOException io ? reason(io, timeout) : null;
                if (r != null) {
                    return r;
                }
            }
        }
        return generic;
    }

    private static String reason(IOException e, Duration timeout) {
        if (e instanceof SocketTimeoutException || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()))) {
            return "timeout after " + timeout.toMillis() + " ms";
        }
        if (e instanceof PortUnreachableException) {
            return "port unreachable (nothing listening)";
        }
        String msg = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (e instanceof NoRouteToHostException || msg.contains("no route to host")) {
            return "no route to host";
        }
        if (msg.contains("network is unreachable")) {
            return "network unreachable";
        }
        if (msg.contains("connection refused")) {
            return "connection refused";
        }
        if (msg.contains("reset")) {
            return "connection reset";
        }
        return null;
    }

    private static int timeoutMillis(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidInputException("probe timeout " + timeout + " must be positive");
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }

    private static InetSocketAddress socketAddress(String address, int port) {
        if (port < 1 || port > 65_535) {
            throw new InvalidInputException("port " + port + " is out of range 1-65535");
        }
        return new InetSocketAddress(IpPrefix.parseAddress(address), port);
    }

    private static URI parseUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new InvalidInputException("\"" + url + "\" is not an http:// URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidInputException("\"" + url + "\" is not a URL: " + e.getMessage());
        }
    }

    private static String hostOf(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private static String lastLines(String text, int n) {
        String[] lines = text.split("\n");
        List<String> tail = new ArrayList<>();
        for (int i = Math.max(0, lines.length - n); i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                tail.add(lines[i].strip());
            }
        }
        return String.join(" / ", tail);
    }
}
