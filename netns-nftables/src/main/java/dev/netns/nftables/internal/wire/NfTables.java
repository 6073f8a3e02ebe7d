package dev.netns.nftables.internal.wire;

/**
 * Constants from linux/netfilter/nf_tables.h, named and grouped as there (every value of each
 * enum the codec uses). Numbers travel big-endian (NLA_BE32) unless an attribute says otherwise.
 */
public final class NfTables {
    // #define
    public static final int NFT_NAME_MAXLEN = 256;
    public static final int NFT_TABLE_MAXNAMELEN = 256;
    public static final int NFT_CHAIN_MAXNAMELEN = 256;
    public static final int NFT_USERDATA_MAXLEN = 256;
    public static final int NFT_REG_SIZE = 16;
    public static final int NFT_REG32_SIZE = 4;
    public static final int NFT_DATA_VALUE_MAXLEN = 64;
    public static final int NFT_BITWISE_BOOL = 0;
    public static final int NFT_META_IIFTYPE = 8;

    // enum nft_registers
    public static final int NFT_REG_VERDICT = 0;
    public static final int NFT_REG_1 = 1;
    public static final int NFT_REG_2 = 2;
    public static final int NFT_REG_3 = 3;
    public static final int NFT_REG_4 = 4;
    public static final int NFT_REG32_00 = 8;
    public static final int NFT_REG32_01 = 9;
    public static final int NFT_REG32_02 = 10;
    public static final int NFT_REG32_03 = 11;
    public static final int NFT_REG32_04 = 12;
    public static final int NFT_REG32_05 = 13;
    public static final int NFT_REG32_06 = 14;
    public static final int NFT_REG32_07 = 15;
    public static final int NFT_REG32_08 = 16;
    public static final int NFT_REG32_09 = 17;
    public static final int NFT_REG32_10 = 18;
    public static final int NFT_REG32_11 = 19;
    public static final int NFT_REG32_12 = 20;
    public static final int NFT_REG32_13 = 21;
    public static final int NFT_REG32_14 = 22;
    public static final int NFT_REG32_15 = 23;

    // enum nft_verdicts
    public static final int NFT_CONTINUE = -1;
    public static final int NFT_BREAK = -2;
    public static final int NFT_JUMP = -3;
    public static final int NFT_GOTO = -4;
    public static final int NFT_RETURN = -5;

    // enum nf_tables_msg_types
    public static final int NFT_MSG_NEWTABLE = 0;
    public static final int NFT_MSG_GETTABLE = 1;
    public static final int NFT_MSG_DELTABLE = 2;
    public static final int NFT_MSG_NEWCHAIN = 3;
    public static final int NFT_MSG_GETCHAIN = 4;
    public static final int NFT_MSG_DELCHAIN = 5;
    public static final int NFT_MSG_NEWRULE = 6;
    public static final int NFT_MSG_GETRULE = 7;
    public static final int NFT_MSG_DELRULE = 8;
    public static final int NFT_MSG_NEWSET = 9;
    public static final int NFT_MSG_GETSET = 10;
    public static final int NFT_MSG_DELSET = 11;
    public static final int NFT_MSG_NEWSETELEM = 12;
    public static final int NFT_MSG_GETSETELEM = 13;
    public static final int NFT_MSG_DELSETELEM = 14;
    public static final int NFT_MSG_NEWGEN = 15;
    public static final int NFT_MSG_GETGEN = 16;
    public static final int NFT_MSG_TRACE = 17;
    public static final int NFT_MSG_NEWOBJ = 18;
    public static final int NFT_MSG_GETOBJ = 19;
    public static final int NFT_MSG_DELOBJ = 20;
    public static final int NFT_MSG_GETOBJ_RESET = 21;
    public static final int NFT_MSG_NEWFLOWTABLE = 22;
    public static final int NFT_MSG_GETFLOWTABLE = 23;
    public static final int NFT_MSG_DELFLOWTABLE = 24;
    public static final int NFT_MSG_MAX = 25;

    // enum nft_list_attributes
    public static final int NFTA_LIST_UNSPEC = 0;
    public static final int NFTA_LIST_ELEM = 1;

    // enum nft_hook_attributes
    public static final int NFTA_HOOK_UNSPEC = 0;
    public static final int NFTA_HOOK_HOOKNUM = 1;
    public static final int NFTA_HOOK_PRIORITY = 2;
    public static final int NFTA_HOOK_DEV = 3;
    public static final int NFTA_HOOK_DEVS = 4;

    // enum nft_table_flags
    public static final int NFT_TABLE_F_DORMANT = 1;
    public static final int NFT_TABLE_F_OWNER = 2;

