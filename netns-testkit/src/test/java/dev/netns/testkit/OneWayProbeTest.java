package dev.netns.testkit;

import static dev.netns.testkit.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.NetNamespace;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one-way probe (a sender and a {@link UdpCounter}) shows which way a one-way partition lets through. */
@NetnsTest
class OneWayProbeTest {

    @NetworkTopology
    static Topology lan() {
        return TopologyTest.tutorial();
    }

    @Test
    void aOneWayPartitionStopsOneDirectionOnly(@Host("red") NetNamespace red, @Host("blue") NetNamespace blue, Network net) {
        UdpCounter atRed = net.countUdp("red", 9);
        UdpCounter atBlue = net.countUdp("blue", 9);
        assertThat(red).eventually(Duration.ofSeconds(3)).deliversUdp(net.address("blue"), 9, atBlue);
        assertThat(blue).deliversUdp(net.address("red"), 9, atRed);

        try (Fault cut = net.partitionOneWay("red", "blue")) {
            assertThat(red).withTimeout(Duration.ofMillis(300)).doesNotDeliverUdp(net.address("blue"), 9, atBlue);
            assertThat(blue).deliversUdp(net.address("red"), 9, atRed);
            // an echo needs both ways: it fails either way, which is why the counter exists
            assertThat(blue).withTimeout(Duration.ofMillis(300)).cannotPing(net.address("red"));
        }
        assertThat(red).eventually(Duration.ofSeconds(3)).deliversUdp(net.address("blue"), 9, atBlue);
    }

    @Test
    void theProbesFailureSaysWhatWasSentAndCounted(@Host("red") NetNamespace red, Network net) {
        UdpCounter atBlue = net.countUdp("blue", 9);
        assertThatThrownBy(() -> assertThat(red).withTimeout(Duration.ofMillis(200)).deliversUdp("192.168.15.2", 10, atBlue))
                .hasMessageContaining("to deliver UDP to 192.168.15.2:10 (3 datagrams sent, one way)")
                .hasMessageContaining("UDP counter on port 9 in blue (0 received) got none of them within 200 ms");
    }
}
