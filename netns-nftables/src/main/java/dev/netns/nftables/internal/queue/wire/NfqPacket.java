package dev.netns.nftables.internal.queue.wire;

import dev.netns.MalformedReplyException;
import dev.netns.netlink.internal.wire.Attributes;
import dev.netns.netlink.internal.wire.NlMessage;
import dev.netns.nftables.internal.wire.NfNetlink;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One packet the kernel queued to userspace (NFQNL_MSG_PACKET), decoded. The payload starts at
 * the network header (IPv4 or IPv6). Ifindexes, mark and cap length are 0 when the kernel left
 * them out; the timestamp is -1 when absent (locally sent packets usually have none).
 *
 * @param queueNum the queue (the nfgenmsg's res_id)
 * @param packetId the id a verdict names
 * @param hwProtocol the link-layer protocol (ETH_P_IP, ETH_P_IPV6)
 * @param hook the NF_INET_* hook the packet was queued from
 * @param mark the packet's mark
 * @param inDev the input interface's ifindex
 * @param outDev the output interface's ifindex
 * @param capLen the packet's real length when the copy was cut short, else 0
 * @param skbInfo NFQA_SKB_* flags
 * @param timestampMicros the packet's receive time in microseconds since the epoch, or -1
 * @param payload the packet (owned by this record; not copied again)
 */
public record NfqPacket(int queueNum, int packetId, int hwProtocol, int hook, int mark, int inDev, int outDev,
        int capLen, int skbInfo, long timestampMicros, byte[] payload) {

    /**
     * @param msg a message whose type is NFQNL_MSG_PACKET in subsystem NFNL_SUBSYS_QUEUE
     * @throws MalformedReplyException if it is not one, or an attribute is short or missing
     */
    public static NfqPacket decode(NlMessage msg) {
        if (msg.type() != NfqMessages.type(NfQueue.NFQNL_MSG_PACKET)) {
            throw new MalformedReplyException("message type " + msg.type() + " is not an nfnetlink_queue packet");
        }
        int queue = msg.u8(2) << 8 | msg.u8(3); // nfgenmsg res_id, big-endian
        Attributes a = msg.attributes(NfNetlink.NFGENMSG_LEN);
        ByteBuffer hdr = a.get(NfQueue.NFQA_PACKET_HDR);
        if (hdr == null || hdr.remaining() < NfQueue.PACKET_HDR_LEN) {
            throw new MalformedReplyException("nfqueue packet without a " + NfQueue.PACKET_HDR_LEN + "-byte NFQA_PACKET_HDR");
        }
        hdr.order(ByteOrder.BIG_ENDIAN);
        byte[] payload = a.bytes(NfQueue.NFQA_PAYLOAD);
        return new NfqPacket(queue, hdr.getInt(NfQueue.PACKET_HDR_ID_OFFSET),
                hdr.getShort(NfQueue.PACKET_HDR_HW_PROTOCOL_OFFSET) & 0xffff, hdr.get(NfQueue.PACKET_HDR_HOOK_OFFSET) & 0xff,
                be32(a, NfQueue.NFQA_MARK), be32(a, NfQueue.NFQA_IFINDEX_INDEV), be32(a, NfQueue.NFQA_IFINDEX_OUTDEV),
                be32(a, NfQueue.NFQA_CAP_LEN), be32(a, NfQueue.NFQA_SKB_INFO), timestamp(a),
                payload == null ? new byte[0] : payload);
    }

    /** @return whether the kernel copied less than the whole packet */
    public boolean truncated() {
        return capLen != 0 && capLen != payload.length;
    }

    private static int be32(Attributes a, int type) {
        ByteBuffer b = a.get(type);
        if (b == null) {
            return 0;
        }
        if (b.remaining() < 4) {
            throw new MalformedReplyException("nfqueue attribute " + type + " has " + b.remaining() + " bytes, expected 4");
        }
        return b.order(ByteOrder.BIG_ENDIAN).getInt(0);
    }

    private static long timestamp(Attributes a) {
        ByteBuffer b = a.get(NfQueue.NFQA_TIMESTAMP);
        if (b == null) {
            return -1;
        }
        if (b.remaining() < NfQueue.TIMESTAMP_LEN) {
            throw new MalformedReplyException("NFQA_TIMESTAMP has " + b.remaining() + " bytes, expected "
                    + NfQueue.TIMESTAMP_LEN);
        }
        b.order(ByteOrder.BIG_ENDIAN);
        long sec = b.getLong(0);
        long usec = b.getLong(NfQueue.TIMESTAMP_USEC_OFFSET);
        if (sec < 0 || sec > Long.MAX_VALUE / 1_000_000 - 1 || usec < 0 || usec >= 1_000_000) {
            throw new MalformedReplyException("NFQA_TIMESTAMP " + sec + " s " + usec + " us is out of range");
        }
        return sec * 1_000_000 + usec;
    }
}