    // enum nft_table_attributes
    public static final int NFTA_TABLE_UNSPEC = 0;
    public static final int NFTA_TABLE_NAME = 1;
    public static final int NFTA_TABLE_FLAGS = 2;
    public static final int NFTA_TABLE_USE = 3;
    public static final int NFTA_TABLE_HANDLE = 4;
    public static final int NFTA_TABLE_PAD = 5;
    public static final int NFTA_TABLE_USERDATA = 6;
    public static final int NFTA_TABLE_OWNER = 7;

    // enum nft_chain_flags
    public static final int NFT_CHAIN_BASE = 1;
    public static final int NFT_CHAIN_HW_OFFLOAD = 2;
    public static final int NFT_CHAIN_BINDING = 4;

    // enum nft_chain_attributes
    public static final int NFTA_CHAIN_UNSPEC = 0;
    public static final int NFTA_CHAIN_TABLE = 1;
    public static final int NFTA_CHAIN_HANDLE = 2;
    public static final int NFTA_CHAIN_NAME = 3;
    public static final int NFTA_CHAIN_HOOK = 4;
    public static final int NFTA_CHAIN_POLICY = 5;
    public static final int NFTA_CHAIN_USE = 6;
    public static final int NFTA_CHAIN_TYPE = 7;
    public static final int NFTA_CHAIN_COUNTERS = 8;
    public static final int NFTA_CHAIN_PAD = 9;
    public static final int NFTA_CHAIN_FLAGS = 10;
    public static final int NFTA_CHAIN_ID = 11;
    public static final int NFTA_CHAIN_USERDATA = 12;

    // enum nft_rule_attributes
    public static final int NFTA_RULE_UNSPEC = 0;
    public static final int NFTA_RULE_TABLE = 1;
    public static final int NFTA_RULE_CHAIN = 2;
    public static final int NFTA_RULE_HANDLE = 3;
    public static final int NFTA_RULE_EXPRESSIONS = 4;
    public static final int NFTA_RULE_COMPAT = 5;
    public static final int NFTA_RULE_POSITION = 6;
    public static final int NFTA_RULE_USERDATA = 7;
    public static final int NFTA_RULE_PAD = 8;
    public static final int NFTA_RULE_ID = 9;
    public static final int NFTA_RULE_POSITION_ID = 10;
    public static final int NFTA_RULE_CHAIN_ID = 11;

    // enum nft_data_attributes
    public static final int NFTA_DATA_UNSPEC = 0;
    public static final int NFTA_DATA_VALUE = 1;
    public static final int NFTA_DATA_VERDICT = 2;

    // enum nft_verdict_attributes
    public static final int NFTA_VERDICT_UNSPEC = 0;
    public static final int NFTA_VERDICT_CODE = 1;
    public static final int NFTA_VERDICT_CHAIN = 2;
    public static final int NFTA_VERDICT_CHAIN_ID = 3;

    // enum nft_expr_attributes
    public static final int NFTA_EXPR_UNSPEC = 0;
    public static final int NFTA_EXPR_NAME = 1;
    public static final int NFTA_EXPR_DATA = 2;

    // enum nft_immediate_attributes
    public static final int NFTA_IMMEDIATE_UNSPEC = 0;
    public static final int NFTA_IMMEDIATE_DREG = 1;
    public static final int NFTA_IMMEDIATE_DATA = 2;

    // enum nft_bitwise_ops
    public static final int NFT_BITWISE_MASK_XOR = 0;
    public static final int NFT_BITWISE_LSHIFT = 1;
    public static final int NFT_BITWISE_RSHIFT = 2;

    // enum nft_bitwise_attributes
    public static final int NFTA_BITWISE_UNSPEC = 0;
    public static final int NFTA_BITWISE_SREG = 1;
    public static final int NFTA_BITWISE_DREG = 2;
    public static final int NFTA_BITWISE_LEN = 3;
    public static final int NFTA_BITWISE_MASK = 4;
    public static final int NFTA_BITWISE_XOR = 5;
    public static final int NFTA_BITWISE_OP = 6;
    public static final int NFTA_BITWISE_DATA = 7;

    // enum nft_byteorder_ops
    public static final int NFT_BYTEORDER_NTOH = 0;
    public static final int NFT_BYTEORDER_HTON = 1;

    // enum nft_byteorder_attributes
    public static final int NFTA_BYTEORDER_UNSPEC = 0;
    public static final int NFTA_BYTEORDER_SREG = 1;
    public static final int NFTA_BYTEORDER_DREG = 2;
    public static final int NFTA_BYTEORDER_OP = 3;
    public static final int NFTA_BYTEORDER_LEN = 4;
    public static final int NFTA_BYTEORDER_SIZE = 5;

