package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.PktSched.*;
import static dev.netns.netlink.internal.wire.Wire.hex;
import static dev.netns.netlink.internal.wire.Wire.unhex;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * tc requests compared byte for byte with what iproute2's tc sent ({@link TcGolden}), after
 * zeroing the sequence number. With {@link TcEncoding#IPROUTE2} the encoders add tc's rate tables
 * and the whole message must match; with {@link TcEncoding#DEFAULT} it must match tc's message
 * with those tables cut out (and the lengths fixed) by {@link #withoutOptions}.
 */
class TcRequestEncodingTest {
    private static final int A = 3;
    private static final int B = 2;
    private static final int IFB0 = 4;
    private static final long MBIT = 125_000;
    private static final long GBIT = 125_000_000;

    @BeforeEach
    void goldenIsLittleEndian() {
        assumeTrue(Wire.littleEndian(), "golden hex is little-endian");
    }

    @Test
    void tbfWithLatency() {
        QdiscOptions tbf = TbfOptions.withLatency(1 * MBIT, 4096, ofMillis(400));
        assertThat(tbf).isEqualTo(TbfOptions.of(125_000, 4096, 54_096)); // 125000 B/s × 0.4 s + 4096
        assertMatches(TcMessages.addQdisc(A, 0, TcHandle.ROOT, tbf, TcEncoding.IPROUTE2), TcGolden.TBF);
        assertMatches(TcMessages.addQdisc(A, 0, TcHandle.ROOT, tbf), withoutOptions(TcGolden.TBF, TCA_TBF_RTAB));
    }

    @Test
    void tbfWithPeakRate() {
        // tc's "10kb" and "100kb" are KiB.
        QdiscOptions tbf = new TbfOptions(10 * MBIT, 10 * 1024, 100 * 1024, 20 * MBIT, 1600);
        assertMatches(TcMessages.addQdisc(A, 0, TcHandle.ROOT, tbf, TcEncoding.IPROUTE2), TcGolden.TBF_PEAK);
        assertMatches(TcMessages.addQdisc(A, 0, TcHandle.ROOT, tbf),
                withoutOptions(TcGolden.TBF_PEAK, TCA_TBF_RTAB, TCA_TBF_PTAB));
    }

    @Test
    void tbfAbove32BitRateUsesRate64() {
        QdiscOptions tbf = TbfOptions.withLatency(40 * GBIT, 1 << 20, ofMillis(10));
        assertMatches(TcMessages.addQdisc(A, 0, TcHandle.ROOT, tbf, TcEncoding.IPROUTE2), TcGolden.TBF_RATE64);
    }

    @Test
    void htbRootAndClasses() {
        assertMatches(TcMessages.addQdisc(A, TcHandle.of(1, 0), TcHandle.ROOT, HtbOptions.withDefaultClass(0x10)),
                TcGolden.HTB_ROOT);
        HtbClassOptions c = HtbClassOptions.of(1 * MBIT, 2 * MBIT);
        assertMatches(TcMessages.addHtbClass(A, TcHandle.of(1, 0x10), TcHandle.of(1, 0), c, TcEncoding.IPROUTE2),
                TcGolden.HTB_CLASS);
        assertMatches(TcMessages.addHtbClass(A, TcHandle.of(1, 0x10), TcHandle.of(1, 0), c),
                withoutOptions(TcGolden.HTB_CLASS, TCA_HTB_RTAB, TCA_HTB_CTAB));
        assertMatches(TcMessages.addHtbClass(A, TcHandle.of(1, 0x20), TcHandle.of(1, 0),
                HtbClassOptions.of(40 * GBIT, 50 * GBIT), TcEncoding.IPROUTE2), TcGolden.HTB_CLASS64);
        assertMatches(TcMessages.addHtbClass(A, TcHandle.of(1, 0x30), TcHandle.of(1, 0),
                new HtbClassOptions(40 * GBIT, 50 * GBIT, 100 << 20, 200 << 20, 60_000, 3), TcEncoding.IPROUTE2),
                TcGolden.HTB_CLASS_BURST);
    }

    @Test
    void netem() {
        NetemOptions all = NetemOptions.DEFAULTS.delay(ofMillis(50), ofMillis(10)).loss(20).duplicate(1).corrupt(1)
                .reorder(25, 50).rate(1 * MBIT);
        assertMatches(TcMessages.addQdisc(A, 0, TcHandle.ROOT, all), TcGolden.NETEM);
        assertMatches(TcMessages.addQdisc(A, 0, TcHandle.ROOT, NetemOptions.DEFAULTS.limit(1000).delay(ofMillis(100))),
                TcGolden.NETEM_LIMIT);
        NetemOptions correlated = NetemOptions.DEFAULTS.delay(ofMillis(50), ofMillis(10), 25).loss(20, 30)
                .duplicate(1, 5).corrupt(1, 5);
        assertMatches(TcMessages.addQdisc(A, 0, TcHandle.ROOT, correlated), TcGolden.NETEM_CORR);
        assertMatches(TcMessages.addQdisc(A, 0, TcHandle.ROOT, NetemOptions.DEFAULTS.delay(ofSeconds(70))),
                TcGolden.NETEM_70S);
        assertMatches(TcMessages.addQdisc(A, 0, TcHandle.ROOT, NetemOptions.DEFAULTS.delay(ofMillis(1)).rate(40 * GBIT)),
                TcGolden.NETEM_RATE64);
    }

    @Test
    void netemDelayBeyondU32TicksGoesInLatency64() {
        // tc refuses "delay 1000s" (15.6e9 ticks); the kernel takes nanoseconds in TCA_NETEM_LATENCY64.
        NetemOptions n = NetemOptions.DEFAULTS.delay(ofSeconds(1000), ofSeconds(300));
        NlMessage m = Wire.parseOne(Wire.bytesOf(TcMessages.addQdisc(A, 0, TcHandle.ROOT, n).finish(1)));
        ByteBuffer opts = m.attributes(TCMSG_LEN).get(TCA_OPTIONS);
        assertThat(opts.getInt(0)).isEqualTo(-1); // latency ticks clamped to UINT_MAX
        assertThat(opts.getInt(20)).isEqualTo(-1); // jitter too (300 s = 4.7e9 ticks)
        Attributes a = Attributes.parse(opts.slice(24, opts.limit() - 24));
        assertThat(a.get(TCA_NETEM_LATENCY64).getLong(0)).isEqualTo(1_000_000_000_000L);
        assertThat(a.get(TCA_NETEM_JITTER64).getLong(0)).isEqualTo(300_000_000_000L);
        assertThatThrownBy(() -> TcMessages.addQdisc(A, 0, TcHandle.ROOT, NetemOptions.DEFAULTS.reorder(25, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a delay");
    }

    @Test
    void clsactIngressAndDeletes() {
        assertMatches(TcMessages.addClsact(A), TcGolden.CLSACT);
        assertMatches(TcMessages.addIngress(B), TcGolden.INGRESS);
        assertMatches(TcMessages.deleteQdisc(A, 0, TcHandle.ROOT, null), TcGolden.DEL_ROOT);
        assertMatches(TcMessages.deleteQdisc(B, TcHandle.INGRESS_HANDLE, TcHandle.INGRESS, "ingress"),
                TcGolden.DEL_INGRESS);
        assertMatches(TcMessages.deleteQdisc(A, TcHandle.INGRESS_HANDLE, TcHandle.CLSACT, "clsact"),
                TcGolden.DEL_CLSACT);
    }

    @Test
    void dumps() {
        assertMatches(TcMessages.dumpQdiscs(A), TcGolden.DUMP);
        assertMatches(TcMessages.dumpQdiscs(0), TcGolden.DUMP_ALL);
    }

    @Test
    void filters() {
        assertMatches(TcMessages.addFilter(A, TcHandle.of(1, 0), 1, ETH_P_IP,
                new TcFilter.U32MatchAll(TcHandle.of(1, 0x10), null)), TcGolden.U32_CLASSID);
        assertMatches(TcMessages.addFilter(B, TcHandle.INGRESS_HANDLE, 1, ETH_P_ALL,
                new TcFilter.U32MatchAll(0, MirredAction.redirect(IFB0))), TcGolden.U32_REDIRECT);
        assertMatches(TcMessages.addFilter(A, TcHandle.CLSACT_EGRESS, 2, ETH_P_ALL,
                new TcFilter.U32MatchAll(0, MirredAction.mirror(IFB0))), TcGolden.U32_MIRROR);
        assertMatches(TcMessages.addFilter(A, TcHandle.CLSACT_INGRESS, 0, ETH_P_ALL,
                new TcFilter.MatchAll(0, MirredAction.redirect(IFB0))), TcGolden.MATCHALL_REDIRECT);
        assertMatches(TcMessages.deleteFilter(B, TcHandle.INGRESS_HANDLE, 1, 0), TcGolden.FILTER_DEL);
    }

    @Test
    void filterInfoCarriesTheProtocolBigEndian() {
        int info = TcMessages.filterInfo(2, ETH_P_IP);
        byte[] b = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(info).array();
        ByteBuffer host = ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
        assertThat(host.getInt(0) >>> 16).isEqualTo(2);
        // The low half sits in memory as network order, on either kind of host.
        int lowHalfOffset = Wire.littleEndian() ? 0 : 2;
        assertThat(hex(new byte[] {b[lowHalfOffset], b[lowHalfOffset + 1]})).isEqualTo("0800");
        assertThatThrownBy(() -> TcMessages.filterInfo(0x10000, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rawOptionsAreNotEncoded() {
        assertThatThrownBy(() -> TcMessages.addQdisc(A, 0, TcHandle.ROOT, new RawQdiscOptions("fq", new byte[4])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fq");
    }

    @Test
    void modelValidation() {
        assertThatThrownBy(() -> TbfOptions.of(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TbfOptions(1, 1, 1, 5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HtbClassOptions.of(10, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HtbClassOptions(1, 1, 0, 0, 0, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NetemOptions.DEFAULTS.loss(100.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NetemOptions.DEFAULTS.loss(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NetemOptions.DEFAULTS.delay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TcFilter.U32MatchAll(0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MirredAction.redirect(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(NetemOptions.probability(100)).isEqualTo(-1);
        assertThat(NetemOptions.probability(0)).isZero();
        // rint: half to even, as tc's rint() (50% is 2147483647.5 → 2147483648).
        assertThat(NetemOptions.probability(50)).isEqualTo(0x8000_0000);
    }

    // ---- helpers ----

    private static void assertMatches(MessageBuilder m, String golden) {
        assertThat(withoutSeq(hex(m.finish(0x7e57)))).isEqualTo(withoutSeq(golden));
    }

    private static String withoutSeq(String hex) {
        return hex.substring(0, 16) + "00000000" + hex.substring(24);
    }

    /**
     * tc's request with the given attributes of TCA_OPTIONS removed, nlmsg_len and the TCA_OPTIONS
     * length shortened to match. Written against the format, not with the codec's classes.
     */
    static String withoutOptions(String golden, int... types) {
        Set<Integer> drop = new java.util.HashSet<>();
        for (int t : types) {
            drop.add(t);
        }
        ByteBuffer in = ByteBuffer.wrap(unhex(golden)).order(ByteOrder.nativeOrder());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in.array(), 0, 36); // nlmsghdr + tcmsg
        int optionsAt = -1;
        int pos = 36;
        while (pos < in.limit()) {
            int len = in.getShort(pos) & 0xffff;
            int type = in.getShort(pos + 2) & 0x3fff;
            int padded = (len + 3) & ~3;
            if (type != TCA_OPTIONS) {
                out.write(in.array(), pos, padded);
            } else {
                optionsAt = out.size();
                out.write(in.array(), pos, 4);
                int inner = pos + 4;
                while (inner < pos + len) {
                    int ilen = in.getShort(inner) & 0xffff;
                    int itype = in.getShort(inner + 2) & 0x3fff;
                    int ipadded = (ilen + 3) & ~3;
                    if (!drop.contains(itype)) {
                        out.write(in.array(), inner, ipadded);
                    }
                    inner += ipadded;
                }
            }
            pos += padded;
        }
        ByteBuffer b = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.nativeOrder());
        b.putInt(0, b.limit());
        int optionsEnd = b.limit(); // TCA_OPTIONS is tc's last attribute
        b.putShort(optionsAt, (short) (optionsEnd - optionsAt));
        assertThat(b.limit()).isLessThan(in.limit()); // something was removed
        return hex(b.array());
    }
}
