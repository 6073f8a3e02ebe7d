package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.PktSched.*;
import static dev.netns.netlink.internal.wire.Wire.msg;
import static dev.netns.netlink.internal.wire.Wire.parseOne;
import static dev.netns.netlink.internal.wire.Wire.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netns.MalformedReplyException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tc decoders on truncated and corrupted replies, starting from the kernel's own captured
 * dumps and errors: only MalformedReplyException may come out, never an IndexOutOfBounds, an
 * IllegalArgumentException from the model, or anything else. Their mutation fuzzing is
 * {@link DecoderFuzzTest}'s.
 */
class TcMalformedInputTest {

    @BeforeEach
    void capturedRepliesAreLittleEndian() {
        assumeTrue(Wire.littleEndian(), "the captured replies are little-endian");
    }

    private static ByteBuffer buf(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }

    /** Every decoder on every message, whatever its type says: only MalformedReplyException may escape. */
    private static void decodeEverything(byte[] datagram) {
        for (NlMessage m : NlMessage.parseAll(buf(datagram))) {
            tryDecode(() -> TcMessages.decodeQdisc(m));
            tryDecode(() -> TcMessages.decodeQdisc(m, new PschedClock(1000, 64, 1_000_000, 100)));
            tryDecode(() -> NlError.fromError(m));
            tryDecode(() -> TcMessages.decodeStats(m.attributes(TCMSG_LEN)));
            tryDecode(() -> TcRateSpec.read(m.payload(), m.payload().limit() - TC_RATESPEC_LEN));
        }
    }

    private static void tryDecode(Supplier<?> decoder) {
        try {
            decoder.get();
        } catch (MalformedReplyException expected) {
            // fine
        }
    }

    @Test
    void truncationAtEveryOffset() {
        int rejected = 0;
        for (byte[] original : NetlinkFuzzTargets.tcCorpus()) {
            decodeEverything(original);
            for (int cut = 0; cut < original.length; cut++) {
                byte[] b = Arrays.copyOf(original, cut);
                rejected += runs(b);
                // And with nlmsg_len fixed up, so the cut reaches the family header and the attributes.
                if (cut >= 4) {
                    buf(b).putInt(0, cut);
                    rejected += runs(b);
                }
            }
        }
        assertThat(rejected).isGreaterThan(1000);
    }

    private static int runs(byte[] b) {
        try {
            decodeEverything(b);
            return 0;
        } catch (MalformedReplyException e) {
            return 1;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(Wire.hex(b) + " threw " + e, e);
        }
    }

    // ---- specific damage, with the message it should produce ----

    private static NlMessage qdisc(Wire attrs) {
        return parseOne(msg(RTM_NEWQDISC, 0, 1, w().zeros(4).u32(3).u32(0).u32(TC_H_ROOT).u32(1).raw(attrs.bytes())
                .bytes()));
    }

    @Test
    void shortTcmsg() {
        for (int n = 0; n < TCMSG_LEN; n++) {
            NlMessage m = parseOne(msg(RTM_NEWQDISC, 0, 1, new byte[n]));
            assertThatThrownBy(() -> TcMessages.decodeQdisc(m)).as("tcmsg of %d bytes", n)
                    .isExactlyInstanceOf(MalformedReplyException.class);
        }
    }

    @Test
    void missingKind() {
        assertThatThrownBy(() -> TcMessages.decodeQdisc(qdisc(w()))).isExactlyInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("TCA_KIND");
    }

    @Test
    void shortStructs() {
        NlMessage tbf = qdisc(w().attrStr(TCA_KIND, "tbf").attr(TCA_OPTIONS, o -> o.attr(TCA_TBF_PARMS, new byte[35])));
        assertThatThrownBy(() -> TcMessages.decodeQdisc(tbf)).isExactlyInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("TCA_TBF_PARMS has 35 bytes");
        NlMessage noParms = qdisc(w().attrStr(TCA_KIND, "tbf").attr(TCA_OPTIONS, o -> o.attrU32(TCA_TBF_BURST, 1)));
        assertThatThrownBy(() -> TcMessages.decodeQdisc(noParms)).isExactlyInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("missing");
        NlMessage htb = qdisc(w().attrStr(TCA_KIND, "htb").attr(TCA_OPTIONS, o -> o.attr(TCA_HTB_INIT, new byte[19])));
        assertThatThrownBy(() -> TcMessages.decodeQdisc(htb)).isExactlyInstanceOf(MalformedReplyException.class);
        NlMessage netem = qdisc(w().attrStr(TCA_KIND, "netem").attr(TCA_OPTIONS, new byte[23]));
        assertThatThrownBy(() -> TcMessages.decodeQdisc(netem)).isExactlyInstanceOf(MalformedReplyException.class);
        NlMessage basic = qdisc(w().attrStr(TCA_KIND, "noqueue")
                .attr(TCA_STATS2, s -> s.attr(TCA_STATS_BASIC, new byte[11])));
        assertThatThrownBy(() -> TcMessages.decodeQdisc(basic)).isExactlyInstanceOf(MalformedReplyException.class);
        NlMessage queue = qdisc(w().attrStr(TCA_KIND, "noqueue")
                .attr(TCA_STATS2, s -> s.attr(TCA_STATS_QUEUE, new byte[19])));
        assertThatThrownBy(() -> TcMessages.decodeQdisc(queue)).isExactlyInstanceOf(MalformedReplyException.class);
        NlMessage legacy = qdisc(w().attrStr(TCA_KIND, "noqueue").attr(TCA_STATS, new byte[35]));
        assertThatThrownBy(() -> TcMessages.decodeQdisc(legacy)).isExactlyInstanceOf(MalformedReplyException.class);
    }

    @Test
    void valuesTheModelRefusesAreMalformedToo() {
        // A tbf with rate 0 or limit 0, a netem with a negative limit: no kernel reports these.
        byte[] zeroRate = new byte[TC_TBF_QOPT_LEN];
        NlMessage tbf = qdisc(w().attrStr(TCA_KIND, "tbf").attr(TCA_OPTIONS, o -> o.attr(TCA_TBF_PARMS, zeroRate)));
        assertThatThrownBy(() -> TcMessages.decodeQdisc(tbf)).isExactlyInstanceOf(MalformedReplyException.class);
        NlMessage netem = qdisc(w().attrStr(TCA_KIND, "netem")
                .attr(TCA_OPTIONS, o -> o.u32(0).u32(-1).zeros(16)));
        assertThatThrownBy(() -> TcMessages.decodeQdisc(netem)).isExactlyInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("limit");
        NlMessage latency = qdisc(w().attrStr(TCA_KIND, "netem")
                .attr(TCA_OPTIONS, o -> o.zeros(24).attr(TCA_NETEM_LATENCY64, x -> x.u32(0).u32(0x8000_0000))));
        assertThatThrownBy(() -> TcMessages.decodeQdisc(latency)).isExactlyInstanceOf(MalformedReplyException.class);
    }
}