    // enum nft_cmp_ops
    public static final int NFT_CMP_EQ = 0;
    public static final int NFT_CMP_NEQ = 1;
    public static final int NFT_CMP_LT = 2;
    public static final int NFT_CMP_LTE = 3;
    public static final int NFT_CMP_GT = 4;
    public static final int NFT_CMP_GTE = 5;

    // enum nft_cmp_attributes
    public static final int NFTA_CMP_UNSPEC = 0;
    public static final int NFTA_CMP_SREG = 1;
    public static final int NFTA_CMP_OP = 2;
    public static final int NFTA_CMP_DATA = 3;

    // enum nft_payload_bases
    public static final int NFT_PAYLOAD_LL_HEADER = 0;
    public static final int NFT_PAYLOAD_NETWORK_HEADER = 1;
    public static final int NFT_PAYLOAD_TRANSPORT_HEADER = 2;
    public static final int NFT_PAYLOAD_INNER_HEADER = 3;

    // enum nft_payload_attributes
    public static final int NFTA_PAYLOAD_UNSPEC = 0;
    public static final int NFTA_PAYLOAD_DREG = 1;
    public static final int NFTA_PAYLOAD_BASE = 2;
    public static final int NFTA_PAYLOAD_OFFSET = 3;
    public static final int NFTA_PAYLOAD_LEN = 4;
    public static final int NFTA_PAYLOAD_SREG = 5;
    public static final int NFTA_PAYLOAD_CSUM_TYPE = 6;
    public static final int NFTA_PAYLOAD_CSUM_OFFSET = 7;
    public static final int NFTA_PAYLOAD_CSUM_FLAGS = 8;

    // enum nft_meta_keys
    public static final int NFT_META_LEN = 0;
    public static final int NFT_META_PROTOCOL = 1;
    public static final int NFT_META_PRIORITY = 2;
    public static final int NFT_META_MARK = 3;
    public static final int NFT_META_IIF = 4;
    public static final int NFT_META_OIF = 5;
    public static final int NFT_META_IIFNAME = 6;
    public static final int NFT_META_OIFNAME = 7;
    public static final int NFT_META_IFTYPE = 8;
    public static final int NFT_META_OIFTYPE = 9;
    public static final int NFT_META_SKUID = 10;
    public static final int NFT_META_SKGID = 11;
    public static final int NFT_META_NFTRACE = 12;
    public static final int NFT_META_RTCLASSID = 13;
    public static final int NFT_META_SECMARK = 14;
    public static final int NFT_META_NFPROTO = 15;
    public static final int NFT_META_L4PROTO = 16;
    public static final int NFT_META_BRI_IIFNAME = 17;
    public static final int NFT_META_BRI_OIFNAME = 18;
    public static final int NFT_META_PKTTYPE = 19;
    public static final int NFT_META_CPU = 20;
    public static final int NFT_META_IIFGROUP = 21;
    public static final int NFT_META_OIFGROUP = 22;
    public static final int NFT_META_CGROUP = 23;
    public static final int NFT_META_PRANDOM = 24;
    public static final int NFT_META_SECPATH = 25;
    public static final int NFT_META_IIFKIND = 26;
    public static final int NFT_META_OIFKIND = 27;
    public static final int NFT_META_BRI_IIFPVID = 28;
    public static final int NFT_META_BRI_IIFVPROTO = 29;
    public static final int NFT_META_TIME_NS = 30;
    public static final int NFT_META_TIME_DAY = 31;
    public static final int NFT_META_TIME_HOUR = 32;
    public static final int NFT_META_SDIF = 33;
    public static final int NFT_META_SDIFNAME = 34;

    // enum nft_meta_attributes
    public static final int NFTA_META_UNSPEC = 0;
    public static final int NFTA_META_DREG = 1;
    public static final int NFTA_META_KEY = 2;
    public static final int NFTA_META_SREG = 3;

