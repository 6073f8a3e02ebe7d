package dev.netns.nftables.internal.queue.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netns.MalformedReplyException;
import dev.netns.netlink.internal.wire.NlError;
import dev.netns.netlink.internal.wire.NlMessage;
import dev.netns.nftables.internal.wire.Netfilter;
import java.nio.ByteOrder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * nfnetlink_queue requests against bytes computed by hand from nfnetlink_queue.h (sizes and
 * offsets checked by gcc in QueueConstantsTest), and packet decoding. The expected hex is for a
 * little-endian host (the nlmsghdr is host order; everything inside is big-endian).
 */
class NfqCodecTest {

    @BeforeEach
    void littleEndian() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "golden hex is little-endian");
    }

    @Test
    void bindIsOneAckedConfigWithCommandParamsMaxlenMaskAndFlags() {
        assertThat(NfqCaptures.hex(NfqMessages.bind(3, 0xffff, 10_000, NfQueue.NFQA_CFG_F_FAIL_OPEN,
                NfQueue.NFQA_CFG_F_FAIL_OPEN | NfQueue.NFQA_CFG_F_GSO, 1))).isEqualTo(
                "40000000" + "0203" + "0500" + "01000000" + "00000000" // NFQNL_MSG_CONFIG, REQUEST|ACK, seq 1
                        + "00000003" // nfgenmsg: AF_UNSPEC, v0, queue 3
                        + "08000100" + "01000000" // NFQA_CFG_CMD: BIND, pad, pf 0
                        + "09000200" + "0000ffff" + "02" + "000000" // NFQA_CFG_PARAMS: range, COPY_PACKET (packed 5)
                        + "08000300" + "00002710" // NFQA_CFG_QUEUE_MAXLEN 10000
                        + "08000400" + "00000005" // NFQA_CFG_MASK FAIL_OPEN|GSO
                        + "08000500" + "00000001"); // NFQA_CFG_FLAGS FAIL_OPEN
    }

    @Test
    void unbind() {
        assertThat(NfqCaptures.hex(NfqMessages.unbind(0x1234, 2))).isEqualTo(
                "1c000000" + "0203" + "0500" + "02000000" + "00000000" + "00001234" + "08000100" + "02000000");
    }

    @Test
    void verdictWithoutAndWithPayload() {
        assertThat(NfqCaptures.hex(NfqMessages.verdict(3, 42, Netfilter.NF_ACCEPT, null))).isEqualTo(
                "20000000" + "0103" + "0100" + "00000000" + "00000000" + "00000003"
                        + "0c000200" + "00000001" + "0000002a"); // NFQA_VERDICT_HDR: verdict, id
        assertThat(NfqCaptures.hex(NfqMessages.verdict(3, 42, Netfilter.NF_DROP, new byte[] {1, 2, 3}))).isEqualTo(
                "28000000" + "0103" + "0100" + "00000000" + "00000000" + "00000003"
                        + "0c000200" + "00000000" + "0000002a" + "07000a00" + "010203" + "00");
    }

    @Test
    void verdictBatch() {
        assertThat(NfqCaptures.hex(NfqMessages.verdictBatch(3, 99, Netfilter.NF_ACCEPT))).isEqualTo(
                "20000000" + "0303" + "0100" + "00000000" + "00000000" + "00000003" + "0c000200" + "00000001" + "00000063");
    }

    @Test
    void rejectsOutOfRangeArguments() {
        assertThatThrownBy(() -> NfqMessages.bind(65_536, 100, 1, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NfqMessages.bind(1, 0, 1, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NfqMessages.bind(1, 100, 0, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NfqMessages.verdict(-1, 1, 1, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesAPacket() {
        NlMessage m = NlMessage.parseAll(NfqCaptures.buffer(NfqCaptures.unhex(NfqCaptures.CONSTRUCTED))).get(0);
        NfqPacket p = NfqPacket.decode(m);
        assertThat(p.queueNum()).isEqualTo(3);
        assertThat(p.packetId()).isEqualTo(42);
        assertThat(p.hwProtocol()).isEqualTo(0x0800);
        assertThat(p.hook()).isEqualTo(Netfilter.NF_INET_LOCAL_OUT);
        assertThat(p.mark()).isEqualTo(7);
        assertThat(p.inDev()).isZero();
        assertThat(p.outDev()).isEqualTo(5);
        assertThat(p.capLen()).isZero();
        assertThat(p.truncated()).isFalse();
        assertThat(p.timestampMicros()).isEqualTo(0x65000000L * 1_000_000 + 1000);
        assertThat(p.payload()).isEqualTo(NfqCaptures.UDP_PAYLOAD);
    }

    @Test
    void decodesWhatTheKernelSent() {
        NlMessage m = NlMessage.parseAll(NfqCaptures.buffer(NfqCaptures.unhex(NfqCaptures.KERNEL_PACKET))).get(0);
        NfqPacket p = NfqPacket.decode(m);
        assertThat(p.queueNum()).isEqualTo(3);
        assertThat(p.packetId()).isEqualTo(1);
        assertThat(p.hwProtocol()).isEqualTo(0x0800);
        assertThat(p.hook()).isEqualTo(Netfilter.NF_INET_LOCAL_OUT);
        assertThat(p.outDev()).isEqualTo(2);
        assertThat(p.timestampMicros()).isEqualTo(-1);
        assertThat(p.payload()).hasSize(33);
        assertThat(new String(p.payload(), 28, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("netns");
        NlMessage ack = NlMessage.parseAll(NfqCaptures.buffer(NfqCaptures.unhex(NfqCaptures.KERNEL_BIND_ACK))).get(0);
        assertThat(NlError.fromError(ack).errno()).isZero();
        assertThat(ack.seq()).isEqualTo(1);
        NlMessage enoent = NlMessage.parseAll(NfqCaptures.buffer(NfqCaptures.unhex(NfqCaptures.KERNEL_ENOENT))).get(0);
        assertThat(NlError.fromError(enoent).errno()).isEqualTo(2);
    }

    @Test
    void aPacketWithoutHeaderOrOfAnotherTypeIsMalformed() {
        byte[] b = NfqCaptures.unhex(NfqCaptures.CONSTRUCTED);
        b[16 + 4 + 2] = 9; // NFQA_PACKET_HDR becomes NFQA_HWADDR
        assertThatThrownBy(() -> NfqPacket.decode(NlMessage.parseAll(NfqCaptures.buffer(b)).get(0)))
                .isExactlyInstanceOf(MalformedReplyException.class).hasMessageContaining("NFQA_PACKET_HDR");
        byte[] c = NfqCaptures.unhex(NfqCaptures.CONSTRUCTED);
        c[4] = 1; // NFQNL_MSG_VERDICT
        assertThatThrownBy(() -> NfqPacket.decode(NlMessage.parseAll(NfqCaptures.buffer(c)).get(0)))
                .isExactlyInstanceOf(MalformedReplyException.class);
    }
}
