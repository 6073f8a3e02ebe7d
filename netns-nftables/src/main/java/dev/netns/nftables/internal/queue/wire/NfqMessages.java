package dev.netns.nftables.internal.queue.wire;

import dev.netns.netlink.internal.wire.MessageBuilder;
import dev.netns.netlink.internal.wire.Netlink;
import dev.netns.nftables.internal.wire.Netfilter;
import dev.netns.nftables.internal.wire.NfNetlink;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Requests to nfnetlink_queue: binding a queue (with its copy mode, length and flags), unbinding
 * it, and verdicts. Each message is an nlmsghdr, a struct nfgenmsg whose big-endian res_id is the
 * queue number, and attributes; numbers inside the attributes are big-endian, as the kernel reads
 * them with ntohl/ntohs.
 */
public final class NfqMessages {
    /** The most of a packet the kernel copies to userspace: a whole IP packet. */
    public static final int MAX_COPY_RANGE = 0xffff;

    private NfqMessages() {
    }

    /** @return the nlmsg_type of an nfnetlink_queue message (subsystem in the high byte) */
    public static int type(int msg) {
        return NfNetlink.NFNL_SUBSYS_QUEUE << 8 | msg;
    }

    /**
     * One NFQNL_MSG_CONFIG that binds this socket to a queue and configures it: the kernel applies
     * the command first, then the other attributes, so a single acknowledged message suffices.
     *
     * @param queueNum 0..65535
     * @param copyRange bytes of each packet copied to userspace (NFQNL_COPY_PACKET), 1..65535
     * @param maxLen packets the kernel holds for this queue before it drops (or, with
     *     NFQA_CFG_F_FAIL_OPEN, accepts) new ones
     * @param flags NFQA_CFG_F_* values to set
     * @param mask which NFQA_CFG_F_* flags this message changes
     * @param seq the netlink sequence number, echoed in the ack
     */
    public static ByteBuffer bind(int queueNum, int copyRange, int maxLen, int flags, int mask, int seq) {
        checkQueue(queueNum);
        if (copyRange < 1 || copyRange > MAX_COPY_RANGE) {
            throw new IllegalArgumentException("copy range " + copyRange + " out of 1.." + MAX_COPY_RANGE);
        }
        if (maxLen < 1) {
            throw new IllegalArgumentException("queue max length " + maxLen + " must be positive");
        }
        MessageBuilder b = config(queueNum, NfQueue.NFQNL_CFG_CMD_BIND);
        ByteBuffer params = ByteBuffer.allocate(NfQueue.CONFIG_PARAMS_LEN).order(ByteOrder.BIG_ENDIAN);
        params.putInt(0, copyRange).put(NfQueue.CONFIG_PARAMS_MODE_OFFSET, (byte) NfQueue.NFQNL_COPY_PACKET);
        b.attr(NfQueue.NFQA_CFG_PARAMS, params.array())
                .attrBe32(NfQueue.NFQA_CFG_QUEUE_MAXLEN, maxLen)
                .attrBe32(NfQueue.NFQA_CFG_MASK, mask)
                .attrBe32(NfQueue.NFQA_CFG_FLAGS, flags);
        return b.finish(seq);
    }

    /** @return the NFQNL_MSG_CONFIG that unbinds the queue; the kernel drops what it still holds */
    public static ByteBuffer unbind(int queueNum, int seq) {
        checkQueue(queueNum);
        return config(queueNum, NfQueue.NFQNL_CFG_CMD_UNBIND).finish(seq);
    }

    /**
     * NFQNL_MSG_VERDICT for one packet, without an ack (the kernel still answers errors).
     *
     * @param verdict NF_ACCEPT or NF_DROP
     * @param payload the packet to send instead of the queued one (same or other length), or
     *     {@code null} to keep it
     */
    public static ByteBuffer verdict(int queueNum, int packetId, int verdict, byte[] payload) {
        checkQueue(queueNum);
        MessageBuilder b = new MessageBuilder(type(NfQueue.NFQNL_MSG_VERDICT), 0)
                .header(NfNetlink.nfgenmsg(Netfilter.NFPROTO_UNSPEC, queueNum));
        b.attr(NfQueue.NFQA_VERDICT_HDR, verdictHeader(verdict, packetId));
        if (payload != null) {
            b.attr(NfQueue.NFQA_PAYLOAD, payload);
        }
        return b.finish(0);
    }

    /**
     * NFQNL_MSG_VERDICT_BATCH: one verdict for every queued packet whose id is at most
     * {@code maxPacketId}. Ids grow with arrival, so this releases in arrival order only.
     */
    public static ByteBuffer verdictBatch(int queueNum, int maxPacketId, int verdict) {
        checkQueue(queueNum);
        return new MessageBuilder(type(NfQueue.NFQNL_MSG_VERDICT_BATCH), 0)
                .header(NfNetlink.nfgenmsg(Netfilter.NFPROTO_UNSPEC, queueNum))
                .attr(NfQueue.NFQA_VERDICT_HDR, verdictHeader(verdict, maxPacketId))
                .finish(0);
    }

    private static MessageBuilder config(int queueNum, int command) {
        // struct nfqnl_msg_config_cmd: command, pad, be16 pf (only PF_[UN]BIND reads pf).
        byte[] cmd = new byte[NfQueue.CONFIG_CMD_LEN];
        cmd[0] = (byte) command;
        return new MessageBuilder(type(NfQueue.NFQNL_MSG_CONFIG), Netlink.NLM_F_ACK)
                .header(NfNetlink.nfgenmsg(Netfilter.NFPROTO_UNSPEC, queueNum))
                .attr(NfQueue.NFQA_CFG_CMD, cmd);
    }

    private static byte[] verdictHeader(int verdict, int packetId) {
        ByteBuffer h = ByteBuffer.allocate(NfQueue.VERDICT_HDR_LEN).order(ByteOrder.BIG_ENDIAN);
        h.putInt(NfQueue.VERDICT_HDR_VERDICT_OFFSET, verdict).putInt(NfQueue.VERDICT_HDR_ID_OFFSET, packetId);
        return h.array();
    }

    private static void checkQueue(int queueNum) {
        if (queueNum < 0 || queueNum > 0xffff) {
            throw new IllegalArgumentException("queue number " + queueNum + " out of 0..65535");
        }
    }
}
