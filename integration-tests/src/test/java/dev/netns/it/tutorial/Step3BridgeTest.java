package dev.netns.it.tutorial;

import static dev.netns.testkit.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Bridge;
import dev.netns.LinkInfo;
import dev.netns.NetNamespace;
import dev.netns.VethPair;
import dev.netns.testkit.Host;
import dev.netns.testkit.NetnsTest;
import dev.netns.testkit.NetworkTopology;
import dev.netns.testkit.Topology;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Step 3 of the tutorial: a virtual switch. Bridge {@code v-net-0} (192.168.15.5/24) in the host,
 * one veth per namespace with its far end attached to the bridge; red and blue reach each other.
 * The tutorial's "host" is the topology's sandbox namespace, never the machine's own.
 */
@NetnsTest
class Step3BridgeTest {

    private static final Duration SHORT = Duration.ofMillis(300);

    @NetworkTopology
    static Topology redAndBlue() {
        return Topology.builder().host("red").host("blue").build();
    }

    @Test
    void redAndBlueReachEachOtherThroughTheBridge(@Host("red") NetNamespace red, @Host("blue") NetNamespace blue,
            @Host(Topology.SANDBOX) NetNamespace host) {
        // ip link add v-net-0 type bridge; ip link set dev v-net-0 up; ip addr add 192.168.15.5/24 dev v-net-0
        Bridge vnet0 = host.createBridge("v-net-0");
        vnet0.up();
        vnet0.addAddress("192.168.15.5/24");

        // ip link add veth-red type veth peer name veth-red-br (and move veth-red into red)
        VethPair redCable = red.createVeth("veth-red", "veth-red-br", host);
        // ip link set veth-red-br master v-net-0 up
        redCable.peer().attachTo(vnet0).up();
        // ip -n red addr add 192.168.15.1/24 dev veth-red; ip -n red link set veth-red up
        redCable.local().addAddress("192.168.15.1/24").up();

        // Blue's cable is laid and addressed, but its far end is not plugged into the switch yet.
        VethPair blueCable = blue.createVeth("veth-blue", "veth-blue-br", host);
        blueCable.peer().up();
        blueCable.local().addAddress("192.168.15.2/24").up();

        assertThat(red).eventually(Duration.ofSeconds(3)).canPing("192.168.15.5");
        assertThat(red).withTimeout(SHORT).cannotPing("192.168.15.2");

        // ip link set veth-blue-br master v-net-0
        blueCable.peer().attachTo(vnet0);
        assertThat(vnet0.ports()).extracting(LinkInfo::name).containsExactlyInAnyOrder("veth-red-br", "veth-blue-br");

        // A neighbour entry left FAILED by the negative probe is retried, hence eventually.
        assertThat(red).eventually(Duration.ofSeconds(3)).canPing("192.168.15.2");
        assertThat(blue).canPing("192.168.15.1").canPing("192.168.15.5");
        assertThat(host).canPing("192.168.15.1").canPing("192.168.15.2");

        // Unplugging red's port cuts red off the switch again.
        redCable.peer().detach();
        assertThat(blue).withTimeout(SHORT).cannotPing("192.168.15.1");
    }
}
