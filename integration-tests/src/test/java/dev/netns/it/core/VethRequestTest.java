package dev.netns.it.core;

import static dev.netns.testkit.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.AlreadyExistsException;
import dev.netns.Bridge;
import dev.netns.InvalidInputException;
import dev.netns.LinkInfo;
import dev.netns.NetNamespace;
import dev.netns.NetnsEvent;
import dev.netns.NetnsException;
import dev.netns.NetnsListener;
import dev.netns.NotFoundException;
import dev.netns.VethPair;
import dev.netns.VethRequest;
import dev.netns.testkit.Host;
import dev.netns.testkit.NetnsTest;
import dev.netns.testkit.NetworkTopology;
import dev.netns.testkit.Topology;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link NetNamespace#createVeth(VethRequest)}: a cable born ready (first end up and a bridge port,
 * peer up), checked by the kernel's own view and by traffic; bad requests change nothing.
 */
@NetnsTest
class VethRequestTest {

    @NetworkTopology
    static Topology redAndBlue() {
        return Topology.builder().host("red").host("blue").build();
    }

    @Test
    void aCableBornUpAndAttachedCarriesTrafficWithNothingElseDone(@Host("red") NetNamespace red,
            @Host("blue") NetNamespace blue, @Host(Topology.SANDBOX) NetNamespace host) {
        Bridge br = host.createBridge("br0");
        br.addAddress("192.168.15.5/24").up();
        List<NetnsEvent> events = new CopyOnWriteArrayList<>();
        NetnsListener.Registration listening = host.stack().addListener(events::add);
        try {
            VethPair redCable = host.createVeth(VethRequest.builder("veth-red-br", "eth0").peerNamespace(red).master(br).up().build());
            redCable.peer().addAddress("192.168.15.1/24");
            VethPair blueCable = host.createVeth(VethRequest.builder("veth-blue-br", "eth0").peerNamespace(blue).master(br).up().build());
            blueCable.peer().addAddress("192.168.15.2/24");

            LinkInfo port = redCable.local().info();
            assertThat(port.up()).isTrue();
            assertThat(port.masterIndex()).isEqualTo(br.index());
            assertThat(redCable.peer().info().up()).isTrue();
            assertThat(redCable.peer().namespace()).isEqualTo(red);
            assertThat(br.ports()).extracting(LinkInfo::name).containsExactlyInAnyOrder("veth-red-br", "veth-blue-br");
        } finally {
            listening.close();
        }
        // One event per cable: the creation says what it did.
        assertThat(events).filteredOn(e -> e.kind() == NetnsEvent.Kind.LINK_CREATED).extracting(NetnsEvent::subject)
                .allSatisfy(s -> assertThat(s).contains(", up, master br0")).hasSize(2);
        assertThat(events).filteredOn(e -> e.kind() == NetnsEvent.Kind.LINK_CHANGED).isEmpty();

        assertThat(red).eventually(Duration.ofSeconds(3)).canPing("192.168.15.2");
        assertThat(blue).canPing("192.168.15.1").canPing("192.168.15.5");
    }

    @Test
    void awaitOperationalWaitsForTheLinkWatcherNotForTheUnknownAFreshVethStartsWith(@Host("red") NetNamespace red,
            @Host("blue") NetNamespace blue) {
        // A veth reads UNKNOWN from its creation until the kernel's link watcher has run; only then
        // does it pass packets. Read right after the wait, both ends must say UP every time.
        for (int i = 0; i < 20; i++) {
            VethPair cable = red.createVeth(VethRequest.builder("wait" + i, "wait" + i).peerNamespace(blue).build());
            cable.local().up();
            cable.peer().up();
            cable.local().awaitOperational(Duration.ofSeconds(3));
            cable.peer().awaitOperational(Duration.ofSeconds(3));
            assertThat(cable.local().info().operState()).as("round %d, %s", i, cable.local()).isEqualTo("UP");
            assertThat(cable.peer().info().operState()).as("round %d, %s", i, cable.peer()).isEqualTo("UP");
            cable.local().delete();
        }
        // Loopback never has a carrier event: its UNKNOWN is final, and operational.
        assertThat(red.link("lo").awaitOperational(Duration.ofSeconds(1)).info().operState()).isEqualTo("UNKNOWN");
        // A link that is down is not, and the failure says why.
        VethPair down = red.createVeth(VethRequest.builder("idle0", "idle1").build());
        assertThatThrownBy(() -> down.local().awaitOperational(Duration.ofMillis(30)))
                .isExactlyInstanceOf(NetnsException.class).hasMessageContaining("administratively down");
    }

    @Test
    void withoutUpOrMasterBothEndsAreDownAndFree(@Host("red") NetNamespace red, @Host(Topology.SANDBOX) NetNamespace host) {
        VethPair cable = host.createVeth(VethRequest.builder("v0", "eth0").peerNamespace(red).build());
        assertThat(cable.local().info().up()).isFalse();
        assertThat(cable.local().info().masterIndex()).isZero();
        assertThat(cable.peer().info().up()).isFalse();
    }

    @Test
    void aBridgeOfAnotherNamespaceIsRefusedBeforeAnythingIsMade(@Host("red") NetNamespace red,
            @Host(Topology.SANDBOX) NetNamespace host) {
        Bridge elsewhere = red.createBridge("br-red");
        VethRequest request = VethRequest.builder("v0", "eth0").peerNamespace(red).master(elsewhere).up().build();
        assertThatThrownBy(() -> host.createVeth(request))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the bridge must be in this namespace")
                .hasMessageContaining("br-red");
        assertThat(host.findLink("v0")).isEmpty();
        assertThat(red.findLink("eth0")).isEmpty();
    }

    @Test
    void aTakenPeerNameLeavesNeitherEnd(@Host("red") NetNamespace red, @Host(Topology.SANDBOX) NetNamespace host) {
        Bridge br = host.createBridge("br0");
        red.createBridge("eth0"); // the name the peer wants
        VethRequest request = VethRequest.builder("v0", "eth0").peerNamespace(red).master(br).up().build();
        assertThatThrownBy(() -> host.createVeth(request)).isInstanceOf(AlreadyExistsException.class);
        assertThat(host.findLink("v0")).isEmpty();
        assertThat(br.ports()).isEmpty();
    }

    @Test
    void aDeletedBridgeLeavesNeitherEnd(@Host("red") NetNamespace red, @Host(Topology.SANDBOX) NetNamespace host) {
        Bridge br = host.createBridge("br0");
        br.delete();
        VethRequest request = VethRequest.builder("v0", "eth0").peerNamespace(red).master(br).up().build();
        // The kernel says EINVAL for a master it does not know; the SDK names the bridge.
        assertThatThrownBy(() -> host.createVeth(request)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("its bridge (index " + br.index() + ") is no longer there");
        assertThat(host.findLink("v0")).isEmpty();
        assertThat(red.findLink("eth0")).isEmpty();
    }

    @Test
    void badRequestsAreTypedErrors(@Host("red") NetNamespace red) {
        assertThatThrownBy(() -> VethRequest.builder("a-name-longer-than-15", "eth0")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> VethRequest.builder("v0", "eth0").peerNamespace(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> VethRequest.builder("v0", "eth0").master(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> red.createVeth(VethRequest.builder("v0", "v0").build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("different names");
        assertThatThrownBy(() -> red.createVeth((VethRequest) null)).isInstanceOf(InvalidInputException.class);
        assertThat(red.findLink("v0")).isEmpty();
    }
}
