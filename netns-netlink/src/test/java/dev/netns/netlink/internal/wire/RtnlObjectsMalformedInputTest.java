package dev.netns.netlink.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.MalformedReplyException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The decoders of links with kind data, neighbours, rules, routes of any table, statistics and
 * events, fed every captured kernel reply truncated at every offset: only
 * {@link MalformedReplyException} may come out, as in {@link MalformedInputTest}. Their mutation
 * fuzzing is {@link DecoderFuzzTest}'s.
 */
class RtnlObjectsMalformedInputTest {

    private static ByteBuffer buf(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }

    /** Every decoder on every message, whatever its type says: types can be corrupt too. */
    private static void decodeEverything(byte[] datagram) {
        for (NlMessage m : NlMessage.parseAll(buf(datagram))) {
            tryDecode(() -> LinkKindMessages.decode(m));
            tryDecode(() -> LinkMessages.decodeName(m));
            tryDecode(() -> LinkMessages.decodeState(m));
            tryDecode(() -> NeighbourMessages.decode(m));
            tryDecode(() -> RuleMessages.decode(m));
            tryDecode(() -> RouteSpecMessages.decode(m));
            tryDecode(() -> LinkStatsMessages.decodeStats(m));
            tryDecode(() -> LinkStatsMessages.decodeLink(m));
            tryDecode(() -> RtnlEvents.decode(m));
        }
    }

    private static void tryDecode(Supplier<?> decoder) {
        try {
            decoder.get();
        } catch (MalformedReplyException expected) {
            // the one allowed failure
        }
    }

    private static void decodeOnly(byte[] b, String what) {
        try {
            decodeEverything(b);
        } catch (MalformedReplyException e) {
            // fine
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what + " (" + Wire.hex(b) + ") threw " + e, e);
        }
    }

    @Test
    void capturesDecodeCleanly() {
        for (String name : Captures.ALL) {
            for (byte[] m : Captures.load(name)) {
                NlMessage msg = Wire.parseOne(m);
                // The decoder for the message's own type must accept the kernel's real bytes.
                switch (msg.type()) {
                    case RtNetlink.RTM_NEWLINK -> LinkKindMessages.decode(msg);
                    case Neighbour.RTM_NEWNEIGH -> NeighbourMessages.decode(msg);
                    case FibRules.RTM_NEWRULE -> RuleMessages.decode(msg);
                    case RtNetlink.RTM_NEWROUTE -> RouteSpecMessages.decode(msg);
                    case LinkStatsMessages.RTM_NEWSTATS -> LinkStatsMessages.decodeStats(msg);
                    default -> RtnlEvents.decode(msg);
                }
            }
        }
    }

    @Test
    void truncatedAtEveryOffset() {
        int cases = 0;
        for (String name : Captures.ALL) {
            for (byte[] m : Captures.load(name)) {
                for (int n = 0; n < m.length; n++) {
                    byte[] cut = Arrays.copyOf(m, n);
                    decodeOnly(cut, name + " cut at " + n);
                    // Also with nlmsg_len fixed up, so the cut reaches the attribute parsers.
                    if (n >= 4) {
                        buf(cut).putInt(0, n);
                        decodeOnly(cut, name + " cut at " + n + ", length fixed");
                    }
                    cases++;
                }
            }
        }
        assertThat(cases).isGreaterThan(20_000);
    }

    @Test
    void inconsistentKernelDataIsMalformedNotInvalidInput() {
        // A /24 source selector without FRA_SRC; a vxlan VNI above 24 bits; a next hop running past RTA_MULTIPATH.
        byte[] rule = Wire.msg(FibRules.RTM_NEWRULE, 0, 0, RuleMessages.header(2, 0, 24, 100, 1, 0));
        assertThatThrownBy(() -> RuleMessages.decode(Wire.parseOne(rule))).isExactlyInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("without its address");
        byte[] vx = Wire.msg(RtNetlink.RTM_NEWLINK, 0, 0, Wire.w().zeros(16).attrStr(IfLink.IFLA_IFNAME, "vx0")
                .attr(IfLink.IFLA_LINKINFO, li -> li.attrStr(IfLink.IFLA_INFO_KIND, "vxlan")
                        .attr(IfLink.IFLA_INFO_DATA, d -> d.attrU32(LinkKinds.IFLA_VXLAN_ID, 1 << 24)))
                .bytes());
        assertThatThrownBy(() -> LinkKindMessages.decode(Wire.parseOne(vx))).isExactlyInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("vx0");
        byte[] mp = Wire.msg(RtNetlink.RTM_NEWROUTE, 0, 0, Wire.w().u8(2).u8(0).u8(0).u8(0).u8(254).u8(3).u8(0).u8(1).u32(0)
                .attr(RtNetlink.RTA_MULTIPATH, h -> h.u16(40).u8(0).u8(0).u32(2)).bytes());
        assertThatThrownBy(() -> RouteSpecMessages.decode(Wire.parseOne(mp))).isExactlyInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("length 40");
        byte[] neigh = Wire.msg(Neighbour.RTM_NEWNEIGH, 0, 0, Wire.w().raw(NeighbourMessages.ndmsg(2, 3, 2, 0, 1))
                .attr(Neighbour.NDA_DST, new byte[16]).bytes());
        assertThatThrownBy(() -> NeighbourMessages.decode(Wire.parseOne(neigh)))
                .isExactlyInstanceOf(MalformedReplyException.class).hasMessageContaining("16 bytes");
    }
}
