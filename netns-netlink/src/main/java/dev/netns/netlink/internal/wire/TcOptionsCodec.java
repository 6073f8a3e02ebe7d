package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.PktSched.*;

import dev.netns.MalformedReplyException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/**
 * The TCA_OPTIONS of tbf, htb (qdisc and class) and netem, both ways. Attribute order and the
 * tick arithmetic follow what iproute2's tc sends, so requests can be compared byte for byte.
 */
final class TcOptionsCodec {
    private static final long U32_MAX = 0xFFFF_FFFFL;

    private TcOptionsCodec() {
    }

    // ---- encoding ----

    static void writeQdisc(MessageBuilder m, QdiscOptions options, TcEncoding enc) {
        if (options instanceof TbfOptions t) {
            writeTbf(m, t, enc);
        } else if (options instanceof HtbOptions h) {
            writeHtb(m, h);
        } else if (options instanceof NetemOptions n) {
            writeNetem(m, n, enc.clock());
        } else if (options instanceof RawQdiscOptions r) {
            throw new IllegalArgumentException("qdisc kind " + r.kind() + " is only decoded, not encoded");
        }
        // BareQdisc: no TCA_OPTIONS at all, as tc sends clsact and ingress.
    }

    private static void writeTbf(MessageBuilder m, TbfOptions t, TcEncoding enc) {
        PschedClock clock = enc.clock();
        TcRateSpec rate = TcRateSpec.ethernet(t.rate(), t.mtu());
        boolean peak = t.peakRate() > 0;
        TcRateSpec peakRate = peak ? TcRateSpec.ethernet(t.peakRate(), t.mtu()) : TcRateSpec.NONE;
        ByteBuffer q = struct(TC_TBF_QOPT_LEN);
        rate.write(q);
        peakRate.write(q);
        q.putInt(t.limit());
        // tc derives the tick fields from the 32-bit rates; the kernel recomputes the buffer from
        // TCA_TBF_BURST and the 64-bit rate anyway, so this only matters for matching tc.
        q.putInt(u32(clock.xmitTicks(rate.rate(), t.burst()), "tbf buffer"));
        q.putInt(peak ? u32(clock.xmitTicks(peakRate.rate(), t.mtu()), "tbf mtu") : 0);
        int options = m.beginNest(TCA_OPTIONS);
        m.attr(TCA_TBF_PARMS, q.array());
        m.attrU32(TCA_TBF_BURST, t.burst());
        if (t.rate() >= 1L << 32) {
            m.attrU64(TCA_TBF_RATE64, t.rate());
        }
        if (enc.rateTables()) {
            m.attr(TCA_TBF_RTAB, rate.rateTable(clock));
        }
        if (peak) {
            if (t.peakRate() >= 1L << 32) {
                m.attrU64(TCA_TBF_PRATE64, t.peakRate());
            }
            m.attrU32(TCA_TBF_PBURST, t.mtu());
            if (enc.rateTables()) {
                m.attr(TCA_TBF_PTAB, peakRate.rateTable(clock));
            }
        }
        m.endNest(options);
    }

    private static void writeHtb(MessageBuilder m, HtbOptions h) {
        ByteBuffer g = struct(TC_HTB_GLOB_LEN);
        g.putInt(TC_HTB_PROTOVER).putInt(h.rateToQuantum()).putInt(h.defaultClass()).putInt(0).putInt(0);
        int options = m.beginNest(TCA_OPTIONS);
        m.attr(TCA_HTB_INIT, g.array());
        if (h.directQlen() != -1) {
            m.attrU32(TCA_HTB_DIRECT_QLEN, h.directQlen());
        }
        m.endNest(options);
    }

    static void writeHtbClass(MessageBuilder m, HtbClassOptions c, TcEncoding enc) {
        PschedClock clock = enc.clock();
        int mtu = HtbClassOptions.DEFAULT_MTU;
        TcRateSpec rate = TcRateSpec.ethernet(c.rate(), mtu);
        TcRateSpec ceil = TcRateSpec.ethernet(c.ceil(), mtu);
        // tc's default buckets: what the rate sends in one timer tick, plus a packet.
        long burst = c.burst() != 0 ? c.burst() : c.rate() / clock.hz() + mtu;
        long cburst = c.cburst() != 0 ? c.cburst() : c.ceil() / clock.hz() + mtu;
        ByteBuffer o = struct(TC_HTB_OPT_LEN);
        rate.write(o);
        ceil.write(o);
        // Unlike tbf, tc's htb computes the ticks from the 64-bit rates.
        o.putInt(u32(clock.xmitTicks(c.rate(), burst), "htb buffer"));
        o.putInt(u32(clock.xmitTicks(c.ceil(), cburst), "htb cbuffer"));
        o.putInt(c.quantum()).putInt(0).putInt(c.prio());
        int options = m.beginNest(TCA_OPTIONS);
        if (c.rate() >= 1L << 32) {
            m.attrU64(TCA_HTB_RATE64, c.rate());
        }
        if (c.ceil() >= 1L << 32) {
            m.attrU64(TCA_HTB_CEIL64, c.ceil());
        }
        m.attr(TCA_HTB_PARMS, o.array());
        if (enc.rateTables()) {
            m.attr(TCA_HTB_RTAB, rate.rateTable(clock));
            m.attr(TCA_HTB_CTAB, ceil.rateTable(clock));
        }
        m.endNest(options);
    }

