package dev.netns.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.NamespaceId;
import dev.netns.NetNamespace;
import dev.netns.PingResult;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failure messages, checked against a stand-in namespace whose probes return canned outcomes (no traffic at all). */
class AssertionMessagesTest {
    private static final NamespaceId ID = new NamespaceId(4, 4026530001L);

    /** A namespace stand-in that only knows who it is: every probe of the assertions below is canned. */
    private static final NetNamespace NS = (NetNamespace) Proxy.newProxyInstance(NetNamespace.class.getClassLoader(),
            new Class<?>[] {NetNamespace.class}, (proxy, method, args) -> switch (method.getName()) {
                case "id" -> ID;
                case "name" -> Optional.empty();
                case "isInitial", "isClosed" -> false;
                case "toString" -> "fake";
                case "hashCode" -> 1;
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.getName());
            });

    /**
     * Assertions on {@link #NS} whose ping answers {@code ping} and whose TCP and HTTP probes give
     * {@code outcome}: null (connected), a failure text, or an {@link HttpResult}.
     */
    private static NamespaceAssert fake(PingResult ping, Object outcome) {
        return new NamespaceAssert(NS, new Prober() {
            @Override
            public PingResult ping(NetNamespace ns, String address, Duration timeout) {
                return ping;
            }

            @Override
            public ConnectResult connect(NetNamespace ns, String address, int port, Duration timeout) {
                return new ConnectResult(Labels.of(ns), address + ":" + port, outcome == null, (String) outcome, Duration.ZERO);
            }

            @Override
            public HttpResult http(NetNamespace ns, String url, Duration timeout) {
                return outcome instanceof HttpResult r ? new HttpResult(Labels.of(ns), url, r.status(), r.headers(), r.body(), null)
                        : new HttpResult(Labels.of(ns), url, 0, Map.of(), "", (String) outcome);
            }
        });
    }

    /** Assertions on a namespace whose pings answer in turn from {@code answers}. */
    private static NamespaceAssert pinging(java.util.function.Supplier<PingResult> answers) {
        return new NamespaceAssert(NS, new Prober() {
            @Override
            public PingResult ping(NetNamespace ns, String address, Duration timeout) {
                return answers.get();
            }
        });
    }

    private static PingResult timeout() throws Exception {
        return PingResult.failed("x", InetAddress.getByName("192.168.15.2"), "timeout after 1000 ms");
    }

    private static PingResult reply() throws Exception {
        return PingResult.reply("x", InetAddress.getByName("192.168.15.2"), Duration.ofNanos(120_000));
    }

    @AfterEach
    void forget() {
        Labels.unregister(ID);
    }

    @Test
    void pingFailureSaysFromWhereToWhereAndWhat() throws Exception {
        Labels.register(ID, "red");
        assertThatThrownBy(() -> (fake(timeout(), null)).canPing("192.168.15.2"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("expected red (net:[4026530001]) to ping 192.168.15.2 (ICMP echo, in-process, timeout 1000 ms),"
                        + " but: timeout after 1000 ms");
        assertThatThrownBy(() -> (fake(reply(), null)).cannotPing("192.168.15.2"))
                .hasMessageContaining("not to reach 192.168.15.2").hasMessageContaining("replied in 0.120 ms");
        assertThatCode(() -> (fake(reply(), null)).canPing("192.168.15.2")).doesNotThrowAnyException();
    }

    @Test
    void connectFailureNamesTheReason() {
        assertThatThrownBy(() -> (fake(null, "connection refused")).as("db").canConnect("192.168.15.2", 5432))
                .hasMessage("[db] expected namespace net:[4026530001] to connect to 192.168.15.2:5432 over TCP (timeout 1000 ms),"
                        + " but: connection refused");
        assertThatThrownBy(() -> (fake(null, null)).cannotConnect("192.168.15.2", 80))
                .hasMessageContaining("not to connect to 192.168.15.2:80 over TCP, but the connection was accepted");
    }

    @Test
    void httpWrongStatusAndMissingResponse() {
        HttpResult notFound = new HttpResult("x", "x", 404, Map.of("content-type", List.of("text/plain")), "no such page", null);
        assertThatThrownBy(() -> (fake(null, notFound)).httpGet("http://192.168.15.2/x").hasStatus(200))
                .hasMessageContaining("expected GET http://192.168.15.2/x from namespace net:[4026530001] to give status 200,"
                        + " but got status 404 with body \"no such page\"");
        assertThatThrownBy(() -> (fake(null, "timeout after 5000 ms")).httpGet("http://192.168.15.2/").hasStatus(200))
                .hasMessageContaining("to get a response to GET http://192.168.15.2/, but: timeout after 5000 ms");
        assertThatThrownBy(() -> (fake(null, notFound)).httpGet("http://192.168.15.2/").bodyContains("hello"))
                .hasMessageContaining("a body containing \"hello\"");
        assertThatCode(() -> (fake(null, notFound)).httpGet("http://192.168.15.2/")
                .hasStatus(404).bodyContains("page").hasHeader("Content-Type", "text/plain")).doesNotThrowAnyException();
    }

    @Test
    void eventuallyRetriesUntilItHolds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        PingResult ok = reply();
        PingResult bad = timeout();
        pinging(() -> calls.incrementAndGet() < 3 ? bad : ok).eventually(Duration.ofSeconds(5)).canPing("192.168.15.2");
        org.assertj.core.api.Assertions.assertThat(calls).hasValue(3);
        assertThatThrownBy(() -> (fake(timeout(), null)).eventually(Duration.ofMillis(300)).canPing("192.168.15.2"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but: timeout after 1000 ms").hasMessageContaining("still so after retrying for 300 ms");
    }

    @Test
    void staysForFailsOnTheFirstLapse() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        PingResult ok = reply();
        PingResult bad = timeout();
        assertThatThrownBy(() -> pinging(() -> calls.incrementAndGet() < 3 ? ok : bad).staysFor(Duration.ofSeconds(5)).canPing("192.168.15.2"))
                .hasMessageContaining("it was to hold for 5000 ms, but stopped after").hasMessageContaining("on check 3");
        assertThatCode(() -> (fake(bad, null)).staysFor(Duration.ofMillis(250)).cannotPing("192.168.15.2"))
                .doesNotThrowAnyException();
    }
}
