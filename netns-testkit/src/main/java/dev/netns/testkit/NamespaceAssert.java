package dev.netns.testkit;

import dev.netns.NetNamespace;
import dev.netns.PingResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on what a namespace can reach; get one from {@link NetAssertions#assertThat(NetNamespace)}.
 * Each check runs a {@link Probes probe} inside the namespace.
 *
 * <pre>{@code
 * assertThat(red).canPing("192.168.15.2").canConnect("192.168.15.2", 80);
 * assertThat(red).withTimeout(Duration.ofMillis(300)).cannotConnect("192.168.15.2", 5432);
 * assertThat(red).usingBinaries().canPing("192.168.15.2");      // the real ping
 * assertThat(red).eventually(Duration.ofSeconds(5)).canPing("192.168.15.2");
 * assertThat(red).staysFor(Duration.ofSeconds(1)).cannotPing("203.0.113.1");
 * }</pre>
 *
 * <p>Modifiers ({@code withTimeout}, {@code usingBinaries}, {@code eventually}, {@code staysFor})
 * apply to the checks that follow them in the chain.
 *
 * @since 0.1
 */
public final class NamespaceAssert extends AbstractAssert<NamespaceAssert, NetNamespace> {
    /** Default timeout of a ping or TCP/UDP probe. */
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(1);
    /** Default timeout of an HTTP probe. */
    public static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(5);
    /** Default time {@link #eventually()} keeps retrying. */
    public static final Duration DEFAULT_EVENTUALLY = Duration.ofSeconds(10);

    private Checks.Mode mode = Checks.Mode.ONCE;
    private Duration window = Duration.ZERO;
    private Duration timeout;
    private boolean binaries;
    private final Prober probes;

    NamespaceAssert(NetNamespace actual) {
        this(actual, Prober.REAL);
    }

    NamespaceAssert(NetNamespace actual, Prober probes) {
        super(Objects.requireNonNull(actual, "namespace must not be null"), NamespaceAssert.class);
        this.probes = probes;
    }

    /** Sets the timeout of each probe that follows (default 1 s, HTTP 5 s). */
    public NamespaceAssert withTimeout(Duration probeTimeout) {
        this.timeout = probeTimeout;
        return this;
    }

    /** Makes the checks that follow use the real {@code ping} and {@code curl} binaries, run inside the namespace. */
    public NamespaceAssert usingBinaries() {
        this.binaries = true;
        return this;
    }

    /** Retries the checks that follow for up to 10 s until they hold (Awaitility). */
    public NamespaceAssert eventually() {
        return eventually(DEFAULT_EVENTUALLY);
    }

    /** Retries the checks that follow for up to {@code atMost} until they hold (Awaitility). */
    public NamespaceAssert eventually(Duration atMost) {
        this.mode = Checks.Mode.EVENTUALLY;
        this.window = atMost;
        return this;
    }

    /** Requires the checks that follow to hold on every probe for the whole of {@code period}. */
    public NamespaceAssert staysFor(Duration period) {
        this.mode = Checks.Mode.STAYS;
        this.window = period;
        return this;
    }

    /** Verifies that an ICMP echo to {@code address} gets a reply. */
    public NamespaceAssert canPing(String address) {
        Checks.run(mode, window, () -> {
            PingResult r = ping(address);
            if (!r.reachable()) {
                fail("expected " + from() + " to ping " + address + " (" + how("ICMP echo") + "), but: " + r.failure());
            }
        });
        return this;
    }

    /** Verifies that an ICMP echo to {@code address} gets no reply within the probe timeout. */
    public NamespaceAssert cannotPing(String address) {
        Checks.run(mode, window, () -> {
            PingResult r = ping(address);
            if (r.reachable()) {
                fail("expected " + from() + " not to reach " + address + " by " + how("ICMP echo") + ", but it replied in "
                        + String.format(java.util.Locale.ROOT, "%.3f ms", r.roundTrip().toNanos() / 1e6));
            }
        });
        return this;
    }

    /** Verifies that a TCP connection to {@code address:port} is accepted. */
    public NamespaceAssert canConnect(String address, int port) {
        Checks.run(mode, window, () -> {
            ConnectResult r = probes.connect(actual, address, port, probeTimeout());
            if (!r.connected()) {
                fail("expected " + from() + " to connect to " + r.target() + " over TCP (timeout "
                        + probeTimeout().toMillis() + " ms), but: " + r.failure());
            }
        });
        return this;
    }

    /** Verifies that a TCP connection to {@code address:port} fails (refused, unreachable or timed out). */
    public NamespaceAssert cannotConnect(String address, int port) {
        Checks.run(mode, window, () -> {
            ConnectResult r = probes.connect(actual, address, port, probeTimeout());
            if (r.connected()) {
                fail("expected " + from() + " not to connect to " + r.target() + " over TCP, but the connection was accepted in "
                        + r.elapsed().toMillis() + " ms");
            }
        });
        return this;
    }

    /** Verifies that a UDP datagram to {@code address:port} is answered (for example by {@link Network#udpEcho}). */
    public NamespaceAssert canExchangeUdp(String address, int port) {
        Checks.run(mode, window, () -> {
            UdpResult r = udp(address, port);
            if (!r.answered()) {
                fail("expected " + from() + " to get a UDP reply from " + r.target() + " (timeout "
                        + probeTimeout().toMillis() + " ms), but: " + r.failure());
            }
        });
        return this;
    }

    /** Verifies that a UDP datagram to {@code address:port} gets no reply within the probe timeout. */
    public NamespaceAssert cannotExchangeUdp(String address, int port) {
        Checks.run(mode, window, () -> {
            UdpResult r = udp(address, port);
            if (r.answered()) {
                fail("expected " + from() + " to get no UDP reply from " + r.target() + ", but got " + r.reply().length + " bytes");
            }
        });
        return this;
    }

    /**
     * Verifies that UDP datagrams sent from this namespace to {@code address:port} arrive at
     * {@code counter} (a {@link Network#countUdp} service there). Only this direction is used:
     * with {@link Network#partitionOneWay} it shows which way still flows, which an echo, a TCP
     * connection or a ping (all needing both ways) cannot.
     */
    public NamespaceAssert deliversUdp(String address, int port, UdpCounter counter) {
        Checks.run(mode, window, () -> {
            long before = counter.count();
            int sent = Probes.sendUdp(actual, address, port, 3);
            if (!counter.awaitCount(before + 1, probeTimeout())) {
                fail("expected " + from() + " to deliver UDP to " + address + ":" + port + " (" + sent
                        + " datagrams sent, one way), but " + counter + " got none of them within "
                        + probeTimeout().toMillis() + " ms");
            }
        });
        return this;
    }

    /** Verifies that no UDP datagram sent from this namespace to {@code address:port} reaches {@code counter}. */
    public NamespaceAssert doesNotDeliverUdp(String address, int port, UdpCounter counter) {
        Checks.run(mode, window, () -> {
            long before = counter.count();
            int sent = Probes.sendUdp(actual, address, port, 3);
            if (counter.awaitCount(before + 1, probeTimeout())) {
                fail("expected " + from() + " not to deliver UDP to " + address + ":" + port + ", but " + counter
                        + " received " + (counter.count() - before) + " of the " + sent + " datagrams sent");
            }
        });
        return this;
    }

    /**
     * Requests {@code url} with GET and returns assertions on the response; in the
     * {@code eventually} and {@code staysFor} modes each assertion on it requests again as needed.
     */
    public HttpResponseAssert httpGet(String url) {
        Duration t = timeout != null ? timeout : DEFAULT_HTTP_TIMEOUT;
        boolean curl = binaries;
        NetNamespace ns = actual;
        return new HttpResponseAssert(() -> curl ? probes.curl(ns, url, t) : probes.http(ns, url, t), mode, window,
                info.descriptionText());
    }

    private PingResult ping(String address) {
        return binaries ? probes.pingBinary(actual, address, probeTimeout()) : probes.ping(actual, address, probeTimeout());
    }

    private UdpResult udp(String address, int port) {
        return probes.udp(actual, address, port, "netns-probe".getBytes(StandardCharsets.UTF_8), probeTimeout());
    }

    private Duration probeTimeout() {
        return timeout != null ? timeout : DEFAULT_PROBE_TIMEOUT;
    }

    private String how(String probe) {
        return (binaries ? "the ping binary" : probe + ", in-process") + ", timeout " + probeTimeout().toMillis() + " ms";
    }

    private String from() {
        return Labels.of(actual);
    }

    private void fail(String message) {
        String d = info.descriptionText();
        throw new AssertionError(d == null || d.isEmpty() ? message : "[" + d + "] " + message);
    }
}
