package dev.netns.nftables.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decisions alone, without a kernel: seeded, replayable, in proportion, and where they should land. */
class ImpairerTest {
    private static final byte[] UDP = HexFormat.of().parseHex(
            "4500002000014000401100000a0900010a090002" + "13881388000c0000" + "deadbeef");

    private static List<PacketFate> fates(ImpairmentPolicy p, int n) {
        Impairer i = new Impairer(p);
        List<PacketFate> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(i.decide(UDP));
        }
        return out;
    }

    @Test
    void sameSeedSameFates() {
        ImpairmentPolicy p = ImpairmentPolicy.builder().loss(0.2).corruption(0.1).reorder(0.1)
                .delay(Duration.ofMillis(10)).jitter(Duration.ofMillis(5)).seed(42).build();
        assertThat(fates(p, 1000)).isEqualTo(fates(p, 1000));
        ImpairmentPolicy other = ImpairmentPolicy.builder().loss(0.2).corruption(0.1).reorder(0.1)
                .delay(Duration.ofMillis(10)).jitter(Duration.ofMillis(5)).seed(43).build();
        assertThat(fates(other, 1000)).isNotEqualTo(fates(p, 1000));
    }

    @Test
    void lossDoesNotDependOnTheOtherSettings() {
        // Fixed draws per packet: turning corruption or jitter on keeps the same packets lost.
        ImpairmentPolicy lossOnly = ImpairmentPolicy.builder().loss(0.3).seed(7).build();
        ImpairmentPolicy everything = ImpairmentPolicy.builder().loss(0.3).corruption(0.5).reorder(0.5)
                .delay(Duration.ofMillis(1)).jitter(Duration.ofMillis(1), JitterDistribution.NORMAL).seed(7).build();
        assertThat(fates(everything, 2000).stream().map(PacketFate::drop).toList())
                .isEqualTo(fates(lossOnly, 2000).stream().map(PacketFate::drop).toList());
    }

    @Test
    void proportionsAndRanges() {
        ImpairmentPolicy p = ImpairmentPolicy.builder().loss(0.2).corruption(0.1).reorder(0.25)
                .delay(Duration.ofMillis(50)).jitter(Duration.ofMillis(10)).seed(1).build();
        List<PacketFate> f = fates(p, 100_000);
        long lost = f.stream().filter(PacketFate::drop).count();
        assertThat(lost).isBetween(19_000L, 21_000L);
        List<PacketFate> kept = f.stream().filter(x -> !x.drop()).toList();
        long reordered = kept.stream().filter(PacketFate::reordered).count();
        assertThat((double) reordered / kept.size()).isBetween(0.24, 0.26);
        assertThat(kept.stream().filter(x -> !x.reordered()))
                .allSatisfy(x -> assertThat(x.delayNanos()).isBetween(40_000_000L, 60_000_000L));
        assertThat(kept.stream().filter(PacketFate::reordered)).allSatisfy(x -> assertThat(x.delayNanos()).isZero());
        // Corruption lands in the UDP payload (bytes 28..31), never in the IP or UDP header.
        assertThat(kept.stream().filter(x -> x.corruptOffset() >= 0))
                .isNotEmpty().allSatisfy(x -> assertThat(x.corruptOffset()).isBetween(28, 31));
    }

    @Test
    void normalJitterHasTheGivenSpread() {
        ImpairmentPolicy p = ImpairmentPolicy.builder().delay(Duration.ofMillis(100))
                .jitter(Duration.ofMillis(10), JitterDistribution.NORMAL).seed(3).build();
        double[] d = fates(p, 50_000).stream().mapToDouble(x -> x.delayNanos() / 1e6).toArray();
        double mean = java.util.Arrays.stream(d).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(d).map(x -> (x - mean) * (x - mean)).average().orElseThrow());
        assertThat(mean).isBetween(99.7, 100.3);
        assertThat(sd).isBetween(9.7, 10.3);
    }

    @Test
    void layer4Offsets() {
        assertThat(Layer4.corruptibleStart(UDP)).isEqualTo(28);
        byte[] headerOnly = java.util.Arrays.copyOf(UDP, 28);
        assertThat(Layer4.corruptibleStart(headerOnly)).isEqualTo(20);
        assertThat(Layer4.corruptibleStart(new byte[0])).isEqualTo(-1);
        assertThat(Layer4.corruptibleStart(new byte[] {0x60})).isEqualTo(-1);
        byte[] tcp = new byte[60];
        tcp[0] = 0x45;
        tcp[9] = 6;
        tcp[20 + 12] = (byte) 0x80; // data offset 8 words: 32-byte TCP header
        assertThat(Layer4.corruptibleStart(tcp)).isEqualTo(52);
        byte[] v6 = new byte[60];
        v6[0] = 0x60;
        v6[6] = 17;
        assertThat(Layer4.corruptibleStart(v6)).isEqualTo(48);
    }

    @Test
    void policyValidation() {
        assertThatThrownBy(() -> ImpairmentPolicy.builder().loss(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImpairmentPolicy.builder().loss(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImpairmentPolicy.builder().delay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ImpairmentPolicy.none().loss()).isZero();
    }
}
