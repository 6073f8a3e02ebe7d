package dev.netns.netlink.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netns.InvalidInputException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Struct layouts, ioctl numbers and constants checked against a C program compiled with gcc on
 * x86-64 against /usr/include/linux (neighbour.h, fib_rules.h, rtnetlink.h, if_link.h, if_tun.h,
 * net/if.h). It printed {@code sizeof}, {@code offsetof} and the macros' values as NAME=VALUE;
 * the output is pasted below unchanged.
 */
class StructLayoutTest {
    static final String GCC = """
            sizeof(struct ndmsg)=12
            offsetof(ndmsg,ndm_family)=0
            offsetof(ndmsg,ndm_ifindex)=4
            offsetof(ndmsg,ndm_state)=8
            offsetof(ndmsg,ndm_flags)=10
            offsetof(ndmsg,ndm_type)=11
            sizeof(struct fib_rule_hdr)=12
            offsetof(fib_rule_hdr,family)=0
            offsetof(fib_rule_hdr,dst_len)=1
            offsetof(fib_rule_hdr,src_len)=2
            offsetof(fib_rule_hdr,tos)=3
            offsetof(fib_rule_hdr,table)=4
            offsetof(fib_rule_hdr,action)=7
            offsetof(fib_rule_hdr,flags)=8
            sizeof(struct rtnexthop)=8
            offsetof(rtnexthop,rtnh_len)=0
            offsetof(rtnexthop,rtnh_flags)=2
            offsetof(rtnexthop,rtnh_hops)=3
            offsetof(rtnexthop,rtnh_ifindex)=4
            sizeof(struct rtnl_link_stats64)=200
            offsetof(rtnl_link_stats64,rx_packets)=0
            offsetof(rtnl_link_stats64,tx_packets)=8
            offsetof(rtnl_link_stats64,rx_bytes)=16
            offsetof(rtnl_link_stats64,tx_bytes)=24
            offsetof(rtnl_link_stats64,rx_errors)=32
            offsetof(rtnl_link_stats64,tx_errors)=40
            offsetof(rtnl_link_stats64,rx_dropped)=48
            offsetof(rtnl_link_stats64,tx_dropped)=56
            offsetof(rtnl_link_stats64,multicast)=64
            offsetof(rtnl_link_stats64,collisions)=72
            offsetof(rtnl_link_stats64,rx_length_errors)=80
            offsetof(rtnl_link_stats64,rx_over_errors)=88
            offsetof(rtnl_link_stats64,rx_crc_errors)=96
            offsetof(rtnl_link_stats64,rx_frame_errors)=104
            offsetof(rtnl_link_stats64,rx_fifo_errors)=112
            offsetof(rtnl_link_stats64,rx_missed_errors)=120
            offsetof(rtnl_link_stats64,tx_aborted_errors)=128
            offsetof(rtnl_link_stats64,tx_carrier_errors)=136
            offsetof(rtnl_link_stats64,tx_fifo_errors)=144
            offsetof(rtnl_link_stats64,tx_heartbeat_errors)=152
            offsetof(rtnl_link_stats64,tx_window_errors)=160
            offsetof(rtnl_link_stats64,rx_compressed)=168
            offsetof(rtnl_link_stats64,tx_compressed)=176
            offsetof(rtnl_link_stats64,rx_nohandler)=184
            offsetof(rtnl_link_stats64,rx_otherhost_dropped)=192
            sizeof(struct if_stats_msg)=12
            offsetof(if_stats_msg,family)=0
            offsetof(if_stats_msg,ifindex)=4
            offsetof(if_stats_msg,filter_mask)=8
            sizeof(struct ifreq)=40
            offsetof(ifreq,ifr_flags)=16
            IFNAMSIZ=16
            TUNSETIFF=1074025674
            TUNSETPERSIST=1074025675
            TUNSETOWNER=1074025676
            TUNSETGROUP=1074025678
            TUNGETIFF=2147767506
            IFF_TUN=1
            IFF_TAP=2
            IFF_NO_PI=4096
            IFF_MULTI_QUEUE=256
            IFF_VNET_HDR=16384
            RTM_NEWNEIGH=28
            RTM_DELNEIGH=29
            RTM_GETNEIGH=30
            RTM_NEWRULE=32
            RTM_DELRULE=33
            RTM_GETRULE=34
            RTM_NEWSTATS=92
            RTM_GETSTATS=94
            NDA_DST=1
            NDA_LLADDR=2
            NDA_CACHEINFO=3
            NDA_PROBES=4
            NDA_VLAN=5
            NDA_MASTER=9
            NUD_INCOMPLETE=1
            NUD_REACHABLE=2
            NUD_STALE=4
            NUD_DELAY=8
            NUD_PROBE=16
            NUD_FAILED=32
            NUD_NOARP=64
            NUD_PERMANENT=128
            NUD_NONE=0
            NTF_USE=1
            NTF_SELF=2
            NTF_MASTER=4
            NTF_PROXY=8
            NTF_EXT_LEARNED=16
            NTF_OFFLOADED=32
            NTF_STICKY=64
            NTF_ROUTER=128
            FRA_DST=1
            FRA_SRC=2
            FRA_IIFNAME=3
            FRA_GOTO=4
            FRA_PRIORITY=6
            FRA_FWMARK=10
            FRA_FLOW=11
            FRA_TUN_ID=12
            FRA_SUPPRESS_IFGROUP=13
            FRA_SUPPRESS_PREFIXLEN=14
            FRA_TABLE=15
            FRA_FWMASK=16
            FRA_OIFNAME=17
            FRA_L3MDEV=19
            FRA_UID_RANGE=20
            FRA_PROTOCOL=21
            FR_ACT_UNSPEC=0
            FR_ACT_TO_TBL=1
            FR_ACT_GOTO=2
            FR_ACT_NOP=3
            FR_ACT_BLACKHOLE=6
            FR_ACT_UNREACHABLE=7
            FR_ACT_PROHIBIT=8
            FIB_RULE_INVERT=2
            RTN_LOCAL=2
            RTN_BROADCAST=3
            RTN_ANYCAST=4
            RTN_MULTICAST=5
            RTN_BLACKHOLE=6
            RTN_UNREACHABLE=7
            RTN_PROHIBIT=8
            RTN_THROW=9
            RTN_NAT=10
            RTA_MARK=16
            RTA_UID=25
            RTA_PREF=20
            RTA_CACHEINFO=12
            RTM_F_LOOKUP_TABLE=4096
            RTM_F_FIB_MATCH=8192
            RTNH_F_ONLINK=4
            RT_TABLE_DEFAULT=253
            RT_TABLE_LOCAL=255
            RTPROT_KERNEL=2
            RTNLGRP_LINK=1
            RTNLGRP_NOTIFY=2
            RTNLGRP_NEIGH=3
            RTNLGRP_TC=4
            RTNLGRP_IPV4_IFADDR=5
            RTNLGRP_IPV4_MROUTE=6
            RTNLGRP_IPV4_ROUTE=7
            RTNLGRP_IPV4_RULE=8
            RTNLGRP_IPV6_IFADDR=9
            RTNLGRP_IPV6_MROUTE=10
            RTNLGRP_IPV6_ROUTE=11
            RTNLGRP_IPV6_RULE=19
            IFLA_STATS=7
            IFLA_STATS64=23
            IFLA_STATS_LINK_64=1
            IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64)=1
            RTEXT_FILTER_VF=1
            IFLA_VXLAN_ID=1
            IFLA_VXLAN_GROUP=2
            IFLA_VXLAN_LINK=3
            IFLA_VXLAN_LOCAL=4
            IFLA_VXLAN_TTL=5
            IFLA_VXLAN_TOS=6
            IFLA_VXLAN_LEARNING=7
            IFLA_VXLAN_PORT=15
            IFLA_VXLAN_GROUP6=16
            IFLA_VXLAN_LOCAL6=17
            IFLA_MACVLAN_MODE=1
            IFLA_MACVLAN_FLAGS=2
            MACVLAN_MODE_PRIVATE=1
            MACVLAN_MODE_VEPA=2
            MACVLAN_MODE_BRIDGE=4
            MACVLAN_MODE_PASSTHRU=8
            MACVLAN_MODE_SOURCE=16
            IFLA_VLAN_ID=1
            IFLA_VLAN_FLAGS=2
            IFLA_VLAN_PROTOCOL=5
            ETH_P_8021Q=33024
            ETH_P_8021AD=34984
            IFLA_IPVLAN_MODE=1
            IFLA_IPVLAN_FLAGS=2
            IPVLAN_MODE_L2=0
            IPVLAN_MODE_L3=1
            IPVLAN_MODE_L3S=2
            IPVLAN_F_PRIVATE=1
            IPVLAN_F_VEPA=2
            IFLA_GENEVE_ID=1
            IFLA_GENEVE_REMOTE=2
            IFLA_GENEVE_TTL=3
            IFLA_GENEVE_TOS=4
            IFLA_GENEVE_PORT=5
            IFLA_GENEVE_REMOTE6=7
            IFLA_GENEVE_LABEL=11
            IFLA_BR_STP_STATE=5
            IFLA_BR_VLAN_FILTERING=7
            IFLA_INFO_XSTATS=3
            IFLA_INFO_SLAVE_DATA=5
            IFLA_ADDRESS=1
            IFLA_BROADCAST=2
            IFLA_IFNAME=3
            IFLA_MTU=4
            IFLA_LINK=5
            IFLA_MASTER=10
            IFLA_OPERSTATE=16
            IFLA_LINKINFO=18
            IFLA_NET_NS_FD=28
            IFLA_EXT_MASK=29
            IFLA_NUM_TX_QUEUES=31
            IFLA_NUM_RX_QUEUES=32
            IFLA_CARRIER_CHANGES=35
            IFLA_LINK_NETNSID=37
            IF_OPER_UNKNOWN=0
            IF_OPER_UP=6
            IFLA_INFO_KIND=1
            IFLA_INFO_DATA=2
            IFLA_INFO_SLAVE_KIND=4
            VETH_INFO_PEER=1
            """;

