package dev.netns.testkit;

import static dev.netns.testkit.NetAssertions.assertThat;
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

    /** A namespace stand-in: {@code ping} answers {@code pings}, {@code call} returns {@code callResult}. */
    private static NetNamespace fake(PingResult ping, Object callResult) {
        return (NetNamespace) Proxy.newProxyInstance(NetNamespace.class.getClassLoader(), new Class<?>[] {NetNamespace.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "id" -> ID;
                    case "name" -> Optional.empty();
                    case "isInitial", "isClosed" -> false;
                    case "ping" -> ping;
                    case "call" -> callResult;
                    case "toString" -> "fake";
                    case "hashCode" -> 1;
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
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
        assertThatThrownBy(() -> assertThat(fake(timeout(), null)).canPing("192.168.15.2"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("expected red (net:[4026530001]) to ping 192.168.15.2 (ICMP echo, in-process, timeout 1000 ms),"
                        + " but: timeout after 1000 ms");
        assertThatThrownBy(() -> assertThat(fake(reply(), null)).cannotPing("192.168.15.2"))
                .hasMessageContaining("not to reach 192.168.15.2").hasMessageContaining("replied in 0.120 ms");
        assertThatCode(() -> assertThat(fake(reply(), null)).canPing("192.168.15.2")).doesNotThrowAnyException();
    }

    @Test
    void connectFailureNamesTheReason() {
        assertThatThrownBy(() -> assertThat(fake(null, "connection refused")).as("db").canConnect("192.168.15.2", 5432))
                .hasMessage("[db] expected namespace net:[4026530001] to connect to 192.168.15.2:5432 over TCP (timeout 1000 ms),"
                        + " but: connection refused");
        assertThatThrownBy(() -> assertThat(fake(null, null)).cannotConnect("192.168.15.2", 80))
                .hasMessageContaining("not to connect to 192.168.15.2:80 over TCP, but the connection was accepted");
    }

    @Test
    void httpWrongStatusAndMissingResponse() {
        HttpWire.Response notFound = new HttpWire.Response(404, Map.of("content-type", List.of("text/plain")), "no such page");
        assertThatThrownBy(() -> assertThat(fake(null, notFound)).httpGet("http://192.168.15.2/x").hasStatus(200))
                .hasMessageContaining("expected GET http://192.168.15.2/x from namespace net:[4026530001] to give status 200,"
                        + " but got status 404 with body \"no such page\"");
        assertThatThrownBy(() -> assertThat(fake(null, "timeout after 5000 ms")).httpGet("http://192.168.15.2/").hasStatus(200))
                .hasMessageContaining("to get a response to GET http://192.168.15.2/, but: timeout after 5000 ms");
        assertThatThrownBy(() -> assertThat(fake(null, notFound)).httpGet("http://192.168.15.2/").bodyContains("hello"))
                .hasMessageContaining("a body containing \"hello\"");
        assertThatCode(() -> assertThat(fake(null, notFound)).httpGet("http://192.168.15.2/")
                .hasStatus(404).bodyContains("page").hasHeader("Content-Type", "text/plain")).doesNotThrowAnyException();
    }

    @Test
    void eventuallyRetriesUntilItHolds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        PingResult ok = reply();
        PingResult bad = timeout();
        NetNamespace flaky = (NetNamespace) Proxy.newProxyInstance(NetNamespace.class.getClassLoader(),
                new Class<?>[] {NetNamespace.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "id" -> ID;
                    case "name" -> Optional.empty();
                    case "isInitial" -> false;
                    case "ping" -> calls.incrementAndGet() < 3 ? bad : ok;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        assertThat(flaky).eventually(Duration.ofSeconds(5)).canPing("192.168.15.2");
        org.assertj.core.api.Assertions.assertThat(calls).hasValue(3);
        assertThatThrownBy(() -> assertThat(fake(timeout(), null)).eventually(Duration.ofMillis(300)).canPing("192.168.15.2"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but: timeout after 1000 ms").hasMessageContaining("still so after retrying for 300 ms");
    }

    @Test
    void staysForFailsOnTheFirstLapse() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        PingResult ok = reply();
        PingResult bad = timeout();
        NetNamespace lapsing = (NetNamespace) Proxy.newProxyInstance(NetNamespace.class.getClassLoader(),
                new Class<?>[] {NetNamespace.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "id" -> ID;
                    case "name" -> Optional.empty();
                    case "isInitial" -> false;
                    case "ping" -> calls.incrementAndGet() < 3 ? ok : bad;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        assertThatThrownBy(() -> assertThat(lapsing).staysFor(Duration.ofSeconds(5)).canPing("192.168.15.2"))
                .hasMessageContaining("it was to hold for 5000 ms, but stopped after").hasMessageContaining("on check 3");
        assertThatCode(() -> assertThat(fake(bad, null)).staysFor(Duration.ofMillis(250)).cannotPing("192.168.15.2"))
                .doesNotThrowAnyException();
    }
}
