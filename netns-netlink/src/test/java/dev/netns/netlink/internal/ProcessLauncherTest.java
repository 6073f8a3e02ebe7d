package dev.netns.netlink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.ExecRequest;
import dev.netns.ExecResult;
import dev.netns.InvalidInputException;
import dev.netns.NetnsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The one process runner, with programs started right here instead of inside a namespace. */
class ProcessLauncherTest {
    private final AtomicReference<Process> started = new AtomicReference<>();

    private Process startHere(ProcessBuilder pb) {
        try {
            Process p = pb.start();
            started.set(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void feedsStdinSetsEnvironmentAndDirectoryAndCollectsBothStreams() {
        ExecResult r = ProcessLauncher.exec(ExecRequest.builder("cat").stdin("*nat\nCOMMIT\n").build(), this::startHere);
        assertThat(r.succeeded()).isTrue();
        assertThat(r.stdout()).isEqualTo("*nat\nCOMMIT\n");
        ExecResult env = ProcessLauncher.exec(ExecRequest.builder("sh", "-c", "echo $NETNS_T; pwd; echo $HOME")
                .environment("NETNS_T", "x y").clearEnvironment().directory(Path.of("/tmp")).build(), this::startHere);
        assertThat(env.stdout()).isEqualTo("x y\n/tmp\n\n");
        ExecResult bad = ProcessLauncher.exec(ExecRequest.of("ls", "/no/such/dir"), this::startHere);
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.stderr()).contains("/no/such/dir");
    }

    @Test
    void aHungProcessAndItsChildrenAreKilledAfterTheTimeout() {
        long t0 = System.nanoTime();
        ExecResult r = ProcessLauncher.exec(ExecRequest.builder("sh", "-c", "sleep 30 & sleep 30")
                .timeout(Duration.ofMillis(200)).build(), this::startHere);
        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(started.get().isAlive()).isFalse();
        assertThat(started.get().descendants().filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void anInterruptKillsTheProcessAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> ProcessLauncher.exec(ExecRequest.of("sleep", "30"), this::startHere))
                    .isInstanceOf(NetnsException.class).hasMessageContaining("interrupted while running sleep 30");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(started.get().isAlive()).isFalse();
    }

    @Test
    void badRequestsAreRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> ExecRequest.of()).isInstanceOf(InvalidInputException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> ExecRequest.of("echo", "a\0b")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> ExecRequest.builder("x").timeout(Duration.ZERO)).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> ExecRequest.builder("x").environment("A=B", "c")).hasMessageContaining("A=B");
        assertThatThrownBy(() -> ExecRequest.of("")).hasMessageContaining("empty program name");
    }
}
