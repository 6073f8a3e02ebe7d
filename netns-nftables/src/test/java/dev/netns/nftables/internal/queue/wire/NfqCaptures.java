package dev.netns.nftables.internal.queue.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * Packet messages as the kernel sends them (little-endian host), for the decoding tests and the
 * fuzzer's seeds ({@code NfqFuzzTargets}).
 */
public final class NfqCaptures {
    /**
     * NFQNL_MSG_PACKET built by hand from nfnetlink_queue.h: queue 3, packet id 42, ETH_P_IP, hook
     * NF_INET_LOCAL_OUT, mark 7, outdev 5, timestamp 0x65000000 s 1000 us, payload an IPv4 UDP
     * datagram 10.9.0.1:5000 -> 10.9.0.2:5000 carrying de ad be ef.
     */
    public static final String CONSTRUCTED = "68000000" + "0003" + "0000" + "00000000" + "00000000" // nlmsghdr
            + "02000003" // nfgenmsg: AF_INET, v0, res_id be16 3
            + "0b000100" + "0000002a" + "0800" + "03" + "00" // NFQA_PACKET_HDR (7 bytes + pad)
            + "08000300" + "00000007" // NFQA_MARK
            + "08000600" + "00000005" // NFQA_IFINDEX_OUTDEV
            + "14000400" + "0000000065000000" + "00000000000003e8" // NFQA_TIMESTAMP
            + "24000a00" + "4500002000014000401100000a0900010a090002" + "13881388000c0000" + "deadbeef"; // NFQA_PAYLOAD

    /**
     * What the kernel sent on this machine (6.x, x86-64): NFQNL_MSG_PACKET for queue 3, packet id 1,
     * ETH_P_IP, NF_INET_LOCAL_OUT, outdev 2, no padding after the 33-byte payload (10.9.0.1:51900 ->
     * 10.9.0.2:7001 "netns").
     */
    public static final String KERNEL_PACKET = "4d000000000300000000000000000000020000030b0001000000000108000300080006000000000225000a00"
            + "450000219988400040118d2f0a0900010a090002cabc1b59000dafd56e65746e73";
    /** The kernel's ack of a bind (seq 1, NLM_F_CAPPED). */
    public static final String KERNEL_BIND_ACK = "2400000002000001010000006d3100000000000040000000020305000100000000000000";
    /** The kernel's answer to a verdict for an unknown packet id: ENOENT with the request echoed. */
    public static final String KERNEL_ENOENT = "3400000002000000000000006d310000feffffff2000000001030100000000000000000000000003"
            + "0c00020000000001000003e7";

    public static final byte[] UDP_PAYLOAD = HexFormat.of().parseHex(
            "4500002000014000401100000a0900010a090002" + "13881388000c0000" + "deadbeef");

    private NfqCaptures() {
    }

    public static byte[] unhex(String s) {
        return HexFormat.of().parseHex(s);
    }

    public static ByteBuffer buffer(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }

    public static String hex(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return HexFormat.of().formatHex(out);
    }
}
