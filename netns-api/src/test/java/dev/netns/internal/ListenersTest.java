package dev.netns.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.AlreadyExistsException;
import dev.netns.InvalidInputException;
import dev.netns.NamespaceClosedException;
import dev.netns.NetnsEvent;
import dev.netns.NetnsEvent.Kind;
import dev.netns.NetnsListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Registration and dispatch, as every backend's {@code addListener} and {@code publish} use them. No root needed. */
class ListenersTest {
    private static final NetnsEvent EVENT = NetnsEvent.of(Kind.LINK_CREATED, "red", "veth-red/veth-blue", Duration.ZERO);

    @Test
    void inactiveUntilAListenerIsAddedAndAfterItIsRemoved() {
        Listeners l = new Listeners();
        assertThat(l.active()).isFalse();
        List<NetnsEvent> heard = new ArrayList<>();
        NetnsListener.Registration r = l.add(heard::add);
        assertThat(l.active()).isTrue();
        l.publish(EVENT);
        r.close();
        r.close(); // idempotent: must not remove another registration
        assertThat(l.active()).isFalse();
        l.publish(EVENT);
        assertThat(heard).containsExactly(EVENT);
    }

    @Test
    void listenersHearInRegistrationOrderAndEachRegistrationCounts() {
        Listeners l = new Listeners();
        List<String> heard = new ArrayList<>();
        NetnsListener a = e -> heard.add("a");
        NetnsListener.Registration first = l.add(a);
        l.add(e -> heard.add("b"));
        NetnsListener.Registration second = l.add(a);
        l.publish(EVENT);
        assertThat(heard).containsExactly("a", "b", "a");
        heard.clear();
        first.close();
        l.publish(EVENT);
        assertThat(heard).containsExactly("b", "a");
        second.close();
        heard.clear();
        l.publish(EVENT);
        assertThat(heard).containsExactly("b");
    }

    @Test
    void aThrowingListenerBreaksNeitherThePublisherNorTheOthers() {
        Listeners l = new Listeners();
        List<NetnsEvent> heard = new ArrayList<>();
        l.add(e -> {
            throw new IllegalStateException("listener bug");
        });
        l.add(e -> {
            throw new AssertionError("listener assertion");
        });
        l.add(heard::add);
        l.publish(EVENT);
        assertThat(heard).containsExactly(EVENT);
    }

    @Test
    void aVirtualMachineErrorPassesThrough() {
        Listeners l = new Listeners();
        l.add(e -> {
            throw new OutOfMemoryError("simulated");
        });
        assertThatThrownBy(() -> l.publish(EVENT)).isInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void aListenerMayUnregisterItselfWhileHearing() {
        Listeners l = new Listeners();
        List<NetnsEvent> heard = new ArrayList<>();
        NetnsListener.Registration[] self = new NetnsListener.Registration[1];
        self[0] = l.add(e -> {
            heard.add(e);
            self[0].close();
        });
        l.publish(EVENT);
        l.publish(EVENT);
        assertThat(heard).hasSize(1);
        assertThat(l.active()).isFalse();
    }

    @Test
    void emitAndFailedMeasureFromTheStartAndSkipInvalidInput() {
        Listeners l = new Listeners();
        List<NetnsEvent> heard = new ArrayList<>();
        l.add(heard::add);
        long start = System.nanoTime() - 5_000_000;
        l.emit(Kind.ROUTE_ADDED, "red", "default via 192.168.15.5", start);
        l.failed("red", "veth-red/veth-blue", start,
                new AlreadyExistsException("create veth pair veth-red/veth-blue in namespace red", 17, "EEXIST", null, null));
        l.failed("red", "bad", start, new InvalidInputException("bad name"));
        l.failed("red", "closed", start, new NamespaceClosedException("namespace red is closed"));
        assertThat(heard).extracting(NetnsEvent::kind).containsExactly(Kind.ROUTE_ADDED, Kind.FAILED);
        assertThat(heard.get(0).elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(5));
        assertThat(heard.get(1).failure()).contains("EEXIST");
        assertThat(heard.get(1).subject()).isEqualTo("veth-red/veth-blue");
    }

    @Test
    void refusesNulls() {
        Listeners l = new Listeners();
        assertThatThrownBy(() -> l.add(null)).isInstanceOf(InvalidInputException.class).hasMessageContaining("listener");
        assertThatThrownBy(() -> l.publish(null)).isInstanceOf(InvalidInputException.class).hasMessageContaining("event");
    }
}
