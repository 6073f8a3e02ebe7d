package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.Wire.msg;
import static dev.netns.netlink.internal.wire.Wire.parseOne;
import static dev.netns.netlink.internal.wire.Wire.unhex;
import static dev.netns.netlink.internal.wire.Wire.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.MalformedReplyException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Truncated and corrupt input: always a MalformedReplyException, never an IndexOutOfBounds. The
 * mutation fuzzing of these decoders is {@link DecoderFuzzTest}'s.
 */
class MalformedInputTest {

    private static ByteBuffer buf(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }

    @Test
    void nlmsgLenBelowTheHeader() {
        for (int len : new int[] {0, 1, 15, -1, Integer.MIN_VALUE}) {
            byte[] m = w().u32(len).u16(16).u16(0).u32(1).u32(0).zeros(16).bytes();
            assertThatThrownBy(() -> NlMessage.parseAll(buf(m))).as("nlmsg_len %d", len)
                    .isExactlyInstanceOf(MalformedReplyException.class).hasMessageContaining("length " + len);
        }
    }

    @Test
    void nlmsgLenPastTheDatagram() {
        byte[] m = w().u32(33).u16(16).u16(0).u32(1).u32(0).zeros(16).bytes();
        assertThatThrownBy(() -> NlMessage.parseAll(buf(m))).isExactlyInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("32 bytes remain");
        byte[] second = w().raw(msg(3, 2, 1, w().u32(0).bytes())).u32(1000).u16(3).u16(0).u32(1).u32(0).bytes();
        assertThatThrownBy(() -> NlMessage.parseAll(buf(second))).isExactlyInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("offset 20");
    }

    @Test
    void trailingBytesShorterThanAHeader() {
        for (int extra = 1; extra < 16; extra++) {
            byte[] m = w().raw(msg(3, 2, 1, w().u32(0).bytes())).zeros(extra).bytes();
            assertThatThrownBy(() -> NlMessage.parseAll(buf(m))).isExactlyInstanceOf(MalformedReplyException.class)
                    .hasMessageContaining("trailing");
        }
        assertThat(NlMessage.parseAll(buf(new byte[0]))).isEmpty();
    }

    @Test
    void lastMessageWithoutTrailingPadding() {
        byte[] m = msg(RtNetlink.RTM_NEWLINK, 0, 1, w().zeros(16).u16(5).u16(3).u8(0).bytes());
        assertThat(m.length % 4).isNotZero();
        assertThat(NlMessage.parseAll(buf(m))).hasSize(1);
    }

    @Test
    void attributeLengthBelowItsHeaderOrPastTheEnd() {
        for (int len : new int[] {0, 1, 3}) {
            byte[] a = w().attrU32(1, 5).u16(len).u16(3).zeros(4).bytes();
            assertThatThrownBy(() -> Attributes.parse(buf(a))).as("rta_len %d", len)
                    .isExactlyInstanceOf(MalformedReplyException.class).hasMessageContaining("length " + len);
        }
        byte[] past = w().u16(9).u16(3).zeros(4).bytes();
        assertThatThrownBy(() -> Attributes.parse(buf(past))).isExactlyInstanceOf(MalformedReplyException.class);
        byte[] max = w().u16(0xffff).u16(3).zeros(4).bytes();
        assertThatThrownBy(() -> Attributes.parse(buf(max))).isExactlyInstanceOf(MalformedReplyException.class);
        // In a nest, and in a message.
        byte[] nested = w().attr(IfLink.IFLA_LINKINFO, x -> x.u16(12).u16(1).cstr("ve")).bytes();
        assertThatThrownBy(() -> Attributes.parse(buf(nested)).nested(IfLink.IFLA_LINKINFO))
                .isExactlyInstanceOf(MalformedReplyException.class);
        NlMessage m = parseOne(msg(RtNetlink.RTM_NEWLINK, 0, 1, w().zeros(16).u16(2).u16(3).bytes()));
        assertThatThrownBy(() -> LinkMessages.decode(m)).isExactlyInstanceOf(MalformedReplyException.class);
    }

    @Test
    void leftoverBelowAnAttributeHeaderIsPadding() {
        byte[] a = w().attrU32(4, 1500).zeros(3).bytes();
        assertThat(Attributes.parse(buf(a)).u32(4, 0)).isEqualTo(1500);
    }

    @Test
    void familyHeaderShorterThanNeeded() {
        for (int n = 0; n < 16; n++) {
            NlMessage link = parseOne(msg(RtNetlink.RTM_NEWLINK, 0, 1, new byte[n]));
            assertThatThrownBy(() -> LinkMessages.decode(link)).as("ifinfomsg of %d bytes", n)
                    .isExactlyInstanceOf(MalformedReplyException.class);
        }
        for (int n = 0; n < 8; n++) {
            NlMessage addr = parseOne(msg(RtNetlink.RTM_NEWADDR, 0, 1, new byte[n]));
            assertThatThrownBy(() -> AddressMessages.decode(addr)).as("ifaddrmsg of %d bytes", n)
                    .isExactlyInstanceOf(MalformedReplyException.class);
        }
        for (int n = 0; n < 12; n++) {
            byte[] p = new byte[n];
            if (n > 4) {
                p[4] = (byte) 254; // main table, so the decoder gets as far as the attributes
            }
            if (n > 7) {
                p[7] = 1;
            }
            NlMessage route = parseOne(msg(RtNetlink.RTM_NEWROUTE, 0, 1, p));
            assertThatThrownBy(() -> RouteMessages.decodeMain(route, i -> "x")).as("rtmsg of %d bytes", n)
                    .isExactlyInstanceOf(MalformedReplyException.class);
        }
    }

