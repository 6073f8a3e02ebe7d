package dev.netns.netlink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.NamespaceClosedException;
import dev.netns.netlink.internal.libc.LibC;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The anchor's delayed tasks ({@link Anchor#submitAfter}): they wait their time, give way to
 * queued tasks, and fail when the anchor closes. No root: the anchor only switches namespaces
 * when it is not home, and here it is.
 */
class AnchorLaterTest {
    private int hostFd;
    private Anchor anchor;

    @BeforeEach
    void start() {
        hostFd = LibC.open("/proc/self/ns/net", LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        anchor = new Anchor(hostFd);
    }

    @AfterEach
    void stop() {
        anchor.close();
        NetlinkSocket.closeQuietly(hostFd);
    }

    @Test
    void aDelayedTaskWaitsItsTimeAndQueuedTasksGoFirst() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        FutureTask<Long> later = anchor.submitAfter(() -> {
            order.add("later");
            return System.nanoTime();
        }, TimeUnit.MILLISECONDS.toNanos(50));
        FutureTask<Void> soon = anchor.submitAfter(() -> {
            order.add("soon");
            return null;
        }, TimeUnit.MILLISECONDS.toNanos(5));
        anchor.call(() -> order.add("now"));
        long ranAt = later.get(5, TimeUnit.SECONDS);
        soon.get(5, TimeUnit.SECONDS);
        assertThat(order).containsExactly("now", "soon", "later");
        assertThat(ranAt - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void closingFailsDelayedTasksInsteadOfLeavingThemWaiting() {
        FutureTask<Void> never = anchor.submitAfter(() -> null, TimeUnit.SECONDS.toNanos(60));
        anchor.close();
        assertThatThrownBy(() -> never.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(NamespaceClosedException.class);
        assertThatThrownBy(() -> anchor.submitAfter(() -> null, 0)).isInstanceOf(NamespaceClosedException.class);
    }
}