    private static void writeNetem(MessageBuilder m, NetemOptions n, PschedClock clock) {
        if (n.reorder() > 0 && n.delay().isZero()) {
            // The kernel reorders by sending some packets without the delay: with none there is nothing to do.
            throw new IllegalArgumentException("netem reordering needs a delay");
        }
        long latency = clock.ticks(micros(n.delay()));
        long jitter = clock.ticks(micros(n.jitter()));
        boolean reorder = n.reorder() > 0;
        ByteBuffer q = struct(TC_NETEM_QOPT_LEN);
        q.putInt((int) Math.min(latency, U32_MAX)).putInt(n.limit()).putInt(NetemOptions.probability(n.loss()))
                .putInt(reorder && n.gap() == 0 ? 1 : n.gap()).putInt(NetemOptions.probability(n.duplicate()))
                .putInt((int) Math.min(jitter, U32_MAX));
        // netem's TCA_OPTIONS is the struct itself with attributes after it, not a plain nest.
        int options = m.beginNest(TCA_OPTIONS);
        m.header(q.array());
        if (n.delayCorrelation() > 0 || n.lossCorrelation() > 0 || n.duplicateCorrelation() > 0
                || n.reorderCorrelation() > 0) {
            // tc also sends the (all-zero) correlation struct when only reorder has a correlation.
            ByteBuffer c = struct(TC_NETEM_CORR_LEN);
            c.putInt(NetemOptions.probability(n.delayCorrelation())).putInt(NetemOptions.probability(n.lossCorrelation()))
                    .putInt(NetemOptions.probability(n.duplicateCorrelation()));
            m.attr(TCA_NETEM_CORR, c.array());
        }
        if (reorder) {
            m.attr(TCA_NETEM_REORDER, pair(n.reorder(), n.reorderCorrelation()));
        }
        if (n.corrupt() > 0) {
            m.attr(TCA_NETEM_CORRUPT, pair(n.corrupt(), n.corruptCorrelation()));
        }
        if (n.rate() > 0) {
            if (n.rate() >= 1L << 32) {
                m.attrU64(TCA_NETEM_RATE64, n.rate());
            }
            ByteBuffer r = struct(TC_NETEM_RATE_LEN);
            r.putInt((int) TcRateSpec.clamp32(n.rate())).putInt(0).putInt(0).putInt(0);
            m.attr(TCA_NETEM_RATE, r.array());
        }
        // Times whose ticks overflow the u32 fields go in nanoseconds, which the kernel prefers.
        if (latency > U32_MAX) {
            m.attrU64(TCA_NETEM_LATENCY64, n.delay().toNanos());
        }
        if (jitter > U32_MAX) {
            m.attrU64(TCA_NETEM_JITTER64, n.jitter().toNanos());
        }
        m.endNest(options);
    }

    // ---- decoding ----

    static QdiscOptions read(String kind, ByteBuffer options, PschedClock clock) {
        switch (kind) {
            case "tbf":
                if (options != null) {
                    return readTbf(Attributes.parse(options), clock);
                }
                break;
            case "htb":
                if (options != null) {
                    return readHtb(Attributes.parse(options));
                }
                break;
            case "netem":
                if (options != null) {
                    return readNetem(options, clock);
                }
                break;
            case "clsact":
            case "ingress":
                return new BareQdisc(kind);
            default:
                break;
        }
        return new RawQdiscOptions(kind, options == null ? null : bytes(options));
    }

    private static TbfOptions readTbf(Attributes a, PschedClock clock) {
        ByteBuffer q = need(a.get(TCA_TBF_PARMS), TC_TBF_QOPT_LEN, "TCA_TBF_PARMS");
        TcRateSpec rate = TcRateSpec.read(q, 0);
        TcRateSpec peak = TcRateSpec.read(q, TC_RATESPEC_LEN);
        long limit = q.getInt(24) & U32_MAX;
        long buffer = q.getInt(28) & U32_MAX;
        long mtuTicks = q.getInt(32) & U32_MAX;
        long rate64 = u64(a, TCA_TBF_RATE64, rate.rate());
        long peak64 = u64(a, TCA_TBF_PRATE64, peak.rate());
        if (rate64 == 0) {
            throw new MalformedReplyException("tbf with rate 0");
        }
        // Back from ticks to bytes as tc shows them; at least one byte, whatever the rounding did.
        int burst = atLeastOneByte(clock.xmitSize(rate64, buffer));
        int mtu = peak64 > 0 ? atLeastOneByte(clock.xmitSize(peak64, mtuTicks)) : 0;
        if (limit == 0 || limit > Integer.MAX_VALUE) {
            throw new MalformedReplyException("tbf limit of " + limit + " bytes");
        }
        return new TbfOptions(rate64, burst, (int) limit, peak64, mtu);
    }

