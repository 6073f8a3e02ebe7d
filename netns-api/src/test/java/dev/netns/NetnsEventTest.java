package dev.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.NetnsEvent.Kind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The event value: its checks, its factories and how it prints. No root needed. */
class NetnsEventTest {
    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void printsKindNamespaceSubjectAndTime() {
        NetnsEvent e = new NetnsEvent(T, Kind.ADDRESS_ADDED, "red", "192.168.15.1/24 on veth-red",
                Duration.ofNanos(20_000), null);
        assertThat(e).hasToString("ADDRESS_ADDED red 192.168.15.1/24 on veth-red (0.020 ms)");
        assertThat(e.failure()).isNull();
    }

    @Test
    void failedCarriesTheExceptionsMessage() {
        KernelException cause = new AlreadyExistsException("create bridge br0 in namespace red", 17, "EEXIST", null, null);
        NetnsEvent e = NetnsEvent.failed("red", "bridge br0", Duration.ZERO, cause);
        assertThat(e.kind()).isEqualTo(Kind.FAILED);
        assertThat(e.failure()).isEqualTo("cannot create bridge br0 in namespace red: EEXIST");
        assertThat(e.toString()).endsWith(": cannot create bridge br0 in namespace red: EEXIST");
        assertThat(e.time()).isNotNull();
        // an exception without a message still says what it was
        assertThat(NetnsEvent.failed("red", "x", Duration.ZERO, new IllegalStateException()).failure())
                .isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void refusesInconsistentComponents() {
        assertThatThrownBy(() -> new NetnsEvent(T, Kind.FAILED, "red", "x", Duration.ZERO, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("FAILED event needs");
        assertThatThrownBy(() -> new NetnsEvent(T, Kind.LINK_CREATED, "red", "x", Duration.ZERO, "boom"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("LINK_CREATED event has no failure");
        assertThatThrownBy(() -> new NetnsEvent(T, Kind.LINK_CREATED, "red", "x", Duration.ofNanos(-1), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> new NetnsEvent(T, Kind.LINK_CREATED, null, "x", Duration.ZERO, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("event namespace");
        assertThatThrownBy(() -> NetnsEvent.of(null, "red", "x", Duration.ZERO))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("event kind");
    }

    @Test
    void isAValue() {
        NetnsEvent a = new NetnsEvent(T, Kind.SYSCTL_SET, "host", "net.ipv4.ip_forward=1", Duration.ZERO, null);
        NetnsEvent b = new NetnsEvent(T, Kind.SYSCTL_SET, "host", "net.ipv4.ip_forward=1", Duration.ZERO, null);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }
}
