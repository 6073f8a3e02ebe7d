package dev.netns.iptables.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.ExecResult;
import dev.netns.NetNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Process handling of {@link NetNamespaceAccess}, with a stand-in namespace that starts programs right here. */
class NetNamespaceAccessTest {

    private final AtomicReference<Process> started = new AtomicReference<>();

    private NetNamespace here() {
        return (NetNamespace) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {NetNamespace.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "start":
                            try {
                                Process p = ((ProcessBuilder) args[0]).start();
                                started.set(p);
                                return p;
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        case "name":
                            return Optional.of("netns-iptables-test-no-such-namespace");
                        case "id":
                            return new dev.netns.NamespaceId(4, 4026531000L);
                        case "isInitial":
                        case "isClosed":
                            return false;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    @Test
    void feedsStdinAndCollectsBothStreams() {
        ExecResult r = new NetNamespaceAccess(here()).run(List.of("cat"), "*nat\nCOMMIT\n");
        assertThat(r.succeeded()).isTrue();
        assertThat(r.stdout()).isEqualTo("*nat\nCOMMIT\n");
        ExecResult bad = new NetNamespaceAccess(here()).run(List.of("ls", "/no/such/dir"), null);
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.stderr()).contains("/no/such/dir");
    }

    @Test
    void aHungProcessIsKilledAfterTheTimeoutAndReportedAsAnIptablesFailure() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> new NetNamespaceAccess(here(), Duration.ofMillis(200)).run(List.of("sleep", "30"), "x\n"))
                .isInstanceOf(IptablesException.class)
                .hasMessageContaining("sleep 30 in namespace 'netns-iptables-test-no-such-namespace' did not finish within 200 ms and was killed")
                .satisfies(e -> assertThat(((IptablesException) e).result().timedOut()).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(started.get().isAlive()).isFalse();
    }

    @Test
    void anInterruptKillsTheProcessAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> new NetNamespaceAccess(here()).run(List.of("sleep", "30"), null))
                    .isInstanceOf(IptablesException.class)
                    .hasMessageContaining("sleep 30 in namespace 'netns-iptables-test-no-such-namespace' was interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(started.get().isAlive()).isFalse();
    }

    @Test
    void reopeningGoesThroughAnOpenHandleAndFindsADeletedNamedNamespaceGone() {
        NetNamespaceAccess access = new NetNamespaceAccess(here());
        NetNamespace live = here();
        assertThat(access.reopen(live)).isNotNull();
        // No /run/netns file by that name: the namespace was deleted, and its rules went with it.
        assertThat(access.reopen(null)).isNull();
    }
}
