package dev.netns.nftables.internal.queue.wire;

/** Constants from linux/netfilter/nfnetlink_queue.h: message types, attributes, config commands and flags, and the sizes and offsets of its structs (checked against gcc by the constants test). */
public final class NfQueue {
    public static final int NFQNL_MSG_PACKET = 0;
    public static final int NFQNL_MSG_VERDICT = 1;
    public static final int NFQNL_MSG_CONFIG = 2;
    public static final int NFQNL_MSG_VERDICT_BATCH = 3;
    public static final int NFQA_UNSPEC = 0;
    public static final int NFQA_PACKET_HDR = 1;
    public static final int NFQA_VERDICT_HDR = 2;
    public static final int NFQA_MARK = 3;
    public static final int NFQA_TIMESTAMP = 4;
    public static final int NFQA_IFINDEX_INDEV = 5;
    public static final int NFQA_IFINDEX_OUTDEV = 6;
    public static final int NFQA_IFINDEX_PHYSINDEV = 7;
    public static final int NFQA_IFINDEX_PHYSOUTDEV = 8;
    public static final int NFQA_HWADDR = 9;
    public static final int NFQA_PAYLOAD = 10;
    public static final int NFQA_CT = 11;
    public static final int NFQA_CT_INFO = 12;
    public static final int NFQA_CAP_LEN = 13;
    public static final int NFQA_SKB_INFO = 14;
    public static final int NFQA_EXP = 15;
    public static final int NFQA_UID = 16;
    public static final int NFQA_GID = 17;
    public static final int NFQA_SECCTX = 18;
    public static final int NFQA_VLAN = 19;
    public static final int NFQA_L2HDR = 20;
    public static final int NFQA_PRIORITY = 21;
    public static final int NFQNL_CFG_CMD_NONE = 0;
    public static final int NFQNL_CFG_CMD_BIND = 1;
    public static final int NFQNL_CFG_CMD_UNBIND = 2;
    public static final int NFQNL_CFG_CMD_PF_BIND = 3;
    public static final int NFQNL_CFG_CMD_PF_UNBIND = 4;
    public static final int NFQNL_COPY_NONE = 0;
    public static final int NFQNL_COPY_META = 1;
    public static final int NFQNL_COPY_PACKET = 2;
    public static final int NFQA_CFG_UNSPEC = 0;
    public static final int NFQA_CFG_CMD = 1;
    public static final int NFQA_CFG_PARAMS = 2;
    public static final int NFQA_CFG_QUEUE_MAXLEN = 3;
    public static final int NFQA_CFG_MASK = 4;
    public static final int NFQA_CFG_FLAGS = 5;
    public static final int NFQA_CFG_F_FAIL_OPEN = 1;
    public static final int NFQA_CFG_F_CONNTRACK = 2;
    public static final int NFQA_CFG_F_GSO = 4;
    public static final int NFQA_CFG_F_UID_GID = 8;
    public static final int NFQA_CFG_F_SECCTX = 16;
    public static final int NFQA_SKB_CSUMNOTREADY = 1;
    public static final int NFQA_SKB_GSO = 2;
    public static final int NFQA_SKB_CSUM_NOTVERIFIED = 4;
    public static final int PACKET_HDR_LEN = 7;
    public static final int PACKET_HDR_ID_OFFSET = 0;
    public static final int PACKET_HDR_HW_PROTOCOL_OFFSET = 4;
    public static final int PACKET_HDR_HOOK_OFFSET = 6;
    public static final int VERDICT_HDR_LEN = 8;
    public static final int VERDICT_HDR_VERDICT_OFFSET = 0;
    public static final int VERDICT_HDR_ID_OFFSET = 4;
    public static final int CONFIG_CMD_LEN = 4;
    public static final int CONFIG_CMD_PF_OFFSET = 2;
    public static final int CONFIG_PARAMS_LEN = 5;
    public static final int CONFIG_PARAMS_MODE_OFFSET = 4;
    public static final int TIMESTAMP_LEN = 16;
    public static final int TIMESTAMP_USEC_OFFSET = 8;

    private NfQueue() {
    }
}
