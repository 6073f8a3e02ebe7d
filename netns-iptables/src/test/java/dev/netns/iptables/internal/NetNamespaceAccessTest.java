package dev.netns.iptables.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.ExecRequest;
import dev.netns.ExecResult;
import dev.netns.NetNamespace;
import dev.netns.NetnsException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * How {@link NetNamespaceAccess} drives the namespace's one process runner and reports its
 * failures; the runner itself (files, timeouts, kills) is tested with netns-netlink's ProcessLauncher.
 */
class NetNamespaceAccessTest {

    private final AtomicReference<ExecRequest> asked = new AtomicReference<>();

    private NetNamespace namespace(Function<ExecRequest, ExecResult> exec) {
        return (NetNamespace) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {NetNamespace.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "exec":
                            asked.set((ExecRequest) args[0]);
                            return exec.apply((ExecRequest) args[0]);
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

    private static ExecResult echo(ExecRequest r) {
        String in = r.stdin().map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
        return new ExecResult(r.command(), 0, in, "", Duration.ofMillis(1), false);
    }

    @Test
    void passesInputEnvironmentAndTimeoutToTheRunner() {
        ExecResult r = new NetNamespaceAccess(namespace(NetNamespaceAccessTest::echo), Duration.ofSeconds(7))
                .run(List.of("iptables-restore", "--noflush"), "*nat\nCOMMIT\n");
        assertThat(r.stdout()).isEqualTo("*nat\nCOMMIT\n");
        assertThat(asked.get().command()).containsExactly("iptables-restore", "--noflush");
        assertThat(asked.get().environment()).containsEntry("LC_ALL", "C");
        assertThat(asked.get().timeout()).isEqualTo(Duration.ofSeconds(7));
        new NetNamespaceAccess(namespace(NetNamespaceAccessTest::echo)).run(List.of("iptables-save"), null);
        assertThat(asked.get().stdin()).isEmpty();
    }

    @Test
    void aTimeoutIsReportedAsAnIptablesFailure() {
        NetNamespace ns = namespace(r -> new ExecResult(r.command(), -1, "", "stuck\n", r.timeout(), true));
        assertThatThrownBy(() -> new NetNamespaceAccess(ns, Duration.ofMillis(200)).run(List.of("sleep", "30"), "x\n"))
                .isInstanceOf(IptablesException.class)
                .hasMessageContaining("sleep 30 in namespace 'netns-iptables-test-no-such-namespace' did not finish within 200 ms and was killed")
                .hasMessageContaining("stuck")
                .satisfies(e -> assertThat(((IptablesException) e).result().timedOut()).isTrue());
    }

    @Test
    void anInterruptIsReportedAndTheFlagKept() {
        NetNamespace ns = namespace(r -> {
            Thread.currentThread().interrupt();
            throw new NetnsException("interrupted while running sleep 30; it was killed");
        });
        try {
            assertThatThrownBy(() -> new NetNamespaceAccess(ns).run(List.of("sleep", "30"), null))
                    .isInstanceOf(IptablesException.class)
                    .hasMessageContaining("sleep 30 in namespace 'netns-iptables-test-no-such-namespace' was interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void reopeningGoesThroughAnOpenHandleAndFindsADeletedNamedNamespaceGone() {
        NetNamespaceAccess access = new NetNamespaceAccess(namespace(NetNamespaceAccessTest::echo));
        NetNamespace live = namespace(NetNamespaceAccessTest::echo);
        assertThat(access.reopen(live)).isNotNull();
        // No /run/netns file by that name: the namespace was deleted, and its rules went with it.
        assertThat(access.reopen(null)).isNull();
    }
}
