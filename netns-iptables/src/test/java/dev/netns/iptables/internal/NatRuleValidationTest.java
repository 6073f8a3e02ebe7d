package dev.netns.iptables.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import dev.netns.NatRule;
import dev.netns.NatRule.PortRange;
import dev.netns.NatRule.Protocol;
import org.junit.jupiter.api.Test;

class NatRuleValidationTest {

    @Test
    void portsOutOfRange() {
        assertThatThrownBy(() -> NatRule.portForward(Protocol.TCP, 0, "192.168.15.2", 80))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("0").hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> NatRule.portForward(Protocol.TCP, 65536, "192.168.15.2", 80))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("65536");
        assertThatThrownBy(() -> NatRule.portForward(Protocol.UDP, 80, "192.168.15.2", 0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("target port 0");
        assertThatThrownBy(() -> NatRule.portForward(Protocol.UDP, 80, "192.168.15.2", -1))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rangesMustBeOrderedAndMapOntoTheSamePorts() {
        assertThatThrownBy(() -> PortRange.of(8010, 8000))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("8010-8000 is reversed");
        assertThatThrownBy(() -> PortRange.of(0, 10)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> PortRange.of(1, 70000)).isInstanceOf(InvalidInputException.class);
        assertThat(PortRange.of(8000, 8000).size()).isEqualTo(1);
        assertThatThrownBy(() -> NatRule.PortForward.builder(Protocol.TCP, PortRange.of(8000, 8010), "192.168.15.2")
                .targetPort(9000).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("must be 8000");
        assertThatThrownBy(() -> NatRule.portForward(null, 80, "192.168.15.2", 80))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("protocol");
    }

    @Test
    void badPrefixesAndAddresses() {
        assertThatThrownBy(() -> NatRule.masquerade("192.168.15.0/33")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("33");
        assertThatThrownBy(() -> NatRule.masquerade("192.168.300.0/24")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("300");
        assertThatThrownBy(() -> NatRule.masquerade("red.example/24")).isInstanceOf(InvalidInputException.class);
        assertThat(NatRule.masquerade("fd00::1/64").isIpv6()).isTrue();
        assertThatThrownBy(() -> NatRule.masquerade("fd00::/64").except("10.0.0.0/8"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("IPv4").hasMessageContaining("one rule");
        assertThatThrownBy(() -> NatRule.portForward(Protocol.TCP, 80, "fd00::2", 80).toHostAddress("10.0.0.1"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> NatRule.masquerade(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> NatRule.portForward(Protocol.TCP, 80, "0.0.0.0", 80))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("0.0.0.0");
        assertThatThrownBy(() -> NatRule.snat("10.0.0.0/8", "fd00::1")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> NatRule.masquerade("10.0.0.0/8").except("10.0.0.0/-1"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void badInterfaceNames() {
        assertThatThrownBy(() -> NatRule.masquerade("10.0.0.0/8", "this-name-is-too-long"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("1 to 15 bytes");
        assertThatThrownBy(() -> NatRule.masquerade("10.0.0.0/8", "eth 0")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> NatRule.masquerade("10.0.0.0/8", "")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> NatRule.portForward(Protocol.TCP, 80, "192.168.15.2", 80).arrivingOn("a/b"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'/'");
        // A name iptables would read as an option or a wildcard is refused by the same rule set.
        assertThatThrownBy(() -> NatRule.masquerade("10.0.0.0/8", "eth0 -j ACCEPT")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void valuesAreNormalised() {
        assertThat(NatRule.masquerade("192.168.15.7/24").source()).isEqualTo(IpPrefix.parse("192.168.15.0/24"));
        assertThat(NatRule.masquerade("192.168.15.7/24")).isEqualTo(NatRule.masquerade("192.168.15.0/24"));
    }
}
