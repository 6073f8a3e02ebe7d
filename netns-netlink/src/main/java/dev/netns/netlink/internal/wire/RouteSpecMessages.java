package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.Netlink.*;
import static dev.netns.netlink.internal.wire.RouteTypes.*;
import static dev.netns.netlink.internal.wire.RtNetlink.*;

import dev.netns.IpPrefix;
import dev.netns.MalformedReplyException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes {@link RouteSpec} adds and deletes (any table, special types, multipath) and route gets,
 * and decodes any route message into a {@link RouteEntry}.
 *
 * <p>Attributes go in one fixed order: RTA_DST, RTA_GATEWAY, RTA_PRIORITY, RTA_TABLE, RTA_OIF,
 * RTA_MULTIPATH. iproute2 writes the first four in command-line order and the device and next hops
 * after them, so the two agree byte for byte for {@code ip route add PREFIX via GW metric M table T dev D}.
 */
public final class RouteSpecMessages {
    private RouteSpecMessages() {
    }

    /**
     * {@code ip route add [TYPE] PREFIX ...}: protocol boot as iproute2; link scope for a unicast route
     * with neither gateway nor next hops, universe scope otherwise (special types included).
     */
    public static MessageBuilder add(RouteSpec r) {
        boolean direct = r.type() == RTN_UNICAST && r.gateway() == null && r.nexthops().isEmpty();
        return route(RTM_NEWROUTE, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, r, RTPROT_BOOT,
                direct ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE, r.type());
    }

    /**
     * {@code ip route del PREFIX ...}: scope nowhere, protocol and type unspecified, so the kernel
     * matches any of them; the other fields given must match.
     */
    public static MessageBuilder delete(RouteSpec r) {
        return route(RTM_DELROUTE, NLM_F_ACK, r, RTPROT_UNSPEC, RT_SCOPE_NOWHERE, RTN_UNSPEC);
    }

    /**
     * {@code ip route get ...}. Unlike iproute2, which reads exactly one answer, the request asks for
     * an ack too, so a connection can wait for the ack as for any other request; the answer (one
     * RTM_NEWROUTE, see {@link #decode(NlMessage)}) comes before it. RTM_F_LOOKUP_TABLE is set for
     * IPv4, as iproute2 does, so the answer names the table the lookup used (IPv6 always does).
     */
    public static MessageBuilder get(RouteQuery q) {
        int family = Decoding.family(q.destination());
        int full = family == Decoding.AF_INET ? 32 : 128;
        MessageBuilder m = new MessageBuilder(RTM_GETROUTE, NLM_F_ACK)
                .rtmsg(family, full, q.source() == null ? 0 : full, 0, RT_TABLE_UNSPEC, RTPROT_UNSPEC, RT_SCOPE_UNIVERSE,
                        RTN_UNSPEC, family == Decoding.AF_INET ? RTM_F_LOOKUP_TABLE : 0)
                .attr(RTA_DST, q.destination().getAddress());
        if (q.source() != null) {
            m.attr(RTA_SRC, q.source().getAddress());
        }
        if (q.iif() > 0) {
            m.attrU32(RTA_IIF, q.iif());
        }
        if (q.oif() > 0) {
            m.attrU32(RTA_OIF, q.oif());
        }
        if (q.mark() != null) {
            m.attrU32(RTA_MARK, q.mark().intValue());
        }
        return m;
    }

    /** RTM_GETROUTE dump of one family, every table (filter by {@link RouteEntry#table()}). */
    public static MessageBuilder dump(int family) {
        return RouteMessages.dump(family);
    }

    private static MessageBuilder route(int type, int flags, RouteSpec r, int protocol, int scope, int rtType) {
        IpPrefix dst = r.destination();
        int family = Decoding.family(dst.address());
        // rtm_table is a u8: larger ids go in RTA_TABLE, with RT_TABLE_UNSPEC in the header.
        boolean bigTable = r.table() > 255;
        MessageBuilder m = new MessageBuilder(type, flags)
                .rtmsg(family, dst.length(), 0, 0, bigTable ? RT_TABLE_UNSPEC : (int) r.table(), protocol, scope, rtType, 0);
        if (dst.length() > 0) {
            m.attr(RTA_DST, dst.network().address().getAddress());
        }
        if (r.gateway() != null) {
            m.attr(RTA_GATEWAY, r.gateway().getAddress());
        }
        if (r.metric() > 0) {
            m.attrU32(RTA_PRIORITY, (int) r.metric());
        }
        if (bigTable) {
            m.attrU32(RTA_TABLE, (int) r.table());
        }
        if (r.oif() > 0) {
            m.attrU32(RTA_OIF, r.oif());
        }
        if (!r.nexthops().isEmpty()) {
            int nest = m.beginNest(RTA_MULTIPATH);
            for (RouteSpec.NextHop h : r.nexthops()) {
                // struct rtnexthop's length covers its own attributes, known before writing them.
                int len = RTNH_LEN + (h.gateway() == null ? 0 : Netlink.align(NLA_HDRLEN + h.gateway().getAddress().length));
                m.header(rtnexthop(len, 0, h.weight() - 1, h.oif()));
                if (h.gateway() != null) {
                    m.attr(RTA_GATEWAY, h.gateway().getAddress());
                }
            }
            m.endNest(nest);
        }
        return m;
    }

