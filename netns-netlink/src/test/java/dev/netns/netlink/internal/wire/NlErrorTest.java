package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.Wire.msg;
import static dev.netns.netlink.internal.wire.Wire.parseOne;
import static dev.netns.netlink.internal.wire.Wire.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.MalformedReplyException;
import org.junit.jupiter.api.Test;

/**
 * NLMSG_ERROR as the kernel's netlink_ack() writes it: struct nlmsgerr (int error, then the
 * request's nlmsghdr, and its payload unless NLM_F_CAPPED), then with NLM_F_ACK_TLVS the
 * NLMSGERR_ATTR_* attributes.
 */
class NlErrorTest {
    static final int CAPPED = Netlink.NLM_F_CAPPED;
    static final int TLVS = Netlink.NLM_F_ACK_TLVS;

    /** The request the kernel echoes: our veth creation, 112 bytes. */
    static byte[] request(int seq) {
        return Wire.bytesOf(LinkMessages.newVeth("veth-red", -1, "veth-blu", 7).finish(seq));
    }

    /** A capped error: error code, the request's header only, then the extended-ack TLVs. */
    static byte[] cappedError(int seq, int errno, String text) {
        byte[] req = request(seq);
        Wire p = w().u32(-errno).raw(java.util.Arrays.copyOf(req, 16));
        int flags = CAPPED;
        if (text != null) {
            p.attrStr(Netlink.NLMSGERR_ATTR_MSG, text).attrU32(Netlink.NLMSGERR_ATTR_OFFS, 36);
            flags |= TLVS;
        }
        return msg(Netlink.NLMSG_ERROR, flags, seq, p.bytes());
    }

    static byte[] ack(int seq) {
        return msg(Netlink.NLMSG_ERROR, CAPPED, seq, w().u32(0).raw(java.util.Arrays.copyOf(request(seq), 16)).bytes());
    }

    @Test
    void ack() {
        NlMessage m = parseOne(ack(5));
        assertThat(m.isError()).isTrue();
        assertThat(NlError.fromError(m)).isEqualTo(new NlError(0, null));
    }

    @Test
    void cappedWithExtendedAckMessage() {
        NlMessage m = parseOne(cappedError(5, 17, "File exists"));
        assertThat(NlError.fromError(m)).isEqualTo(new NlError(17, "File exists"));
    }

    @Test
    void cappedWithoutTlvs() {
        assertThat(NlError.fromError(parseOne(cappedError(5, 19, null)))).isEqualTo(new NlError(19, null));
    }

    @Test
    void uncappedEchoesTheWholeRequestBeforeTheTlvs() {
        byte[] req = request(5);
        byte[] payload = w().u32(-22).raw(req)
                .attrStr(Netlink.NLMSGERR_ATTR_MSG, "Unknown device type")
                .bytes();
        assertThat(NlError.fromError(parseOne(msg(Netlink.NLMSG_ERROR, TLVS, 5, payload))))
                .isEqualTo(new NlError(22, "Unknown device type"));
    }

    @Test
    void uncappedEchoOfUnalignedLengthIsSkippedAligned() {
        // A request whose nlmsg_len is not a multiple of 4 (37): the TLVs start at NLMSG_ALIGN(37).
        byte[] req = w().u32(37).u16(16).u16(5).u32(5).u32(0).zeros(21).zeros(3).bytes();
        byte[] payload = w().u32(-95).raw(req).attrStr(Netlink.NLMSGERR_ATTR_MSG, "not supported").bytes();
        assertThat(NlError.fromError(parseOne(msg(Netlink.NLMSG_ERROR, TLVS, 5, payload))))
                .isEqualTo(new NlError(95, "not supported"));
    }

    @Test
    void withoutAckTlvsFlagTrailingBytesAreNotText() {
        byte[] payload = w().u32(-1).raw(request(5)).bytes();
        assertThat(NlError.fromError(parseOne(msg(Netlink.NLMSG_ERROR, 0, 5, payload))))
                .isEqualTo(new NlError(1, null));
    }