    private static final Map<String, Long> C = parse();

    private static Map<String, Long> parse() {
        Map<String, Long> m = new HashMap<>();
        for (String line : GCC.strip().split("\\n")) {
            int eq = line.lastIndexOf('=');
            m.put(line.substring(0, eq).strip(), Long.parseLong(line.substring(eq + 1).strip()));
        }
        return m;
    }

    private static long c(String name) {
        Long v = C.get(name);
        if (v == null) {
            throw new AssertionError("no gcc value for " + name);
        }
        return v;
    }

    @Test
    void everyConstantNamedAsInTheHeadersHasTheHeadersValue() throws IllegalAccessException {
        int checked = 0;
        for (Class<?> k : new Class<?>[] {Neighbour.class, FibRules.class, RouteTypes.class, RtnlGroups.class,
            LinkKinds.class, TunTap.class, LinkStatsMessages.class, LinkStats.class, IfLink.class}) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class && C.containsKey(f.getName())) {
                    assertThat((long) f.getInt(null)).as(k.getSimpleName() + "." + f.getName()).isEqualTo(c(f.getName()));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(120);
    }

    @Test
    void ndmsg() {
        assumeTrue(Wire.littleEndian());
        assertThat(Neighbour.NDMSG_LEN).isEqualTo(c("sizeof(struct ndmsg)"));
        ByteBuffer b = buf(NeighbourMessages.ndmsg(10, 0x01020304, 0x0506, 0x07, 0x08));
        assertThat(b.get((int) c("offsetof(ndmsg,ndm_family)"))).isEqualTo((byte) 10);
        assertThat(b.getInt((int) c("offsetof(ndmsg,ndm_ifindex)"))).isEqualTo(0x01020304);
        assertThat(b.getShort((int) c("offsetof(ndmsg,ndm_state)"))).isEqualTo((short) 0x0506);
        assertThat(b.get((int) c("offsetof(ndmsg,ndm_flags)"))).isEqualTo((byte) 7);
        assertThat(b.get((int) c("offsetof(ndmsg,ndm_type)"))).isEqualTo((byte) 8);
    }

