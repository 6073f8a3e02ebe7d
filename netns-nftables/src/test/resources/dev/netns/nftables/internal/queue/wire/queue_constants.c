/*
 * Prints every constant of NfQueue, XtNfqueue, NfTablesCompat and NfTablesDup as the kernel headers
 * define it, and the sizes and offsets of the structs the codec lays out by hand.
 * gcc -Wall -o queue_constants queue_constants.c && ./queue_constants > queue_constants.golden
 * (Debian 12, linux-libc-dev 6.1 headers, x86-64.)
 */
#include <stdio.h>
#include <stddef.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_tables_compat.h>
#include <linux/netfilter/x_tables.h>
#include <linux/netfilter/xt_NFQUEUE.h>
#define P(cls, name) printf(#cls "." #name "=%lld\n", (long long) (name))
#define S(cls, name, expr) printf(#cls "." #name "=%lld\n", (long long) (expr))
int main(void) {
    P(NfQueue, NFQNL_MSG_PACKET); P(NfQueue, NFQNL_MSG_VERDICT); P(NfQueue, NFQNL_MSG_CONFIG);
    P(NfQueue, NFQNL_MSG_VERDICT_BATCH);
    P(NfQueue, NFQA_UNSPEC); P(NfQueue, NFQA_PACKET_HDR); P(NfQueue, NFQA_VERDICT_HDR); P(NfQueue, NFQA_MARK);
    P(NfQueue, NFQA_TIMESTAMP); P(NfQueue, NFQA_IFINDEX_INDEV); P(NfQueue, NFQA_IFINDEX_OUTDEV);
    P(NfQueue, NFQA_IFINDEX_PHYSINDEV); P(NfQueue, NFQA_IFINDEX_PHYSOUTDEV); P(NfQueue, NFQA_HWADDR);
    P(NfQueue, NFQA_PAYLOAD); P(NfQueue, NFQA_CT); P(NfQueue, NFQA_CT_INFO); P(NfQueue, NFQA_CAP_LEN);
    P(NfQueue, NFQA_SKB_INFO); P(NfQueue, NFQA_EXP); P(NfQueue, NFQA_UID); P(NfQueue, NFQA_GID);
    P(NfQueue, NFQA_SECCTX); P(NfQueue, NFQA_VLAN); P(NfQueue, NFQA_L2HDR); P(NfQueue, NFQA_PRIORITY);
    P(NfQueue, NFQNL_CFG_CMD_NONE); P(NfQueue, NFQNL_CFG_CMD_BIND); P(NfQueue, NFQNL_CFG_CMD_UNBIND);
    P(NfQueue, NFQNL_CFG_CMD_PF_BIND); P(NfQueue, NFQNL_CFG_CMD_PF_UNBIND);
    P(NfQueue, NFQNL_COPY_NONE); P(NfQueue, NFQNL_COPY_META); P(NfQueue, NFQNL_COPY_PACKET);
    P(NfQueue, NFQA_CFG_UNSPEC); P(NfQueue, NFQA_CFG_CMD); P(NfQueue, NFQA_CFG_PARAMS);
    P(NfQueue, NFQA_CFG_QUEUE_MAXLEN); P(NfQueue, NFQA_CFG_MASK); P(NfQueue, NFQA_CFG_FLAGS);
    P(NfQueue, NFQA_CFG_F_FAIL_OPEN); P(NfQueue, NFQA_CFG_F_CONNTRACK); P(NfQueue, NFQA_CFG_F_GSO);
    P(NfQueue, NFQA_CFG_F_UID_GID); P(NfQueue, NFQA_CFG_F_SECCTX);
    P(NfQueue, NFQA_SKB_CSUMNOTREADY); P(NfQueue, NFQA_SKB_GSO); P(NfQueue, NFQA_SKB_CSUM_NOTVERIFIED);
    S(NfQueue, PACKET_HDR_LEN, sizeof(struct nfqnl_msg_packet_hdr));
    S(NfQueue, PACKET_HDR_ID_OFFSET, offsetof(struct nfqnl_msg_packet_hdr, packet_id));
    S(NfQueue, PACKET_HDR_HW_PROTOCOL_OFFSET, offsetof(struct nfqnl_msg_packet_hdr, hw_protocol));
    S(NfQueue, PACKET_HDR_HOOK_OFFSET, offsetof(struct nfqnl_msg_packet_hdr, hook));
    S(NfQueue, VERDICT_HDR_LEN, sizeof(struct nfqnl_msg_verdict_hdr));
    S(NfQueue, VERDICT_HDR_VERDICT_OFFSET, offsetof(struct nfqnl_msg_verdict_hdr, verdict));
    S(NfQueue, VERDICT_HDR_ID_OFFSET, offsetof(struct nfqnl_msg_verdict_hdr, id));
    S(NfQueue, CONFIG_CMD_LEN, sizeof(struct nfqnl_msg_config_cmd));
    S(NfQueue, CONFIG_CMD_PF_OFFSET, offsetof(struct nfqnl_msg_config_cmd, pf));
    S(NfQueue, CONFIG_PARAMS_LEN, sizeof(struct nfqnl_msg_config_params));
    S(NfQueue, CONFIG_PARAMS_MODE_OFFSET, offsetof(struct nfqnl_msg_config_params, copy_mode));
    S(NfQueue, TIMESTAMP_LEN, sizeof(struct nfqnl_msg_packet_timestamp));
    S(NfQueue, TIMESTAMP_USEC_OFFSET, offsetof(struct nfqnl_msg_packet_timestamp, usec));
    P(XtNfqueue, NFQ_FLAG_BYPASS); P(XtNfqueue, NFQ_FLAG_CPU_FANOUT); P(XtNfqueue, NFQ_FLAG_MASK);
    S(XtNfqueue, INFO_V1_LEN, sizeof(struct xt_NFQ_info_v1));
    S(XtNfqueue, INFO_V3_LEN, sizeof(struct xt_NFQ_info_v3));
    S(XtNfqueue, INFO_V3_FLAGS_OFFSET, offsetof(struct xt_NFQ_info_v3, flags));
    S(XtNfqueue, INFO_V1_ALIGNED_LEN, XT_ALIGN(sizeof(struct xt_NFQ_info_v1)));
    S(XtNfqueue, INFO_V3_ALIGNED_LEN, XT_ALIGN(sizeof(struct xt_NFQ_info_v3)));
    P(NfTablesCompat, NFTA_TARGET_UNSPEC); P(NfTablesCompat, NFTA_TARGET_NAME); P(NfTablesCompat, NFTA_TARGET_REV);
    P(NfTablesCompat, NFTA_TARGET_INFO); P(NfTablesCompat, XT_EXTENSION_MAXNAMELEN);
    P(NfTablesDup, NFTA_DUP_UNSPEC); P(NfTablesDup, NFTA_DUP_SREG_ADDR); P(NfTablesDup, NFTA_DUP_SREG_DEV);
    return 0;
}
