package dev.netns.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import dev.netns.NatRule;
import dev.netns.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyTest {

    static Topology tutorial() {
        return Topology.builder()
                .host("red").host("blue")
                .bridge("v-net-0", "192.168.15.5/24")
                .link("red", "v-net-0", "192.168.15.1/24")
                .link("blue", "v-net-0", "192.168.15.2/24")
                .defaultRoute("red", "192.168.15.5")
                .forwarding(Topology.SANDBOX)
                .nat(NatRule.masquerade("192.168.15.0/24"))
                .build();
    }

    @Test
    void builderNamesInterfacesAndLinks() {
        Topology t = tutorial();
        assertThat(t.hostNames()).containsExactly("sandbox", "red", "blue");
        assertThat(t.links()).extracting(LinkSpec::name).containsExactly("red-v-net-0", "blue-v-net-0");
        LinkSpec red = t.link("red-v-net-0");
        assertThat(red.aInterface()).isEqualTo("eth0");
        assertThat(red.bInterface()).isEqualTo("vp0");
        assertThat(red.aAddress()).isEqualTo(IpPrefix.parse("192.168.15.1/24"));
        assertThat(t.link("blue-v-net-0").bInterface()).isEqualTo("vp1");
        assertThat(t.host("red").routes()).containsExactly(Route.defaultVia("192.168.15.5"));
        assertThat(t.sandbox().forwarding()).isTrue();
        assertThat(t.nat()).singleElement().extracting(NatSpec::host).isEqualTo(Topology.SANDBOX);
        assertThat(t.isBridge("v-net-0")).isTrue();
        assertThat(t.named()).isFalse();
    }

    @Test
    void hostToHostLinksCountInterfacesPerHost() {
        Topology t = Topology.builder().hosts("a", "b", "c")
                .link("a", "10.0.0.1/30", "b", "10.0.0.2/30")
                .link("a", "10.0.1.1/30", "c", "10.0.1.2/30")
                .link("a", null, "b", null)
                .build();
        assertThat(t.links()).extracting(LinkSpec::name).containsExactly("a-b", "a-c", "a-b-2");
        assertThat(t.links()).extracting(LinkSpec::aInterface).containsExactly("eth0", "eth1", "eth2");
        assertThat(t.links()).extracting(LinkSpec::bInterface).containsExactly("eth0", "eth0", "eth1");
    }

    @Test
    void sandboxCanBeAnEndOfALink() {
        Topology t = Topology.builder().host("wan").link(Topology.SANDBOX, "203.0.113.254/24", "wan", "203.0.113.1/24").build();
        assertThat(t.link("sandbox-wan").a()).isEqualTo(Topology.SANDBOX);
    }

    @Test
    void toBuilderDerivesAVariant() {
        Topology more = tutorial().toBuilder().host("green").link("green", "v-net-0", "192.168.15.3/24").build();
        assertThat(more.hostNames()).containsExactly("sandbox", "red", "blue", "green");
        assertThat(more.link("green-v-net-0").bInterface()).isEqualTo("vp2");
        assertThat(tutorial().hostNames()).hasSize(3);
    }

    @Test
    void specsAreImmutableValues() {
        Topology t = tutorial();
        assertThatThrownBy(() -> t.hosts().add(new HostSpec("x", false, List.of())))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(tutorial()).isEqualTo(t).hasSameHashCodeAs(t);
        assertThat(t.toBuilder().build()).isEqualTo(t);
        assertThat(t.toBuilder().host("green").build()).isNotEqualTo(t);
        assertThat(t.link("red-v-net-0")).isEqualTo(LinkSpec.builder("red-v-net-0")
                .a("red", "eth0", IpPrefix.parse("192.168.15.1/24")).b("v-net-0", "vp0").build());
        assertThat(t.link("red-v-net-0").toString()).contains("name=red-v-net-0", "aInterface=eth0", "b=v-net-0");
    }

    @Test
    void linkSpecBuilderNeedsBothEnds() {
        assertThatThrownBy(() -> LinkSpec.builder("x").a("red", "eth0").build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("link x has no end b");
        assertThatThrownBy(() -> LinkSpec.builder(" ").a("red", "eth0").b("blue", "eth0").build())
                .hasMessageContaining("a link needs a name");
    }

    @Test
    void rejectsWhatDoesNotFit() {
        assertThatThrownBy(() -> Topology.builder().host("sandbox"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("sandbox");
        assertThatThrownBy(() -> Topology.builder().host("red").host("red"))
                .hasMessageContaining("declared twice");
        assertThatThrownBy(() -> Topology.builder().host("red").link("red", "nowhere", "10.0.0.1/24").build())
                .hasMessageContaining("neither a host nor a bridge");
        assertThatThrownBy(() -> Topology.builder().host("red").bridge("br").link("br", "10.0.0.1/24", "red", null).build())
                .hasMessageContaining("a bridge can only be end b");
        assertThatThrownBy(() -> Topology.builder().host("red").bridge("red").build())
                .hasMessageContaining("clashes");
        assertThatThrownBy(() -> Topology.builder().bridge("much-too-long-bridge-name"))
                .hasMessageContaining("not a valid interface name");
        assertThatThrownBy(() -> Topology.builder().defaultRoute("red", "10.0.0.1"))
                .hasMessageContaining("no host \"red\"");
        assertThatThrownBy(() -> Topology.builder().host("red").nat("blue", NatRule.masquerade("10.0.0.0/8")).build())
                .hasMessageContaining("not a host");
        assertThatThrownBy(() -> Topology.builder().host("red").host("blue")
                .link(LinkSpec.builder("x").a("red", "eth0").b("blue", "eth0").build())
                .link(LinkSpec.builder("y").a("red", "eth0").b("blue", "eth1").build()).build())
                .hasMessageContaining("interface eth0 already exists in red");
        assertThatThrownBy(() -> Topology.builder().host("red").bridge("br")
                .link(LinkSpec.builder("x").a("red", "eth0").b("br", "vp0", IpPrefix.parse("10.0.0.1/24")).build()).build())
                .hasMessageContaining("cannot have an address");
        assertThatThrownBy(() -> Topology.builder().host("red").link("red", "1.1.1.1/8", "red", null))
                .hasMessageContaining("to itself");
        assertThatThrownBy(() -> Topology.builder().host("bad name"))
                .hasMessageContaining("invalid");
        assertThatThrownBy(() -> tutorial().link("nope")).hasMessageContaining("red-v-net-0");
    }

    @Test
    void addressesComeFromTheTopology() {
        Topology t = tutorial().toBuilder().host("wan").link(Topology.SANDBOX, "203.0.113.2/24", "wan", "203.0.113.1/24").build();
        assertThat(t.address("red")).isEqualTo("192.168.15.1");
        assertThat(t.address("wan")).isEqualTo("203.0.113.1");
        assertThat(t.address(Topology.SANDBOX, "v-net-0")).isEqualTo("192.168.15.5");
        assertThat(t.address(Topology.SANDBOX, "sandbox-wan")).isEqualTo("203.0.113.2");
        assertThat(t.addresses(Topology.SANDBOX)).containsOnlyKeys("sandbox-wan", "v-net-0");
        assertThatThrownBy(() -> t.address(Topology.SANDBOX)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has 2 addresses").hasMessageContaining("sandbox-wan=203.0.113.2/24")
                .hasMessageContaining("address(\"sandbox\", LINK)");
        assertThatThrownBy(() -> t.address("red", "sandbox-wan")).hasMessageContaining("no address on \"sandbox-wan\"");
        assertThatThrownBy(() -> t.address("nobody")).hasMessageContaining("no host \"nobody\"");
    }

    @Test
    void aBareAddressIsRefusedRatherThanTakenAsSlash32() {
        assertThatThrownBy(() -> Topology.builder().hosts("n1", "n2").link("n1", "10.0.0.1", "n2", "10.0.0.2/24"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("link n1-n2: address \"10.0.0.1\" has no prefix length")
                .hasMessageContaining("\"10.0.0.1/24\"").hasMessageContaining("\"10.0.0.1/32\"");
        assertThatThrownBy(() -> Topology.builder().bridge("br0", "fd00::1"))
                .hasMessageContaining("bridge br0: address \"fd00::1\"").hasMessageContaining("fd00::1/128");
        assertThat(Topology.builder().hosts("n1", "n2").link("n1", "10.0.0.1/32", "n2", null).build().address("n1"))
                .isEqualTo("10.0.0.1");
    }

    @Test
    void anOldJupiterIsRefusedWithOneSentence() {
        assertThatThrownBy(() -> JupiterVersion.check("5.9.3"))
                .hasMessage("netns-testkit needs JUnit Jupiter 5.10 or later (6.x included), but the test runs on "
                        + "Jupiter 5.9.3; import a newer org.junit:junit-bom in your build");
        JupiterVersion.check("5.10.0");
        JupiterVersion.check("5.14.4");
        JupiterVersion.check("6.0.3");
        JupiterVersion.check("6.1.0-M1");
        JupiterVersion.check(null);
    }
}
