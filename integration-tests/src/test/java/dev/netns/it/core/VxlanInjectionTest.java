package dev.netns.it.core;

import static dev.netns.testkit.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Link;
import dev.netns.LinkType;
import dev.netns.NetNamespace;
import dev.netns.testkit.Host;
import dev.netns.testkit.NetLink;
import dev.netns.testkit.NetnsTest;
import dev.netns.testkit.NetworkTopology;
import dev.netns.testkit.Topology;
import dev.netns.testkit.VxlanLinkSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A VXLAN link of a declared topology is injected by name, like a veth link; nothing answers at its far end. */
@NetnsTest
class VxlanInjectionTest {

    @NetworkTopology
    static Topology lonelySide() {
        return Topology.builder().host("red")
                .vxlanLink(VxlanLinkSpec.builder("overlay").host("red", "vx0", "10.200.0.1/24").vni(7)
                        .underlay("192.0.2.1", "192.0.2.2").port(4790).build())
                .build();
    }

    @Test
    void theDeviceIsInjectedByName(@NetLink("overlay") Link vx, @Host("red") NetNamespace red) {
        assertThat(vx.namespace()).isEqualTo(red);
        assertThat(vx.name()).isEqualTo("vx0");
        assertThat(vx.info().type()).isEqualTo(LinkType.vxlan(7).remote("192.0.2.2").local("192.0.2.1").port(4790));
        // The sandbox has no underlay: the far host cannot answer.
        assertThat(red).withTimeout(Duration.ofMillis(200)).cannotPing("10.200.0.2");
    }
}