    @Test
    void fibRuleHdr() {
        assertThat(FibRules.FIB_RULE_HDR_LEN).isEqualTo(c("sizeof(struct fib_rule_hdr)"));
        ByteBuffer b = buf(RuleMessages.header(10, 16, 24, 100, 6, 0x11223344));
        assertThat(b.get((int) c("offsetof(fib_rule_hdr,family)"))).isEqualTo((byte) 10);
        assertThat(b.get((int) c("offsetof(fib_rule_hdr,dst_len)"))).isEqualTo((byte) 16);
        assertThat(b.get((int) c("offsetof(fib_rule_hdr,src_len)"))).isEqualTo((byte) 24);
        assertThat(b.get((int) c("offsetof(fib_rule_hdr,tos)"))).isEqualTo((byte) 0);
        assertThat(b.get((int) c("offsetof(fib_rule_hdr,table)"))).isEqualTo((byte) 100);
        assertThat(b.get((int) c("offsetof(fib_rule_hdr,action)"))).isEqualTo((byte) 6);
        assertThat(b.getInt((int) c("offsetof(fib_rule_hdr,flags)"))).isEqualTo(0x11223344);
    }

    @Test
    void rtnexthop() {
        assertThat(RtNetlink.RTNH_LEN).isEqualTo(c("sizeof(struct rtnexthop)"));
        ByteBuffer b = buf(RouteSpecMessages.rtnexthop(0x0102, 3, 4, 0x05060708));
        assertThat(b.getShort((int) c("offsetof(rtnexthop,rtnh_len)"))).isEqualTo((short) 0x0102);
        assertThat(b.get((int) c("offsetof(rtnexthop,rtnh_flags)"))).isEqualTo((byte) 3);
        assertThat(b.get((int) c("offsetof(rtnexthop,rtnh_hops)"))).isEqualTo((byte) 4);
        assertThat(b.getInt((int) c("offsetof(rtnexthop,rtnh_ifindex)"))).isEqualTo(0x05060708);
    }

