package dev.netns.it.tutorial;

import static dev.netns.testkit.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

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
 * Step 2 of the tutorial: a virtual cable (veth pair) between red and blue, addressed
 * 192.168.15.1/24 and 192.168.15.2/24, links up, {@code ip netns exec red ping 192.168.15.2}.
 */
@NetnsTest
class Step2VethCableTest {

    private static final Duration SHORT = Duration.ofMillis(300);

    /** Step 1's result: two empty namespaces. The cable is the step, so the test lays it. */
    @NetworkTopology
    static Topology redAndBlue() {
        return Topology.builder().host("red").host("blue").build();
    }

    @Test
    void redPingsBlueOverTheCableOnlyOnceItIsAddressedAndUp(@Host("red") NetNamespace red,
            @Host("blue") NetNamespace blue) {
        // ip link add veth-red type veth peer name veth-blue; ip link set veth-blue netns blue
        VethPair cable = red.createVeth("veth-red", "veth-blue", blue);
        assertThat(red.links()).extracting(LinkInfo::name).containsExactly("lo", "veth-red");
        assertThat(blue.links()).extracting(LinkInfo::name).containsExactly("lo", "veth-blue");
        assertThat(cable.local().info().kind()).isEqualTo("veth");
        // A cable alone carries nothing: no address, links down.
        assertThat(red).withTimeout(SHORT).cannotPing("192.168.15.2");

        // ip -n red addr add 192.168.15.1/24 dev veth-red; ip -n blue addr add 192.168.15.2/24 dev veth-blue
        cable.local().addAddress("192.168.15.1/24");
        cable.peer().addAddress("192.168.15.2/24");
        // Addressed but still down: still nothing.
        assertThat(cable.local().info().up()).isFalse();
        assertThat(red).withTimeout(SHORT).cannotPing("192.168.15.2");

        // ip -n red link set veth-red up; ip -n blue link set veth-blue up
        cable.local().up();
        cable.peer().up();

        // ip netns exec red ping 192.168.15.2: the real ping binary, and the SDK's own probe.
        // The kernel's link watcher activates a fresh link's queue asynchronously, so the very
        // first echo may be dropped: retry that one.
        assertThat(red).usingBinaries().eventually(Duration.ofSeconds(3)).canPing("192.168.15.2");
        assertThat(red).canPing("192.168.15.2");
        assertThat(blue).canPing("192.168.15.1");

        // Unplugging one end (down) cuts it again.
        cable.peer().down();
        assertThat(red).withTimeout(SHORT).cannotPing("192.168.15.2");
    }
}
