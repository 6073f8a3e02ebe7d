package dev.netns.netlink.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link PktSched} against the kernel headers. The GOLDEN_* text is the output of a C program
 * compiled with gcc (x86-64) against /usr/include/linux/{rtnetlink,pkt_sched,pkt_cls,gen_stats,
 * if_ether}.h and linux/tc_act/tc_mirred.h, printing {@code NAME=value} for every constant with
 * {@code #define P(x) printf("%s=%lld\n", #x, (long long)(x))}, and sizeof/offsetof of the structs
 * the codec writes.
 */
class PktSchedConstantsTest {
    private static final String GOLDEN_VALUES = ""
            + "RTM_NEWQDISC=36 RTM_DELQDISC=37 RTM_GETQDISC=38 RTM_NEWTCLASS=40 RTM_DELTCLASS=41 RTM_GETTCLASS=42 "
            + "RTM_NEWTFILTER=44 RTM_DELTFILTER=45 RTM_GETTFILTER=46 TCA_KIND=1 TCA_OPTIONS=2 TCA_STATS=3 TCA_XSTATS=4 "
            + "TCA_RATE=5 TCA_FCNT=6 TCA_STATS2=7 TCA_STAB=8 TCA_PAD=9 TCA_DUMP_INVISIBLE=10 TCA_CHAIN=11 TCA_HW_OFFLOAD=12 "
            + "TCA_INGRESS_BLOCK=13 TCA_EGRESS_BLOCK=14 TCA_DUMP_FLAGS=15 TCA_EXT_WARN_MSG=16 TC_H_ROOT=4294967295 "
            + "TC_H_INGRESS=4294967281 TC_H_CLSACT=4294967281 TC_H_UNSPEC=0 TC_H_MIN_INGRESS=65522 TC_H_MIN_EGRESS=65523 "
            + "TC_H_MIN_PRIORITY=65504 TC_H_MAJ_MASK=4294901760 TC_H_MIN_MASK=65535 TC_LINKLAYER_UNAWARE=0 "
            + "TC_LINKLAYER_ETHERNET=1 TC_LINKLAYER_ATM=2 TC_LINKLAYER_MASK=15 TC_RTAB_SIZE=1024 TCA_TBF_PARMS=1 "
            + "TCA_TBF_RTAB=2 TCA_TBF_PTAB=3 TCA_TBF_RATE64=4 TCA_TBF_PRATE64=5 TCA_TBF_BURST=6 TCA_TBF_PBURST=7 "
            + "TCA_TBF_PAD=8 TCA_HTB_PARMS=1 TCA_HTB_INIT=2 TCA_HTB_CTAB=3 TCA_HTB_RTAB=4 TCA_HTB_DIRECT_QLEN=5 "
            + "TCA_HTB_RATE64=6 TCA_HTB_CEIL64=7 TCA_HTB_PAD=8 TCA_HTB_OFFLOAD=9 TC_HTB_PROTOVER=3 TCA_NETEM_CORR=1 "
            + "TCA_NETEM_DELAY_DIST=2 TCA_NETEM_REORDER=3 TCA_NETEM_CORRUPT=4 TCA_NETEM_LOSS=5 TCA_NETEM_RATE=6 "
            + "TCA_NETEM_ECN=7 TCA_NETEM_RATE64=8 TCA_NETEM_PAD=9 TCA_NETEM_LATENCY64=10 TCA_NETEM_JITTER64=11 "
            + "TCA_NETEM_SLOT=12 TCA_NETEM_SLOT_DIST=13 TCA_STATS_BASIC=1 TCA_STATS_RATE_EST=2 TCA_STATS_QUEUE=3 "
            + "TCA_STATS_APP=4 TCA_STATS_RATE_EST64=5 TCA_STATS_PAD=6 TCA_STATS_BASIC_HW=7 TCA_STATS_PKT64=8 TCA_ACT_KIND=1 "
            + "TCA_ACT_OPTIONS=2 TCA_ACT_INDEX=3 TCA_ACT_STATS=4 TCA_ACT_PAD=5 TCA_ACT_COOKIE=6 TCA_ACT_FLAGS=7 "
            + "TC_ACT_UNSPEC=-1 TC_ACT_OK=0 TC_ACT_RECLASSIFY=1 TC_ACT_SHOT=2 TC_ACT_PIPE=3 TC_ACT_STOLEN=4 TCA_MIRRED_TM=1 "
            + "TCA_MIRRED_PARMS=2 TCA_MIRRED_PAD=3 TCA_EGRESS_REDIR=1 TCA_EGRESS_MIRROR=2 TCA_INGRESS_REDIR=3 "
            + "TCA_INGRESS_MIRROR=4 TCA_U32_CLASSID=1 TCA_U32_HASH=2 TCA_U32_LINK=3 TCA_U32_DIVISOR=4 TCA_U32_SEL=5 "
            + "TCA_U32_POLICE=6 TCA_U32_ACT=7 TCA_U32_INDEV=8 TCA_U32_PCNT=9 TCA_U32_MARK=10 TCA_U32_FLAGS=11 TCA_U32_PAD=12 "
            + "TC_U32_TERMINAL=1 TCA_MATCHALL_CLASSID=1 TCA_MATCHALL_ACT=2 TCA_MATCHALL_FLAGS=3 TCA_MATCHALL_PCNT=4 "
            + "TCA_MATCHALL_PAD=5 TCA_CLS_FLAGS_SKIP_HW=1 TCA_CLS_FLAGS_SKIP_SW=2 ETH_P_ALL=3 ETH_P_IP=2048 ETH_P_IPV6=34525 ";
    private static final String GOLDEN_LAYOUT = ""
            + "TC_H_MAKE(0x12340000U, 0x5678U)=305419896; TC_H_MAJ(0xfffffff3U)=4294901760; TC_H_MIN(0xfffffff3U)=65523; "
            + "sizeof(struct tcmsg)=20; offsetof(struct tcmsg, tcm_ifindex)=4; offsetof(struct tcmsg, tcm_handle)=8; "
            + "offsetof(struct tcmsg, tcm_parent)=12; offsetof(struct tcmsg, tcm_info)=16; sizeof(struct tc_ratespec)=12; "
            + "offsetof(struct tc_ratespec, linklayer)=1; offsetof(struct tc_ratespec, overhead)=2; offsetof(struct "
            + "tc_ratespec, cell_align)=4; offsetof(struct tc_ratespec, mpu)=6; offsetof(struct tc_ratespec, rate)=8; "
            + "sizeof(struct tc_tbf_qopt)=36; offsetof(struct tc_tbf_qopt, peakrate)=12; offsetof(struct tc_tbf_qopt, "
            + "limit)=24; offsetof(struct tc_tbf_qopt, buffer)=28; offsetof(struct tc_tbf_qopt, mtu)=32; sizeof(struct "
            + "tc_htb_opt)=44; offsetof(struct tc_htb_opt, ceil)=12; offsetof(struct tc_htb_opt, buffer)=24; offsetof(struct "
            + "tc_htb_opt, cbuffer)=28; offsetof(struct tc_htb_opt, quantum)=32; offsetof(struct tc_htb_opt, level)=36; "
            + "offsetof(struct tc_htb_opt, prio)=40; sizeof(struct tc_htb_glob)=20; offsetof(struct tc_htb_glob, "
            + "rate2quantum)=4; offsetof(struct tc_htb_glob, defcls)=8; offsetof(struct tc_htb_glob, debug)=12; "
            + "offsetof(struct tc_htb_glob, direct_pkts)=16; sizeof(struct tc_netem_qopt)=24; offsetof(struct tc_netem_qopt, "
            + "limit)=4; offsetof(struct tc_netem_qopt, loss)=8; offsetof(struct tc_netem_qopt, gap)=12; offsetof(struct "
            + "tc_netem_qopt, duplicate)=16; offsetof(struct tc_netem_qopt, jitter)=20; sizeof(struct tc_netem_corr)=12; "
            + "sizeof(struct tc_netem_reorder)=8; sizeof(struct tc_netem_corrupt)=8; sizeof(struct tc_netem_rate)=16; "
            + "sizeof(struct gnet_stats_basic)=16; sizeof(struct gnet_stats_queue)=20; offsetof(struct gnet_stats_queue, "
            + "drops)=8; offsetof(struct gnet_stats_queue, requeues)=12; offsetof(struct gnet_stats_queue, overlimits)=16; "
            + "sizeof(struct tc_stats)=40; offsetof(struct tc_stats, packets)=8; offsetof(struct tc_stats, drops)=12; "
            + "offsetof(struct tc_stats, overlimits)=16; offsetof(struct tc_stats, qlen)=28; offsetof(struct tc_stats, "
            + "backlog)=32; sizeof(struct tc_mirred)=28; offsetof(struct tc_mirred, action)=8; offsetof(struct tc_mirred, "
            + "eaction)=20; offsetof(struct tc_mirred, ifindex)=24; sizeof(struct tc_u32_sel)=16; sizeof(struct "
            + "tc_u32_key)=16; offsetof(struct tc_u32_sel, nkeys)=2; offsetof(struct tc_u32_sel, offmask)=4; offsetof(struct "
            + "tc_u32_sel, hmask)=12; ";
    @Test
    void everyNamedConstantHasTheHeaderValue() throws ReflectiveOperationException {
        Map<String, Long> golden = parse(GOLDEN_VALUES, " ");
        int checked = 0;
        for (Field f : PktSched.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != int.class || !golden.containsKey(f.getName())) {
                continue;
            }
            // Unsigned header values (TC_H_ROOT = 4294967295) are the same 32 bits as the int.
            assertThat(f.getInt(null)).as(f.getName()).isEqualTo((int) (long) golden.get(f.getName()));
            checked++;
        }
        // And every constant the header program printed exists under its header name.
        for (String name : golden.keySet()) {
            assertThat(PktSched.class.getField(name)).as(name).isNotNull();
        }
        assertThat(checked).isEqualTo(golden.size());
    }

    @Test
    void handleMacros() {
        Map<String, Long> g = parse(GOLDEN_LAYOUT, ";");
        assertThat(TcHandle.make(0x12340000, 0x5678)).isEqualTo((int) (long) g.get("TC_H_MAKE(0x12340000U, 0x5678U)"));
        assertThat(TcHandle.maj(0xfffffff3)).isEqualTo((int) (long) g.get("TC_H_MAJ(0xfffffff3U)"));
        assertThat(TcHandle.min(0xfffffff3)).isEqualTo((int) (long) g.get("TC_H_MIN(0xfffffff3U)"));
    }

    @Test
    void structSizesAndOffsets() {
        Map<String, Long> g = parse(GOLDEN_LAYOUT, ";");
        assertThat(at(g, "sizeof(struct tcmsg)")).isEqualTo(PktSched.TCMSG_LEN);
        assertThat(at(g, "sizeof(struct tc_ratespec)")).isEqualTo(PktSched.TC_RATESPEC_LEN);
        assertThat(at(g, "sizeof(struct tc_tbf_qopt)")).isEqualTo(PktSched.TC_TBF_QOPT_LEN);
        assertThat(at(g, "sizeof(struct tc_htb_opt)")).isEqualTo(PktSched.TC_HTB_OPT_LEN);
        assertThat(at(g, "sizeof(struct tc_htb_glob)")).isEqualTo(PktSched.TC_HTB_GLOB_LEN);
        assertThat(at(g, "sizeof(struct tc_netem_qopt)")).isEqualTo(PktSched.TC_NETEM_QOPT_LEN);
        assertThat(at(g, "sizeof(struct tc_netem_corr)")).isEqualTo(PktSched.TC_NETEM_CORR_LEN);
        assertThat(at(g, "sizeof(struct tc_netem_reorder)")).isEqualTo(PktSched.TC_NETEM_REORDER_LEN);
        assertThat(at(g, "sizeof(struct tc_netem_corrupt)")).isEqualTo(PktSched.TC_NETEM_CORRUPT_LEN);
        assertThat(at(g, "sizeof(struct tc_netem_rate)")).isEqualTo(PktSched.TC_NETEM_RATE_LEN);
        assertThat(at(g, "sizeof(struct gnet_stats_basic)")).isEqualTo(PktSched.GNET_STATS_BASIC_LEN);
        assertThat(at(g, "sizeof(struct gnet_stats_queue)")).isEqualTo(PktSched.GNET_STATS_QUEUE_LEN);
        assertThat(at(g, "sizeof(struct tc_stats)")).isEqualTo(PktSched.TC_STATS_LEN);
        assertThat(at(g, "sizeof(struct tc_mirred)")).isEqualTo(PktSched.TC_MIRRED_LEN);
        assertThat(at(g, "sizeof(struct tc_u32_sel)")).isEqualTo(PktSched.TC_U32_SEL_LEN);
        assertThat(at(g, "sizeof(struct tc_u32_key)")).isEqualTo(PktSched.TC_U32_KEY_LEN);
        // The offsets the encoders and decoders write and read at.
        assertThat(at(g, "offsetof(struct tcmsg, tcm_ifindex)")).isEqualTo(4);
        assertThat(at(g, "offsetof(struct tcmsg, tcm_handle)")).isEqualTo(8);
        assertThat(at(g, "offsetof(struct tcmsg, tcm_parent)")).isEqualTo(12);
        assertThat(at(g, "offsetof(struct tcmsg, tcm_info)")).isEqualTo(16);
        assertThat(at(g, "offsetof(struct tc_ratespec, cell_align)")).isEqualTo(4);
        assertThat(at(g, "offsetof(struct tc_ratespec, rate)")).isEqualTo(8);
        assertThat(at(g, "offsetof(struct tc_tbf_qopt, limit)")).isEqualTo(24);
        assertThat(at(g, "offsetof(struct tc_tbf_qopt, buffer)")).isEqualTo(28);
        assertThat(at(g, "offsetof(struct tc_tbf_qopt, mtu)")).isEqualTo(32);
        assertThat(at(g, "offsetof(struct tc_htb_opt, buffer)")).isEqualTo(24);
        assertThat(at(g, "offsetof(struct tc_htb_opt, prio)")).isEqualTo(40);
        assertThat(at(g, "offsetof(struct tc_htb_glob, defcls)")).isEqualTo(8);
        assertThat(at(g, "offsetof(struct tc_htb_glob, direct_pkts)")).isEqualTo(16);
        assertThat(at(g, "offsetof(struct tc_netem_qopt, loss)")).isEqualTo(8);
        assertThat(at(g, "offsetof(struct tc_netem_qopt, gap)")).isEqualTo(12);
        assertThat(at(g, "offsetof(struct tc_netem_qopt, duplicate)")).isEqualTo(16);
        assertThat(at(g, "offsetof(struct tc_netem_qopt, jitter)")).isEqualTo(20);
        assertThat(at(g, "offsetof(struct gnet_stats_queue, drops)")).isEqualTo(8);
        assertThat(at(g, "offsetof(struct gnet_stats_queue, requeues)")).isEqualTo(12);
        assertThat(at(g, "offsetof(struct gnet_stats_queue, overlimits)")).isEqualTo(16);
        assertThat(at(g, "offsetof(struct tc_stats, drops)")).isEqualTo(12);
        assertThat(at(g, "offsetof(struct tc_stats, overlimits)")).isEqualTo(16);
        assertThat(at(g, "offsetof(struct tc_stats, qlen)")).isEqualTo(28);
        assertThat(at(g, "offsetof(struct tc_stats, backlog)")).isEqualTo(32);
        assertThat(at(g, "offsetof(struct tc_mirred, action)")).isEqualTo(8);
        assertThat(at(g, "offsetof(struct tc_mirred, eaction)")).isEqualTo(20);
        assertThat(at(g, "offsetof(struct tc_mirred, ifindex)")).isEqualTo(24);
        assertThat(at(g, "offsetof(struct tc_u32_sel, nkeys)")).isEqualTo(2);
    }

    private static int at(Map<String, Long> golden, String key) {
        assertThat(golden).containsKey(key);
        return (int) (long) golden.get(key);
    }

    private static Map<String, Long> parse(String text, String separator) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String entry : text.split(separator)) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.lastIndexOf('=');
            out.put(e.substring(0, eq), Long.parseLong(e.substring(eq + 1)));
        }
        return out;
    }
}