    @Test
    void ifStatsMsg() {
        assertThat(LinkStatsMessages.IF_STATS_MSG_LEN).isEqualTo(c("sizeof(struct if_stats_msg)"));
        ByteBuffer b = buf(LinkStatsMessages.ifStatsMsg(7, 1));
        assertThat(b.getInt((int) c("offsetof(if_stats_msg,ifindex)"))).isEqualTo(7);
        assertThat(b.getInt((int) c("offsetof(if_stats_msg,filter_mask)")))
                .isEqualTo((int) c("IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64)"));
    }

    @Test
    void rtnlLinkStats64EveryFieldAtItsOffset() {
        assertThat(LinkStats.LEN).isEqualTo(c("sizeof(struct rtnl_link_stats64)"));
        // Each u64 holds its own C offset plus one: every record component must read back its own.
        ByteBuffer b = ByteBuffer.allocate(LinkStats.LEN).order(ByteOrder.nativeOrder());
        for (int off = 0; off < LinkStats.LEN; off += 8) {
            b.putLong(off, off + 1);
        }
        LinkStats s = LinkStats.parse(b);
        RecordComponent[] parts = LinkStats.class.getRecordComponents();
        assertThat(parts).hasSize(LinkStats.LEN / 8);
        for (RecordComponent rc : parts) {
            String cName = snake(rc.getName());
            long offset = c("offsetof(rtnl_link_stats64," + cName + ")");
            try {
                assertThat((long) rc.getAccessor().invoke(s)).as(cName).isEqualTo(offset + 1);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void olderKernelsShorterStats() {
        // 184 bytes (before rx_nohandler): accepted, the missing fields read as 0; shorter: malformed.
        ByteBuffer b = ByteBuffer.allocate(LinkStats.MIN_LEN).order(ByteOrder.nativeOrder());
        b.putLong(0, 5);
        assertThat(LinkStats.parse(b).rxPackets()).isEqualTo(5);
        assertThat(LinkStats.parse(b).rxNohandler()).isZero();
        assertThatThrownBy(() -> LinkStats.parse(ByteBuffer.allocate(LinkStats.MIN_LEN - 8)))
                .isExactlyInstanceOf(dev.netns.MalformedReplyException.class);
    }

    // C: struct ifreq r = {0}; strncpy(r.ifr_name, "tap0", IFNAMSIZ - 1); r.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_MULTI_QUEUE;
    static final String GCC_IFREQ_TAP =
            "74617030000000000000000000000000021100000000000000000000000000000000000000000000";
    // C: the same with "tun-abcdefghijk" (15 bytes, the longest) and IFF_TUN.
    static final String GCC_IFREQ_TUN_LONGEST =
            "74756e2d6162636465666768696a6b00010000000000000000000000000000000000000000000000";

    @Test
    void ifreqAndIoctlNumbers() {
        assumeTrue(Wire.littleEndian());
        assertThat(TunTap.IFREQ_LEN).isEqualTo(c("sizeof(struct ifreq)"));
        assertThat(TunTap.IFR_FLAGS_OFFSET).isEqualTo(c("offsetof(ifreq,ifr_flags)"));
        assertThat(Wire.hex(TunTap.ifreq("tap0", TunTap.IFF_TAP | TunTap.IFF_NO_PI | TunTap.IFF_MULTI_QUEUE)))
                .isEqualTo(GCC_IFREQ_TAP);
        assertThat(Wire.hex(TunTap.ifreq("tun-abcdefghijk", TunTap.IFF_TUN))).isEqualTo(GCC_IFREQ_TUN_LONGEST);
        assertThat(Integer.toUnsignedLong(TunTap.TUNSETIFF)).isEqualTo(c("TUNSETIFF"));
        assertThat(Integer.toUnsignedLong(TunTap.TUNSETPERSIST)).isEqualTo(c("TUNSETPERSIST"));
        assertThat(Integer.toUnsignedLong(TunTap.TUNSETOWNER)).isEqualTo(c("TUNSETOWNER"));
        assertThat(Integer.toUnsignedLong(TunTap.TUNSETGROUP)).isEqualTo(c("TUNSETGROUP"));
        assertThatThrownBy(() -> TunTap.ifreq("tun-abcdefghijkl", TunTap.IFF_TUN)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> TunTap.ifreq("t0", TunTap.IFF_TUN | TunTap.IFF_TAP))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> TunTap.ifreq("t0", TunTap.IFF_NO_PI)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void groupBits() {
        assertThat(RtnlGroups.groupBit(RtnlGroups.RTNLGRP_LINK)).isEqualTo(1);
        assertThat(RtnlGroups.groupBit(RtnlGroups.RTNLGRP_IPV6_RULE)).isEqualTo(1 << 18);
        assertThatThrownBy(() -> RtnlGroups.groupBit(33)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> RtnlGroups.groupBit(0)).isInstanceOf(InvalidInputException.class);
    }

    private static ByteBuffer buf(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }

    private static String snake(String camel) {
        StringBuilder s = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                s.append('_').append(Character.toLowerCase(ch));
            } else {
                s.append(ch);
            }
        }
        return s.toString();
    }
}
