package dev.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.FilterRule.Direction;
import dev.netns.FilterRule.IpProtocol;
import org.junit.jupiter.api.Test;

class FilterRuleTest {

    @Test
    void builtValuesAreNormalisedAndEqual() {
        FilterRule a = FilterRule.drop(Direction.INPUT).from("10.0.0.7/24").protocol(IpProtocol.UDP).destinationPort(53)
                .build();
        FilterRule b = FilterRule.drop(Direction.INPUT).from("10.0.0.0/24").protocol(IpProtocol.UDP).destinationPort(53)
                .build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.source()).isEqualTo(IpPrefix.parse("10.0.0.0/24"));
        assertThat(a.isIpv6()).isFalse();
        assertThat(a.toBuilder().build()).isEqualTo(a);
        assertThat(a.toString()).isEqualTo("drop INPUT from 10.0.0.0/24 udp dport 53");
        assertThat(FilterRule.drop(Direction.INPUT).build().isIpv6()).isNull();
    }

    @Test
    void badRulesAreRefusedBeforeAnythingIsDone() {
        assertThatThrownBy(() -> FilterRule.builder().build()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("action");
        assertThatThrownBy(() -> FilterRule.drop(Direction.INPUT).destinationPort(80).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("TCP or UDP");
        assertThatThrownBy(() -> FilterRule.drop(Direction.INPUT).from("10.0.0.1").to("fd00::1").build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("address families");
        assertThatThrownBy(() -> FilterRule.drop(Direction.OUTPUT).arrivingOn("eth0").build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("OUTPUT");
        assertThatThrownBy(() -> FilterRule.drop(Direction.INPUT).leavingBy("eth0").build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("INPUT");
        assertThatThrownBy(() -> FilterRule.drop(Direction.INPUT).probability(0).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> FilterRule.drop(Direction.INPUT).probability(Double.NaN).build())
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> FilterRule.drop(Direction.INPUT).arrivingOn("a/b").build())
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void natRulesGrowByBuildersAndKeepTheirFactories() {
        NatRule.PortForward f = NatRule.portForward(NatRule.Protocol.TCP, 80, "192.168.15.2", 8080);
        assertThat(f).isEqualTo(NatRule.PortForward.builder(NatRule.Protocol.TCP, NatRule.PortRange.of(80), "192.168.15.2")
                .targetPort(8080).build());
        assertThat(f.toBuilder().arrivingOn("eth0").build().inInterface()).isEqualTo("eth0");
        assertThat(NatRule.portForward(NatRule.Protocol.TCP, NatRule.PortRange.of(9000, 9005), "fd00::2").targetPort())
                .isEqualTo(9000);
        NatRule r = f;
        assertThat(r instanceof NatRule.PortForward pf && pf.targetPort() == 8080).isTrue();
        assertThat(NatRule.masquerade("fd00::/64").isIpv6()).isTrue();
    }
}