    // enum nft_ct_keys
    public static final int NFT_CT_STATE = 0;
    public static final int NFT_CT_DIRECTION = 1;
    public static final int NFT_CT_STATUS = 2;
    public static final int NFT_CT_MARK = 3;
    public static final int NFT_CT_SECMARK = 4;
    public static final int NFT_CT_EXPIRATION = 5;
    public static final int NFT_CT_HELPER = 6;
    public static final int NFT_CT_L3PROTOCOL = 7;
    public static final int NFT_CT_SRC = 8;
    public static final int NFT_CT_DST = 9;
    public static final int NFT_CT_PROTOCOL = 10;
    public static final int NFT_CT_PROTO_SRC = 11;
    public static final int NFT_CT_PROTO_DST = 12;
    public static final int NFT_CT_LABELS = 13;
    public static final int NFT_CT_PKTS = 14;
    public static final int NFT_CT_BYTES = 15;
    public static final int NFT_CT_AVGPKT = 16;
    public static final int NFT_CT_ZONE = 17;
    public static final int NFT_CT_EVENTMASK = 18;
    public static final int NFT_CT_SRC_IP = 19;
    public static final int NFT_CT_DST_IP = 20;
    public static final int NFT_CT_SRC_IP6 = 21;
    public static final int NFT_CT_DST_IP6 = 22;
    public static final int NFT_CT_ID = 23;

    // enum nft_ct_attributes
    public static final int NFTA_CT_UNSPEC = 0;
    public static final int NFTA_CT_DREG = 1;
    public static final int NFTA_CT_KEY = 2;
    public static final int NFTA_CT_DIRECTION = 3;
    public static final int NFTA_CT_SREG = 4;

    // enum nft_counter_attributes
    public static final int NFTA_COUNTER_UNSPEC = 0;
    public static final int NFTA_COUNTER_BYTES = 1;
    public static final int NFTA_COUNTER_PACKETS = 2;
    public static final int NFTA_COUNTER_PAD = 3;

    // enum nft_reject_types
    public static final int NFT_REJECT_ICMP_UNREACH = 0;
    public static final int NFT_REJECT_TCP_RST = 1;
    public static final int NFT_REJECT_ICMPX_UNREACH = 2;

    // enum nft_reject_inet_code
    public static final int NFT_REJECT_ICMPX_NO_ROUTE = 0;
    public static final int NFT_REJECT_ICMPX_PORT_UNREACH = 1;
    public static final int NFT_REJECT_ICMPX_HOST_UNREACH = 2;
    public static final int NFT_REJECT_ICMPX_ADMIN_PROHIBITED = 3;

    // enum nft_reject_attributes
    public static final int NFTA_REJECT_UNSPEC = 0;
    public static final int NFTA_REJECT_TYPE = 1;
    public static final int NFTA_REJECT_ICMP_CODE = 2;

    // enum nft_nat_types
    public static final int NFT_NAT_SNAT = 0;
    public static final int NFT_NAT_DNAT = 1;

    // enum nft_nat_attributes
    public static final int NFTA_NAT_UNSPEC = 0;
    public static final int NFTA_NAT_TYPE = 1;
    public static final int NFTA_NAT_FAMILY = 2;
    public static final int NFTA_NAT_REG_ADDR_MIN = 3;
    public static final int NFTA_NAT_REG_ADDR_MAX = 4;
    public static final int NFTA_NAT_REG_PROTO_MIN = 5;
    public static final int NFTA_NAT_REG_PROTO_MAX = 6;
    public static final int NFTA_NAT_FLAGS = 7;

    // enum nft_masq_attributes
    public static final int NFTA_MASQ_UNSPEC = 0;
    public static final int NFTA_MASQ_FLAGS = 1;
    public static final int NFTA_MASQ_REG_PROTO_MIN = 2;
    public static final int NFTA_MASQ_REG_PROTO_MAX = 3;

    // enum nft_gen_attributes
    public static final int NFTA_GEN_UNSPEC = 0;
    public static final int NFTA_GEN_ID = 1;
    public static final int NFTA_GEN_PROC_PID = 2;
    public static final int NFTA_GEN_PROC_NAME = 3;

    // enum nft_ng_attributes
    public static final int NFTA_NG_UNSPEC = 0;
    public static final int NFTA_NG_DREG = 1;
    public static final int NFTA_NG_MODULUS = 2;
    public static final int NFTA_NG_TYPE = 3;
    public static final int NFTA_NG_OFFSET = 4;
    public static final int NFTA_NG_SET_NAME = 5;
    public static final int NFTA_NG_SET_ID = 6;

    // enum nft_ng_types
    public static final int NFT_NG_INCREMENTAL = 0;
    public static final int NFT_NG_RANDOM = 1;

    private NfTables() {
    }

    // enum nft_fib_attributes, nft_fib_result, nft_fib_flags
    public static final int NFTA_FIB_DREG = 1;
    public static final int NFTA_FIB_RESULT = 2;
    public static final int NFTA_FIB_FLAGS = 3;
    public static final int NFT_FIB_RESULT_ADDRTYPE = 3;
    public static final int NFTA_FIB_F_DADDR = 2;
    public static final int NFTA_FIB_F_IIF = 8;
}
