package dev.netns.netlink.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The psched tick arithmetic, against numbers taken from tc's requests and the kernel's dumps. */
class PschedClockTest {
    private static final PschedClock CLOCK = PschedClock.STANDARD;

    @Test
    void thisMachinesProcNetPschedIsTheStandardClock() throws IOException {
        Path p = Path.of("/proc/net/psched");
        assumeTrue(Files.isReadable(p), "no /proc/net/psched");
        // One read of the whole file, as /proc wants it.
        String text = new String(Files.readAllBytes(p));
        assertThat(PschedClock.parse(text)).isEqualTo(PschedClock.STANDARD);
    }

    @Test
    void parsesTheFourHexWords() {
        assertThat(PschedClock.parse("000003e8 00000040 000f4240 3b9aca00\n"))
                .isEqualTo(new PschedClock(1000, 64, 1_000_000, 1_000_000_000));
        assertThatThrownBy(() -> PschedClock.parse("000003e8 00000040")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PschedClock.parse("zz 1 2 3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PschedClock.parse("0 40 f4240 3b9aca00")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ticksAre64NanosecondsAndTcCountsFifteenAndFiveEighthsPerMicrosecond() {
        assertThat(CLOCK.ticksPerMicro()).isEqualTo(15.625);
        assertThat(CLOCK.nanosPerTick()).isEqualTo(64);
        // netem delay 50ms: 781250 ticks in tc_netem_qopt.latency, which the kernel reads as 50 000 000 ns.
        assertThat(CLOCK.ticks(50_000)).isEqualTo(781_250);
        assertThat(CLOCK.ticksToNanos(781_250)).isEqualTo(50_000_000);
        assertThat(CLOCK.ticks(400_000)).isEqualTo(6_250_000);
        // Below a whole tick tc truncates: 1 µs is 15 ticks, 960 ns.
        assertThat(CLOCK.ticks(1)).isEqualTo(15);
        assertThat(CLOCK.ticksToNanos(CLOCK.ticks(1))).isEqualTo(960);
        assertThat(CLOCK.micros(781_250)).isEqualTo(50_000);
        assertThatThrownBy(() -> CLOCK.ticks(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tbfBufferIsTheTimeToSendTheBurst() {
        // tc qdisc add ... tbf rate 1mbit burst 32kbit: 4096 bytes at 125000 B/s = 32768 µs = 512000 ticks.
        assertThat(CLOCK.xmitTicks(125_000, 4096)).isEqualTo(512_000);
        // The kernel's dump of "tbf rate 100kbit burst 4kb": 5120000 ticks, which tc shows as 4Kb.
        assertThat(CLOCK.xmitSize(12_500, 5_120_000)).isEqualTo(4096);
        // tbf rate 40gbit burst 1mb: tc uses the clamped 32-bit rate, the kernel reports 3276 ticks (1045000 bytes).
        assertThat(CLOCK.xmitTicks(0xFFFF_FFFFL, 1 << 20)).isEqualTo(3812);
        assertThat(CLOCK.xmitSize(5_000_000_000L, 3276)).isEqualTo(1_045_000);
        assertThatThrownBy(() -> CLOCK.xmitTicks(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void microsecondsAreTruncatedBeforeTheTickConversionLikeTc() {
        // 2008 bytes at 125000 B/s is 16064 µs in exact arithmetic, 16063.999... in double: tc's
        // rate table holds 16063 × 15.625 = 250984 ticks there, not 251000.
        assertThat(CLOCK.xmitTicks(125_000, 2008)).isEqualTo(250_984);
        assertThat(CLOCK.xmitTicks(125_000, 2000)).isEqualTo(250_000);
    }

    @Test
    void rateTableMatchesTheOneTcSent() {
        // TcGolden.TBF: TCA_TBF_RTAB starts at byte 100 of the message (after PARMS and BURST).
        ByteBuffer golden = ByteBuffer.wrap(Wire.unhex(TcGolden.TBF)).order(ByteOrder.nativeOrder());
        assumeTrue(Wire.littleEndian(), "golden hex is little-endian");
        assertThat(golden.getShort(96)).isEqualTo((short) 1028);
        assertThat(golden.getShort(98)).isEqualTo((short) PktSched.TCA_TBF_RTAB);
        byte[] expected = new byte[1024];
        golden.get(100, expected);
        TcRateSpec rate = TcRateSpec.ethernet(125_000, 0);
        assertThat(rate.cellLog()).isEqualTo(3); // 2047 bytes in 256 cells of 8
        assertThat(Wire.hex(rate.rateTable(CLOCK))).isEqualTo(Wire.hex(expected));
    }

    @Test
    void htbDefaultBurstUsesTheFourthWordAsHz() {
        // rate / HZ + mtu: with HZ = 10^9 the first term vanishes below 1 GB/s.
        assertThat(125_000 / CLOCK.hz() + HtbClassOptions.DEFAULT_MTU).isEqualTo(1600);
        // tc class ... htb rate 1mbit: buffer 200000 ticks (1600 bytes at 125000 B/s = 12.8 ms).
        assertThat(CLOCK.xmitTicks(125_000, 1600)).isEqualTo(200_000);
        PschedClock lowRes = PschedClock.parse("000003e8 00000040 000f4240 000003e8"); // HZ 1000
        assertThat(lowRes.ticksPerMicro()).isEqualTo(15.625);
        assertThat(lowRes.hz()).isEqualTo(1000);
    }

    @Test
    void nanosecondClockResolutionFollowsTcsCompatibilityRule() {
        // A kernel advertising clock_res 10^9 means t2us = us2t (tc_core_init's comment).
        PschedClock ns = new PschedClock(1000, 64, 1_000_000_000, 1_000_000_000);
        assertThat(ns.ticksPerMicro()).isEqualTo(1000.0);
    }
}
