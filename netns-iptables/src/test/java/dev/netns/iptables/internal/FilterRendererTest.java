package dev.netns.iptables.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.FilterRule;
import dev.netns.FilterRule.Direction;
import dev.netns.FilterRule.IpProtocol;
import dev.netns.NatRule.PortRange;
import org.junit.jupiter.api.Test;

class FilterRendererTest {

    @Test
    void everyConditionBecomesAMatch() {
        FilterRule r = FilterRule.drop(Direction.FORWARD).from("10.0.0.1").to("10.0.0.0/24").arrivingOn("eth0")
                .leavingBy("eth1").protocol(IpProtocol.TCP).destinationPorts(PortRange.of(8000, 8010))
                .newConnectionsOnly().probability(0.3).build();
        assertThat(FilterRenderer.chain(r)).isEqualTo("NETNS-FORWARD");
        assertThat(FilterRenderer.spec(r, "ab12")).isEqualTo("-s 10.0.0.1/32 -d 10.0.0.0/24 -i eth0 -o eth1 -p tcp"
                + " -m tcp --dport 8000:8010 --syn -m statistic --mode random --probability 0.300000"
                + " -m comment --comment netns:ab12 -j DROP");
    }

    @Test
    void rejectAndLoss() {
        assertThat(FilterRenderer.spec(FilterRule.reject(Direction.INPUT).protocol(IpProtocol.TCP).build(), "x"))
                .isEqualTo("-p tcp -m comment --comment netns:x -j REJECT --reject-with tcp-reset");
        assertThat(FilterRenderer.spec(FilterRule.drop(Direction.INPUT).probability(0.5).build(), "x"))
                .isEqualTo("-m statistic --mode random --probability 0.500000 -m comment --comment netns:x -j DROP");
        assertThat(FilterRenderer.builtin("NETNS-INPUT")).isEqualTo("INPUT");
    }
}