    @Test
    void addressAttributeOfTheWrongSize() {
        for (int n : new int[] {0, 1, 3, 5, 6, 15, 17}) {
            byte[] a = new byte[n];
            NlMessage addr = parseOne(msg(RtNetlink.RTM_NEWADDR, 0, 1,
                    w().u8(2).u8(24).u8(0).u8(0).u32(3).attr(IfAddr.IFA_LOCAL, a).bytes()));
            assertThatThrownBy(() -> AddressMessages.decode(addr)).as("IFA_LOCAL of %d bytes", n)
                    .isExactlyInstanceOf(MalformedReplyException.class).hasMessageContaining(n + " bytes");
            NlMessage gw = parseOne(msg(RtNetlink.RTM_NEWROUTE, 0, 1,
                    w().u8(2).u8(0).u8(0).u8(0).u8(254).u8(3).u8(0).u8(1).u32(0).attr(RtNetlink.RTA_GATEWAY, a).bytes()));
            assertThatThrownBy(() -> RouteMessages.decodeMain(gw, i -> "x")).as("RTA_GATEWAY of %d bytes", n)
                    .isExactlyInstanceOf(MalformedReplyException.class);
            NlMessage dst = parseOne(msg(RtNetlink.RTM_NEWROUTE, 0, 1,
                    w().u8(2).u8(8).u8(0).u8(0).u8(254).u8(3).u8(0).u8(1).u32(0).attr(RtNetlink.RTA_DST, a).bytes()));
            assertThatThrownBy(() -> RouteMessages.decodeMain(dst, i -> "x")).as("RTA_DST of %d bytes", n)
                    .isExactlyInstanceOf(MalformedReplyException.class);
        }
    }

    @Test
    void addressWithoutAnyAddress() {
        NlMessage addr = parseOne(msg(RtNetlink.RTM_NEWADDR, 0, 1, w().u8(2).u8(24).u8(0).u8(0).u32(3).bytes()));
        assertThatThrownBy(() -> AddressMessages.decode(addr)).isExactlyInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("no address");
    }

    @Test
    void integerAttributesTooShort() {
        NlMessage mtu = parseOne(msg(RtNetlink.RTM_NEWLINK, 0, 1, w().zeros(16).attr(IfLink.IFLA_MTU, new byte[2]).bytes()));
        assertThatThrownBy(() -> LinkMessages.decode(mtu)).isExactlyInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("attribute type 4 has 2 bytes");
        NlMessage oper = parseOne(msg(RtNetlink.RTM_NEWLINK, 0, 1,
                w().zeros(16).attr(IfLink.IFLA_OPERSTATE, new byte[0]).bytes()));
        assertThatThrownBy(() -> LinkMessages.decode(oper)).isExactlyInstanceOf(MalformedReplyException.class);
    }

    @Test
    void prefixLengthBeyondTheAddress() {
        NlMessage addr = parseOne(msg(RtNetlink.RTM_NEWADDR, 0, 1,
                w().u8(2).u8(33).u8(0).u8(0).u32(3).attr(IfAddr.IFA_LOCAL, unhex("0a000001")).bytes()));
        assertThatThrownBy(() -> AddressMessages.decode(addr)).isExactlyInstanceOf(MalformedReplyException.class);
        NlMessage route = parseOne(msg(RtNetlink.RTM_NEWROUTE, 0, 1,
                w().u8(2).u8(40).u8(0).u8(0).u8(254).u8(3).u8(0).u8(1).u32(0)
                        .attr(RtNetlink.RTA_DST, unhex("0a000000")).bytes()));
        assertThatThrownBy(() -> RouteMessages.decodeMain(route, i -> "x"))
                .isExactlyInstanceOf(MalformedReplyException.class);
    }

    @Test
    void gatewayOfTheOtherFamily() {
        NlMessage route = parseOne(msg(RtNetlink.RTM_NEWROUTE, 0, 1,
                w().u8(2).u8(0).u8(0).u8(0).u8(254).u8(3).u8(0).u8(1).u32(0)
                        .attr(RtNetlink.RTA_GATEWAY, unhex("fe800000000000000000000000000001")).bytes()));
        assertThatThrownBy(() -> RouteMessages.decodeMain(route, i -> "x"))
                .isExactlyInstanceOf(MalformedReplyException.class);
    }

    @Test
    void metricAboveIntMaxIsReadAsUnsigned() {
        // RTA_PRIORITY is a u32 and the kernel accepts "metric 4294967295": Route holds it as a long.
        NlMessage route = parseOne(msg(RtNetlink.RTM_NEWROUTE, 0, 1,
                w().u8(2).u8(8).u8(0).u8(0).u8(254).u8(3).u8(253).u8(1).u32(0)
                        .attr(RtNetlink.RTA_DST, unhex("0a000000")).attrU32(RtNetlink.RTA_PRIORITY, 0x8000_0000)
                        .bytes()));
        assertThat(RouteMessages.decodeMain(route, i -> "x").metric()).isEqualTo(0x8000_0000L);
    }
}