    private static HtbOptions readHtb(Attributes a) {
        ByteBuffer g = need(a.get(TCA_HTB_INIT), TC_HTB_GLOB_LEN, "TCA_HTB_INIT");
        int r2q = g.getInt(4);
        int defcls = g.getInt(8);
        if (r2q <= 0) {
            throw new MalformedReplyException("htb r2q " + r2q);
        }
        return new HtbOptions(defcls, r2q, a.u32(TCA_HTB_DIRECT_QLEN, -1), g.getInt(16) & U32_MAX);
    }

    private static NetemOptions readNetem(ByteBuffer options, PschedClock clock) {
        ByteBuffer q = need(options, TC_NETEM_QOPT_LEN, "netem TCA_OPTIONS");
        Attributes a = Attributes.parse(q.slice(TC_NETEM_QOPT_LEN, q.limit() - TC_NETEM_QOPT_LEN));
        // The kernel reports both: ticks clamped to u32, and nanoseconds in the 64-bit attributes.
        Duration delay = a.has(TCA_NETEM_LATENCY64) ? nanos(a, TCA_NETEM_LATENCY64)
                : Duration.ofNanos(clock.ticksToNanos(q.getInt(0) & U32_MAX));
        Duration jitter = a.has(TCA_NETEM_JITTER64) ? nanos(a, TCA_NETEM_JITTER64)
                : Duration.ofNanos(clock.ticksToNanos(q.getInt(20) & U32_MAX));
        int limit = q.getInt(4);
        int gap = q.getInt(12);
        if (limit < 0 || gap < 0) {
            throw new MalformedReplyException("netem limit " + limit + ", gap " + gap);
        }
        double delayCorr = 0;
        double lossCorr = 0;
        double dupCorr = 0;
        if (a.has(TCA_NETEM_CORR)) {
            ByteBuffer c = need(a.get(TCA_NETEM_CORR), TC_NETEM_CORR_LEN, "TCA_NETEM_CORR");
            delayCorr = NetemOptions.percent(c.getInt(0));
            lossCorr = NetemOptions.percent(c.getInt(4));
            dupCorr = NetemOptions.percent(c.getInt(8));
        }
        double[] reorder = pair(a, TCA_NETEM_REORDER, "TCA_NETEM_REORDER");
        double[] corrupt = pair(a, TCA_NETEM_CORRUPT, "TCA_NETEM_CORRUPT");
        long rate = 0;
        if (a.has(TCA_NETEM_RATE)) {
            rate = need(a.get(TCA_NETEM_RATE), TC_NETEM_RATE_LEN, "TCA_NETEM_RATE").getInt(0) & U32_MAX;
        }
        rate = u64(a, TCA_NETEM_RATE64, rate);
        return new NetemOptions(delay, jitter, delayCorr, NetemOptions.percent(q.getInt(8)), lossCorr,
                NetemOptions.percent(q.getInt(16)), dupCorr, corrupt[0], corrupt[1], reorder[0], reorder[1], gap, rate,
                limit);
    }

    // ---- helpers ----

    private static ByteBuffer struct(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    }

    private static byte[] pair(double percent, double correlation) {
        return struct(8).putInt(NetemOptions.probability(percent)).putInt(NetemOptions.probability(correlation)).array();
    }

    private static double[] pair(Attributes a, int type, String what) {
        if (!a.has(type)) {
            return new double[] {0, 0};
        }
        ByteBuffer b = need(a.get(type), 8, what);
        return new double[] {NetemOptions.percent(b.getInt(0)), NetemOptions.percent(b.getInt(4))};
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1000;
    }

    private static int u32(long value, String what) {
        if (value > U32_MAX) {
            throw new IllegalArgumentException(what + " of " + value + " ticks does not fit 32 bits");
        }
        return (int) value;
    }

    private static ByteBuffer need(ByteBuffer b, int size, String what) {
        if (b == null) {
            throw new MalformedReplyException(what + " is missing");
        }
        if (b.remaining() < size) {
            throw new MalformedReplyException(what + " has " + b.remaining() + " bytes, expected at least " + size);
        }
        return b;
    }

    private static long u64(Attributes a, int type, long dflt) {
        ByteBuffer b = a.get(type);
        if (b == null) {
            return dflt;
        }
        long v = need(b, 8, "64-bit attribute " + type).getLong(0);
        if (v < 0) {
            throw new MalformedReplyException("64-bit attribute " + type + " above 2^63: " + Long.toUnsignedString(v));
        }
        return v;
    }

    private static Duration nanos(Attributes a, int type) {
        return Duration.ofNanos(u64(a, type, 0));
    }

    private static int atLeastOneByte(long v) {
        return (int) Math.max(1, Math.min(v, Integer.MAX_VALUE));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
