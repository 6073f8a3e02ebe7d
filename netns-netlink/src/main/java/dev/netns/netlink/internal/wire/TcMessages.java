package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.Netlink.*;
import static dev.netns.netlink.internal.wire.PktSched.*;

import dev.netns.MalformedReplyException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Encodes traffic-control requests (qdiscs, htb classes, filters) and decodes qdisc dumps: the
 * messages {@code tc qdisc|class|filter add|del|show} exchange with the kernel, a struct tcmsg
 * followed by TCA_* attributes. Requests carry NLM_F_ACK; handles are TC_H values, see
 * {@link TcHandle}.
 */
public final class TcMessages {
    private static final int AF_UNSPEC = 0;

    private TcMessages() {
    }

    /**
     * {@code tc qdisc add dev IFINDEX [handle HANDLE] PARENT KIND OPTIONS}, without rate tables.
     *
     * @param handle the new qdisc's handle, 0 to let the kernel pick one
     * @param parent {@link TcHandle#ROOT}, {@link TcHandle#INGRESS}/{@link TcHandle#CLSACT} or a class
     */
    public static MessageBuilder addQdisc(int ifindex, int handle, int parent, QdiscOptions options) {
        return addQdisc(ifindex, handle, parent, options, TcEncoding.DEFAULT);
    }

    /** {@link #addQdisc(int, int, int, QdiscOptions)} with the given tick conversion and rate-table choice. */
    public static MessageBuilder addQdisc(int ifindex, int handle, int parent, QdiscOptions options, TcEncoding enc) {
        return qdisc(NLM_F_CREATE | NLM_F_EXCL, ifindex, handle, parent, options, enc);
    }

    /** {@code tc qdisc replace ...}: creates the qdisc or replaces the one at {@code parent}. */
    public static MessageBuilder replaceQdisc(int ifindex, int handle, int parent, QdiscOptions options, TcEncoding enc) {
        return qdisc(NLM_F_CREATE | NLM_F_REPLACE, ifindex, handle, parent, options, enc);
    }

    /** {@code tc qdisc add dev IFINDEX clsact}. */
    public static MessageBuilder addClsact(int ifindex) {
        return addQdisc(ifindex, TcHandle.INGRESS_HANDLE, TcHandle.CLSACT, QdiscOptions.clsact());
    }

    /** {@code tc qdisc add dev IFINDEX ingress}. */
    public static MessageBuilder addIngress(int ifindex) {
        return addQdisc(ifindex, TcHandle.INGRESS_HANDLE, TcHandle.INGRESS, QdiscOptions.ingress());
    }

    /**
     * {@code tc qdisc del dev IFINDEX PARENT [KIND]}: deletes the qdisc at {@code parent}
     * (tc names the kind for ingress and clsact, not for root).
     *
     * @param handle the qdisc's handle, or 0 for whatever sits at {@code parent}
     * @param kind the kind, or {@code null}
     */
    public static MessageBuilder deleteQdisc(int ifindex, int handle, int parent, String kind) {
        MessageBuilder m = new MessageBuilder(RTM_DELQDISC, NLM_F_ACK).header(tcmsg(ifindex, handle, parent, 0));
        if (kind != null) {
            m.attrString(TCA_KIND, kind);
        }
        return m;
    }

    /**
     * RTM_GETQDISC dump, as {@code tc -s qdisc show [dev]} sends it. The kernel reports the qdiscs
     * of every device whatever {@code ifindex} says: filter the replies by {@link TcQdisc#ifindex()}.
     */
    public static MessageBuilder dumpQdiscs(int ifindex) {
        return new MessageBuilder(RTM_GETQDISC, NLM_F_DUMP).header(tcmsg(ifindex, 0, 0, 0));
    }

    /** {@code tc class add dev IFINDEX parent PARENT classid CLASSID htb ...}. */
    public static MessageBuilder addHtbClass(int ifindex, int classId, int parent, HtbClassOptions options,
            TcEncoding enc) {
        Objects.requireNonNull(options, "options");
        MessageBuilder m = new MessageBuilder(RTM_NEWTCLASS, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL)
                .header(tcmsg(ifindex, classId, parent, 0))
                .attrString(TCA_KIND, "htb");
        TcOptionsCodec.writeHtbClass(m, options, enc);
        return m;
    }

    /** {@link #addHtbClass(int, int, int, HtbClassOptions, TcEncoding)} without rate tables. */
    public static MessageBuilder addHtbClass(int ifindex, int classId, int parent, HtbClassOptions options) {
        return addHtbClass(ifindex, classId, parent, options, TcEncoding.DEFAULT);
    }