    @Test
    void tlvsWithoutMessageAttribute() {
        byte[] payload = w().u32(-22).raw(java.util.Arrays.copyOf(request(5), 16))
                .attrU32(Netlink.NLMSGERR_ATTR_OFFS, 20).bytes();
        assertThat(NlError.fromError(parseOne(msg(Netlink.NLMSG_ERROR, CAPPED | TLVS, 5, payload))))
                .isEqualTo(new NlError(22, null));
    }

    @Test
    void doneWithAndWithoutError() {
        assertThat(NlError.fromDone(parseOne(msg(Netlink.NLMSG_DONE, 2, 5, w().u32(0).bytes()))))
                .isEqualTo(new NlError(0, null));
        assertThat(NlError.fromDone(parseOne(msg(Netlink.NLMSG_DONE, 2, 5, new byte[0]))))
                .isEqualTo(new NlError(0, null));
        byte[] failed = w().u32(-90).attrStr(Netlink.NLMSGERR_ATTR_MSG, "dump too big").bytes();
        assertThat(NlError.fromDone(parseOne(msg(Netlink.NLMSG_DONE, 2 | TLVS, 5, failed))))
                .isEqualTo(new NlError(90, "dump too big"));
    }

    @Test
    void errorShorterThanItsCode() {
        for (int n = 0; n < 4; n++) {
            NlMessage m = parseOne(msg(Netlink.NLMSG_ERROR, 0, 5, new byte[n]));
            assertThatThrownBy(() -> NlError.fromError(m)).isExactlyInstanceOf(MalformedReplyException.class)
                    .hasMessageContaining("no error code");
        }
    }

    @Test
    void extendedAckWithoutTheEchoedHeader() {
        NlMessage m = parseOne(msg(Netlink.NLMSG_ERROR, CAPPED | TLVS, 5, w().u32(-1).zeros(8).bytes()));
        assertThatThrownBy(() -> NlError.fromError(m)).isExactlyInstanceOf(MalformedReplyException.class);
    }

    @Test
    void echoedRequestLongerThanThePayload() {
        byte[] payload = w().u32(-1).raw(java.util.Arrays.copyOf(request(5), 16)).bytes(); // says 112, has 16
        NlMessage m = parseOne(msg(Netlink.NLMSG_ERROR, TLVS, 5, payload));
        assertThatThrownBy(() -> NlError.fromError(m)).isExactlyInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("echoed request");
    }

    @Test
    void echoedRequestWithNegativeOrShortLength() {
        for (int len : new int[] {-1, -16, -100, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 3}) {
            byte[] payload = w().u32(-1).u32(len).zeros(12).attrStr(Netlink.NLMSGERR_ATTR_MSG, "x").bytes();
            NlMessage m = parseOne(msg(Netlink.NLMSG_ERROR, TLVS, 5, payload));
            assertThatThrownBy(() -> NlError.fromError(m)).as("echoed nlmsg_len %d", len)
                    .isExactlyInstanceOf(MalformedReplyException.class);
        }
    }

    @Test
    void malformedTlvs() {
        byte[] payload = w().u32(-1).raw(java.util.Arrays.copyOf(request(5), 16)).u16(40).u16(1).cstr("abc").bytes();
        NlMessage m = parseOne(msg(Netlink.NLMSG_ERROR, CAPPED | TLVS, 5, payload));
        assertThatThrownBy(() -> NlError.fromError(m)).isExactlyInstanceOf(MalformedReplyException.class);
        byte[] done = w().u32(-1).u16(2).u16(1).bytes();
        NlMessage d = parseOne(msg(Netlink.NLMSG_DONE, TLVS, 5, done));
        assertThatThrownBy(() -> NlError.fromDone(d)).isExactlyInstanceOf(MalformedReplyException.class);
    }
}
