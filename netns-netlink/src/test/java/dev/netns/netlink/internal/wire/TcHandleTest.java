package dev.netns.netlink.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TcHandleTest {

    @Test
    void makeMajMin() {
        assertThat(TcHandle.of(1, 0x10)).isEqualTo(0x0001_0010);
        assertThat(TcHandle.make(0xFFFF_0000, 0xFFF2)).isEqualTo(TcHandle.CLSACT_INGRESS).isEqualTo(0xFFFF_FFF2);
        assertThat(TcHandle.CLSACT_EGRESS).isEqualTo(0xFFFF_FFF3);
        assertThat(TcHandle.maj(0x0001_0010)).isEqualTo(0x0001_0000);
        assertThat(TcHandle.min(0x0001_0010)).isEqualTo(0x10);
        assertThatThrownBy(() -> TcHandle.of(0x10000, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TcHandle.of(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tcNotation() {
        assertThat(TcHandle.parse("1:10")).isEqualTo(0x0001_0010);
        assertThat(TcHandle.parse("1:")).isEqualTo(0x0001_0000);
        assertThat(TcHandle.parse(":a")).isEqualTo(0xa);
        assertThat(TcHandle.parse("ffff:fff3")).isEqualTo(TcHandle.CLSACT_EGRESS);
        assertThat(TcHandle.parse("root")).isEqualTo(TcHandle.ROOT);
        assertThat(TcHandle.parse("ingress")).isEqualTo(TcHandle.INGRESS);
        assertThat(TcHandle.parse("none")).isZero();
        assertThat(TcHandle.format(0x0001_0010)).isEqualTo("1:10");
        assertThat(TcHandle.format(0x8001_0000)).isEqualTo("8001:");
        assertThat(TcHandle.format(TcHandle.ROOT)).isEqualTo("root");
        assertThat(TcHandle.format(TcHandle.INGRESS)).isEqualTo("ffff:fff1");
        for (String bad : new String[] {"1", "1:2:3", "-1:0", "12345:0", "g:0", "", "+1:0"}) {
            assertThatThrownBy(() -> TcHandle.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