    /**
     * {@code tc filter add dev IFINDEX parent PARENT protocol PROTOCOL prio PRIO KIND ...}.
     *
     * @param parent the qdisc or class, {@link TcHandle#CLSACT_INGRESS}/{@link TcHandle#CLSACT_EGRESS}
     *        for clsact's hooks, {@link TcHandle#INGRESS_HANDLE} for the ingress qdisc
     * @param prio 1..65535, or 0 to let the kernel choose
     * @param protocol an ethertype in host order, {@link PktSched#ETH_P_ALL} for every packet
     */
    public static MessageBuilder addFilter(int ifindex, int parent, int prio, int protocol, TcFilter filter) {
        Objects.requireNonNull(filter, "filter");
        MessageBuilder m = new MessageBuilder(RTM_NEWTFILTER, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL)
                .header(tcmsg(ifindex, 0, parent, filterInfo(prio, protocol)))
                .attrString(TCA_KIND, filter.kind());
        int options = m.beginNest(TCA_OPTIONS);
        if (filter instanceof TcFilter.U32MatchAll) {
            if (filter.classId() != 0) {
                m.attrU32(TCA_U32_CLASSID, filter.classId());
            }
            if (filter.action() != null) {
                writeAction(m, TCA_U32_ACT, filter.action());
            }
            m.attr(TCA_U32_SEL, u32MatchEverything());
        } else {
            if (filter.classId() != 0) {
                m.attrU32(TCA_MATCHALL_CLASSID, filter.classId());
            }
            if (filter.action() != null) {
                writeAction(m, TCA_MATCHALL_ACT, filter.action());
            }
        }
        m.endNest(options);
        return m;
    }

    /** {@code tc filter del dev IFINDEX parent PARENT [protocol PROTOCOL] prio PRIO}: every filter of that priority. */
    public static MessageBuilder deleteFilter(int ifindex, int parent, int prio, int protocol) {
        return new MessageBuilder(RTM_DELTFILTER, NLM_F_ACK).header(tcmsg(ifindex, 0, parent, filterInfo(prio, protocol)));
    }

    /** Decodes one RTM_NEWQDISC of a dump, converting ticks with the standard clock. */
    public static TcQdisc decodeQdisc(NlMessage m) {
        return decodeQdisc(m, PschedClock.STANDARD);
    }

    /**
     * Decodes one RTM_NEWQDISC of a dump.
     *
     * @throws MalformedReplyException if it is truncated, has no kind, or options that cannot be
     *         what the kernel reports
     */
    public static TcQdisc decodeQdisc(NlMessage m, PschedClock clock) {
        int ifindex = m.i32(4);
        int handle = m.i32(8);
        int parent = m.i32(12);
        Attributes a = m.attributes(TCMSG_LEN);
        String kind = a.string(TCA_KIND);
        if (kind == null || kind.isEmpty()) {
            throw new MalformedReplyException("qdisc of device " + ifindex + " has no TCA_KIND");
        }
        QdiscOptions options;
        try {
            options = TcOptionsCodec.read(kind, a.get(TCA_OPTIONS), clock);
        } catch (IllegalArgumentException e) {
            // A value the model refuses cannot come from a kernel that accepted the qdisc.
            throw new MalformedReplyException(kind + " options of device " + ifindex + ": " + e.getMessage());
        }
        return new TcQdisc(ifindex, handle, parent, options, decodeStats(a));
    }

