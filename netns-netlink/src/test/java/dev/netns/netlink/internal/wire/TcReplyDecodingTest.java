package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.PktSched.*;
import static dev.netns.netlink.internal.wire.Wire.msg;
import static dev.netns.netlink.internal.wire.Wire.unhex;
import static dev.netns.netlink.internal.wire.Wire.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Qdisc dumps the kernel sent to {@code tc -s qdisc show} ({@link TcGolden}), decoded into the model. */
class TcReplyDecodingTest {

    @BeforeEach
    void goldenIsLittleEndian() {
        assumeTrue(Wire.littleEndian(), "golden hex is little-endian");
    }

    static List<TcQdisc> decodeDump(String hex) {
        return NlMessage.parseAll(ByteBuffer.wrap(unhex(hex)).order(java.nio.ByteOrder.nativeOrder())).stream()
                .filter(m -> m.type() == RTM_NEWQDISC)
                .map(TcMessages::decodeQdisc)
                .collect(Collectors.toList());
    }

    @Test
    void tbfWithDropsAndOverlimits() {
        List<TcQdisc> q = decodeDump(TcGolden.REPLY_TBF_DROPS);
        assertThat(q).extracting(TcQdisc::ifindex, TcQdisc::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, "noqueue"), org.assertj.core.groups.Tuple.tuple(3, "tbf"),
                org.assertj.core.groups.Tuple.tuple(4, "pfifo_fast"));
        TcQdisc tbf = q.get(1);
        assertThat(TcHandle.format(tbf.handle())).isEqualTo("800e:");
        assertThat(tbf.parent()).isEqualTo(TcHandle.ROOT);
        // tc showed: rate 100Kbit burst 4Kb limit 3000b; Sent 144374 bytes 103 pkt (dropped 241, overlimits 524 requeues 0)
        assertThat(tbf.options()).isEqualTo(TbfOptions.of(12_500, 4096, 3000));
        assertThat(tbf.stats()).isEqualTo(new TcStats(144_374, 103, 241, 524, 0, 0, 0));
        // Kinds the codec does not model keep their options raw: pfifo_fast's bands and priomap.
        assertThat(q.get(2).options()).isEqualTo(new RawQdiscOptions("pfifo_fast",
                unhex("0300000001020202010200000101010101010101")));
        assertThat(q.get(2).stats()).isEqualTo(new TcStats(350, 5, 0, 0, 0, 0, 0));
        assertThat(q.get(0).options()).isEqualTo(new RawQdiscOptions("noqueue", null));
    }

    /** The qdisc of device a: the kernel dumps every device's, tc picks by ifindex. */
    private static TcQdisc onA(String hex) {
        return decodeDump(hex).stream().filter(q -> q.ifindex() == 3).findFirst().orElseThrow();
    }

    @Test
    void tbfWithPeakRateAndWithRate64() {
        TcQdisc peak = onA(TcGolden.REPLY_TBF_PEAK);
        // tbf rate 10mbit burst 10kb limit 100kb peakrate 20mbit mtu 1600: back from ticks exactly.
        assertThat(peak.options()).isEqualTo(new TbfOptions(1_250_000, 10_240, 102_400, 2_500_000, 1600));
        TcQdisc fast = onA(TcGolden.REPLY_TBF_RATE64);
        // tbf rate 40gbit burst 1mb latency 10ms: the kernel keeps the 64-bit rate and shows burst 1045000b.
        assertThat(fast.options()).isEqualTo(TbfOptions.of(5_000_000_000L, 1_045_000, 51_048_576));
    }

    @Test
    void htbRootWithTraffic() {
        TcQdisc htb = decodeDump(TcGolden.REPLY_HTB).get(1);
        // tc showed: r2q 10 default 0x10 direct_packets_stat 0 direct_qlen 1000; Sent 31260 bytes 30 pkt (overlimits 1)
        assertThat(htb.handle()).isEqualTo(TcHandle.of(1, 0));
        assertThat(htb.options()).isEqualTo(new HtbOptions(0x10, 10, 1000, 0));
        assertThat(htb.stats()).isEqualTo(new TcStats(31_260, 30, 0, 1, 0, 0, 0));
    }

    @Test
    void everyDeviceInOneDumpWithIngressAndClsact() {
        List<TcQdisc> q = decodeDump(TcGolden.REPLY_ALL);
        assertThat(q).extracting(TcQdisc::kind)
                .containsExactly("noqueue", "noqueue", "ingress", "noqueue", "clsact", "pfifo_fast");
        assertThat(q.get(2)).isEqualTo(new TcQdisc(2, TcHandle.INGRESS_HANDLE, TcHandle.INGRESS, BareQdisc.INGRESS,
                new TcStats(0, 0, 0, 0, 0, 0, 0)));
        assertThat(q.get(4).options()).isEqualTo(QdiscOptions.clsact());
        assertThat(q.get(4).ifindex()).isEqualTo(3);
        assertThat(q.get(5).stats().packets()).isEqualTo(4);
        assertThat(NlMessage.parseAll(ByteBuffer.wrap(unhex(TcGolden.REPLY_ALL)))).hasSize(6);
    }

    @Test
    void refusalsCarryTheKernelsText() {
        NlError netem = NlError.fromError(Wire.parseOne(unhex(TcGolden.NETEM_REFUSED)));
        assertThat(netem).isEqualTo(new NlError(2, "Specified qdisc kind is unknown"));
        NlError matchall = NlError.fromError(Wire.parseOne(unhex(TcGolden.MATCHALL_REFUSED)));
        assertThat(matchall).isEqualTo(new NlError(2, "TC classifier not found"));
    }

    /**
     * This kernel has no netem, so there is no captured netem dump. The reply is assembled the way
     * sch_netem's dump writes it: tc_netem_qopt with ticks clamped to u32, then CORR, REORDER,
     * CORRUPT, RATE, and LATENCY64/JITTER64 in nanoseconds, which win over the ticks.
     */
    static byte[] netemReply(long latencyNs, long jitterNs) {
        byte[] payload = w()
                .u8(0).u8(0).u16(0).u32(3).u32(0x8001_0000).u32(TC_H_ROOT).u32(1)
                .attrStr(TCA_KIND, "netem")
                .attr(TCA_OPTIONS, o -> o
                        .u32((int) Math.min(latencyNs / 64, 0xFFFF_FFFFL)).u32(1000).u32(0x3333_3333).u32(1)
                        .u32(0x028f_5c29).u32((int) Math.min(jitterNs / 64, 0xFFFF_FFFFL))
                        .attr(TCA_NETEM_CORR, c -> c.u32(0x4000_0000).u32(0).u32(0))
                        .attr(TCA_NETEM_REORDER, c -> c.u32(0x4000_0000).u32(0x8000_0000))
                        .attr(TCA_NETEM_CORRUPT, c -> c.u32(0x028f_5c29).u32(0))
                        .attr(TCA_NETEM_RATE, c -> c.u32(125_000).u32(0).u32(0).u32(0))
                        .attr(TCA_NETEM_LATENCY64, c -> c.raw(le64(latencyNs)))
                        .attr(TCA_NETEM_JITTER64, c -> c.raw(le64(jitterNs))))
                .attr(TCA_STATS2, s -> s
                        .attr(TCA_STATS_BASIC, b -> b.raw(le64(1000)).u32(10).u32(0))
                        .attr(TCA_STATS_QUEUE, b -> b.u32(1).u32(100).u32(2).u32(0).u32(0)))
                .bytes();
        return msg(RTM_NEWQDISC, 0x2, 7, payload);
    }

    private static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder()).putLong(v).array();
    }

    @Test
    void netemDecodesAndReencodesToTheSameOptions() {
        TcQdisc q = TcMessages.decodeQdisc(Wire.parseOne(netemReply(50_000_000, 10_000_000)));
        NetemOptions n = (NetemOptions) q.options();
        assertThat(n.delay()).isEqualTo(Duration.ofMillis(50));
        assertThat(n.jitter()).isEqualTo(Duration.ofMillis(10));
        assertThat(n.loss()).isCloseTo(20, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(n.reorder()).isCloseTo(25, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(n.reorderCorrelation()).isCloseTo(50, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(n.rate()).isEqualTo(125_000);
        assertThat(n.gap()).isEqualTo(1);
        assertThat(q.stats()).isEqualTo(new TcStats(1000, 10, 2, 0, 0, 1, 100));
        // The decoded percentages give back the kernel's fractions exactly.
        NetemOptions same = NetemOptions.DEFAULTS.delay(Duration.ofMillis(50), Duration.ofMillis(10), 25).loss(20)
                .duplicate(1).corrupt(1).reorder(25, 50).rate(125_000);
        assertThat(Wire.hex(TcMessages.addQdisc(3, 0, TC_H_ROOT, n).finish(1)))
                .isEqualTo(Wire.hex(TcMessages.addQdisc(3, 0, TC_H_ROOT, same).finish(1)));
        // Beyond 2^32 ticks only the nanosecond attributes are right.
        NetemOptions big = (NetemOptions) TcMessages.decodeQdisc(
                Wire.parseOne(netemReply(1_000_000_000_000L, 300_000_000_000L))).options();
        assertThat(big.delay()).isEqualTo(Duration.ofSeconds(1000));
        assertThat(big.jitter()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void legacyStatsWhenThereIsNoStats2() {
        byte[] payload = w().u8(0).u8(0).u16(0).u32(5).u32(0).u32(TC_H_ROOT).u32(1)
                .attrStr(TCA_KIND, "pfifo")
                // struct tc_stats: bytes, packets, drops, overlimits, bps, pps, qlen, backlog
                .attr(TCA_STATS, s -> s.raw(le64(77)).u32(3).u32(2).u32(1).u32(0).u32(0).u32(4).u32(5).u32(0))
                .bytes();
        TcQdisc q = TcMessages.decodeQdisc(Wire.parseOne(msg(RTM_NEWQDISC, 0, 1, payload)));
        assertThat(q.stats()).isEqualTo(new TcStats(77, 3, 2, 1, 0, 4, 5));
        byte[] none = w().u8(0).u8(0).u16(0).u32(5).u32(0).u32(TC_H_ROOT).u32(1).attrStr(TCA_KIND, "mq").bytes();
        assertThat(TcMessages.decodeQdisc(Wire.parseOne(msg(RTM_NEWQDISC, 0, 1, none))).stats()).isNull();
    }

    @Test
    void encodedRequestsDecodeBackAsQdiscs() {
        // An RTM_NEWQDISC request has a dump's layout: the decoder reads the SDK's own requests back.
        TbfOptions tbf = TbfOptions.withLatency(125_000, 4096, Duration.ofMillis(400));
        NlMessage m = Wire.parseOne(Wire.bytesOf(TcMessages.addQdisc(3, TcHandle.of(5, 0), TC_H_ROOT, tbf).finish(1)));
        assertThat(TcMessages.decodeQdisc(m)).isEqualTo(new TcQdisc(3, TcHandle.of(5, 0), TC_H_ROOT, tbf, null));
        HtbOptions htb = new HtbOptions(0x20, 5, 64, 0);
        m = Wire.parseOne(Wire.bytesOf(TcMessages.addQdisc(3, TcHandle.of(1, 0), TC_H_ROOT, htb).finish(1)));
        assertThat(TcMessages.decodeQdisc(m).options()).isEqualTo(htb);
        TbfOptions peak = new TbfOptions(1_250_000, 10_240, 102_400, 6_000_000_000L, 1600);
        m = Wire.parseOne(Wire.bytesOf(TcMessages.addQdisc(3, 0, TC_H_ROOT, peak).finish(1)));
        assertThat(((TbfOptions) TcMessages.decodeQdisc(m).options()).peakRate()).isEqualTo(6_000_000_000L);
    }
}