    /**
     * Decodes an RTM_NEWROUTE or RTM_DELROUTE message of any table and type.
     *
     * @throws MalformedReplyException on a short header, an overrunning attribute or next hop, an
     *     address of the wrong family, or a prefix length beyond the address
     */
    public static RouteEntry decode(NlMessage m) {
        int family = m.u8(0);
        int dstLen = m.u8(1);
        int srcLen = m.u8(2);
        int table = m.u8(4);
        int protocol = m.u8(5);
        int scope = m.u8(6);
        int type = m.u8(7);
        int flags = m.i32(8);
        if (family != Decoding.AF_INET && family != Decoding.AF_INET6) {
            throw new MalformedReplyException("route of family " + family + "; expected 2 or 10");
        }
        Attributes a = m.attributes(RTMSG_LEN);
        InetAddress dst = Decoding.address(a, RTA_DST, family, "RTA_DST");
        if (dst == null) {
            if (dstLen != 0) {
                throw new MalformedReplyException("route with a /" + dstLen + " destination but no RTA_DST");
            }
            dst = AddressMessages.address(new byte[family == Decoding.AF_INET ? 4 : 16]);
        }
        InetAddress src = Decoding.address(a, RTA_SRC, family, "RTA_SRC");
        IpPrefix source = src == null ? null : Decoding.prefix(src, srcLen, "RTA_SRC");
        List<RouteEntry.Hop> hops = hops(a.get(RTA_MULTIPATH), family);
        return new RouteEntry(family, Decoding.prefix(dst, dstLen, "RTA_DST"), source, type,
                Decoding.u32Unsigned(a, RTA_TABLE, table), protocol, scope,
                Decoding.address(a, RTA_GATEWAY, family, "RTA_GATEWAY"), a.u32(RTA_OIF, 0), a.u32(RTA_IIF, 0),
                Decoding.address(a, RTA_PREFSRC, family, "RTA_PREFSRC"), Decoding.u32Unsigned(a, RTA_PRIORITY, 0),
                Decoding.u32Unsigned(a, RTA_MARK, 0), flags, hops);
    }

    private static List<RouteEntry.Hop> hops(ByteBuffer b, int family) {
        if (b == null) {
            return List.of();
        }
        List<RouteEntry.Hop> out = new ArrayList<>(2);
        int pos = 0;
        while (b.limit() - pos >= RTNH_LEN) {
            int len = b.getShort(pos) & 0xffff;
            if (len < RTNH_LEN || len > b.limit() - pos) {
                throw new MalformedReplyException("RTA_MULTIPATH next hop at offset " + pos + " has length " + len + "; "
                        + (b.limit() - pos) + " bytes remain");
            }
            int flags = b.get(pos + 2) & 0xff;
            int weight = (b.get(pos + 3) & 0xff) + 1;
            int ifindex = b.getInt(pos + 4);
            Attributes hop = Attributes.parse(b.slice(pos + RTNH_LEN, len - RTNH_LEN).order(ByteOrder.nativeOrder()));
            out.add(new RouteEntry.Hop(Decoding.address(hop, RTA_GATEWAY, family, "next hop RTA_GATEWAY"), ifindex, weight,
                    flags));
            pos += Netlink.align(len);
        }
        return out;
    }

    /** struct rtnexthop in host byte order. */
    static byte[] rtnexthop(int len, int flags, int hops, int ifindex) {
        return ByteBuffer.allocate(RTNH_LEN).order(ByteOrder.nativeOrder())
                .putShort((short) len).put((byte) flags).put((byte) hops).putInt(ifindex)
                .array();
    }
}