    /**
     * The counters of a qdisc, class or filter message: TCA_STATS2 if present, else the legacy
     * TCA_STATS, else {@code null}.
     */
    public static TcStats decodeStats(Attributes a) {
        if (a.has(TCA_STATS2)) {
            Attributes s = a.nested(TCA_STATS2);
            long bytes = 0;
            long packets = 0;
            if (s.has(TCA_STATS_BASIC)) {
                // u64 bytes then u32 packets: 12 bytes of data, the kernel pads the struct to 16.
                ByteBuffer b = need(s.get(TCA_STATS_BASIC), 12, "TCA_STATS_BASIC");
                bytes = b.getLong(0);
                packets = b.getInt(8) & 0xFFFF_FFFFL;
            }
            if (s.has(TCA_STATS_PKT64)) {
                packets = need(s.get(TCA_STATS_PKT64), 8, "TCA_STATS_PKT64").getLong(0);
            }
            long qlen = 0;
            long backlog = 0;
            long drops = 0;
            long requeues = 0;
            long overlimits = 0;
            if (s.has(TCA_STATS_QUEUE)) {
                ByteBuffer q = need(s.get(TCA_STATS_QUEUE), GNET_STATS_QUEUE_LEN, "TCA_STATS_QUEUE");
                qlen = q.getInt(0) & 0xFFFF_FFFFL;
                backlog = q.getInt(4) & 0xFFFF_FFFFL;
                drops = q.getInt(8) & 0xFFFF_FFFFL;
                requeues = q.getInt(12) & 0xFFFF_FFFFL;
                overlimits = q.getInt(16) & 0xFFFF_FFFFL;
            }
            return new TcStats(bytes, packets, drops, overlimits, requeues, qlen, backlog);
        }
        if (a.has(TCA_STATS)) {
            // struct tc_stats: bytes u64, packets, drops, overlimits, bps, pps, qlen, backlog (u32 each).
            ByteBuffer t = need(a.get(TCA_STATS), 36, "TCA_STATS");
            return new TcStats(t.getLong(0), t.getInt(8) & 0xFFFF_FFFFL, t.getInt(12) & 0xFFFF_FFFFL,
                    t.getInt(16) & 0xFFFF_FFFFL, 0, t.getInt(28) & 0xFFFF_FFFFL, t.getInt(32) & 0xFFFF_FFFFL);
        }
        return null;
    }

    // ---- parts ----

    private static MessageBuilder qdisc(int flags, int ifindex, int handle, int parent, QdiscOptions options,
            TcEncoding enc) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(enc, "enc");
        MessageBuilder m = new MessageBuilder(RTM_NEWQDISC, NLM_F_ACK | flags)
                .header(tcmsg(ifindex, handle, parent, 0))
                .attrString(TCA_KIND, options.kind());
        TcOptionsCodec.writeQdisc(m, options, enc);
        return m;
    }

    /** struct tcmsg: family, three bytes of padding, ifindex, handle, parent, info. */
    static byte[] tcmsg(int ifindex, int handle, int parent, int info) {
        return ByteBuffer.allocate(TCMSG_LEN).order(ByteOrder.nativeOrder())
                .put((byte) AF_UNSPEC).put((byte) 0).putShort((short) 0)
                .putInt(ifindex).putInt(handle).putInt(parent).putInt(info).array();
    }

    /** A filter's tcm_info: the priority in the upper 16 bits, the protocol big-endian in the lower. */
    static int filterInfo(int prio, int protocol) {
        if ((prio & ~0xFFFF) != 0 || (protocol & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("filter prio and protocol are 16 bits: " + prio + ", " + protocol);
        }
        int be = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                ? Short.reverseBytes((short) protocol) & 0xFFFF : protocol;
        return (prio << 16) | be;
    }

    /** One action at order 1: {KIND "mirred", OPTIONS (NLA_F_NESTED, as tc sends it) {PARMS}}. */
    private static void writeAction(MessageBuilder m, int listType, MirredAction a) {
        int list = m.beginNest(listType);
        int first = m.beginNest(1);
        m.attrString(TCA_ACT_KIND, "mirred");
        int options = m.beginNest(TCA_ACT_OPTIONS | NLA_F_NESTED);
        ByteBuffer p = ByteBuffer.allocate(TC_MIRRED_LEN).order(ByteOrder.nativeOrder());
        // tc_gen: index 0 (a new action), capab, action (verdict), refcnt, bindcnt; then eaction, ifindex.
        p.putInt(0).putInt(0).putInt(a.verdict()).putInt(0).putInt(0).putInt(a.direction()).putInt(a.ifindex());
        m.attr(TCA_MIRRED_PARMS, p.array());
        m.endNest(options);
        m.endNest(first);
        m.endNest(list);
    }

    /** struct tc_u32_sel with one key of mask 0 (matches every packet), terminal. */
    private static byte[] u32MatchEverything() {
        ByteBuffer s = ByteBuffer.allocate(TC_U32_SEL_LEN + TC_U32_KEY_LEN).order(ByteOrder.nativeOrder());
        s.put((byte) TC_U32_TERMINAL).put((byte) 0).put((byte) 1); // flags, offshift, nkeys
        // offmask, off, offoff, hoff, hmask and the key's mask, val, off, offmask: all zero.
        return s.array();
    }

    private static ByteBuffer need(ByteBuffer b, int size, String what) {
        if (b.remaining() < size) {
            throw new MalformedReplyException(what + " has " + b.remaining() + " bytes, expected at least " + size);
        }
        return b;
    }
}
