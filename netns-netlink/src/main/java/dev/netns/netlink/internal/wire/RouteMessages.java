package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.Netlink.*;
import static dev.netns.netlink.internal.wire.RtNetlink.*;

import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import dev.netns.MalformedReplyException;
import dev.netns.Route;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Encodes RTM_*ROUTE requests and decodes route messages. */
public final class RouteMessages {
    private RouteMessages() {
    }

    /**
     * {@code ip route add ...}: protocol boot and, for a route without a gateway, link scope, as
     * iproute2 does.
     *
     * @param oif the outgoing interface index, 0 for none
     */
    public static MessageBuilder add(Route r, int oif) {
        int scope = r.gateway() == null ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
        return route(RTM_NEWROUTE, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, r, oif, RTPROT_BOOT, scope, RTN_UNICAST);
    }

    /** {@code ip route del ...}: scope "nowhere" and no protocol, so it matches any. */
    public static MessageBuilder delete(Route r, int oif) {
        return route(RTM_DELROUTE, NLM_F_ACK, r, oif, RTPROT_UNSPEC, RT_SCOPE_NOWHERE, RTN_UNSPEC);
    }

    private static MessageBuilder route(int type, int flags, Route r, int oif, int protocol, int scope, int rtType) {
        int family = AddressMessages.family(r.destination().address());
        boolean bigTable = r.table() > 255; // rtm_table is a u8: larger ids go in RTA_TABLE
        MessageBuilder m = new MessageBuilder(type, flags)
                .rtmsg(family, r.destination().length(), 0, 0, bigTable ? RT_TABLE_UNSPEC : (int) r.table(), protocol,
                        scope, rtType, 0);
        if (bigTable) {
            m.attrU32(RTA_TABLE, (int) r.table());
        }
        if (r.destination().length() > 0) {
            m.attr(RTA_DST, r.destination().network().address().getAddress());
        }
        if (r.gateway() != null) {
            m.attr(RTA_GATEWAY, r.gateway().getAddress());
        }
        if (oif > 0) {
            m.attrU32(RTA_OIF, oif);
        }
        if (r.metric() > 0) {
            m.attrU32(RTA_PRIORITY, (int) r.metric());
        }
        return m;
    }

    /**
     * RTM_GETROUTE dump of one family (2 = IPv4, 10 = IPv6), or of every family the kernel has
     * routes of (0: IPv4, IPv6, and multicast and MPLS routes where configured).
     */
    public static MessageBuilder dump(int family) {
        return new MessageBuilder(RTM_GETROUTE, NLM_F_DUMP).rtmsg(family, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * Decodes a route of the main table; returns {@code null} for other tables and non-unicast types,
     * which {@code ip route} does not show either. For a multipath route, the first next hop.
     *
     * @param nameOf resolves an interface index to its name
     */
    public static Route decodeMain(NlMessage m, IntFunction<String> nameOf) {
        List<Route> all = decodeMainAll(m, nameOf);
        return all.isEmpty() ? null : all.get(0);
    }

    /**
     * Decodes a route of the main table as one {@link Route} per next hop: a multipath route
     * ({@code RTA_MULTIPATH}, {@code ip route add ... nexthop via A nexthop via B}) gives one entry
     * per hop, all with the same destination and metric. Empty for other tables and non-unicast
     * types. A route that refers to a nexthop object ({@code RTA_NH_ID}) has its hops elsewhere and
     * comes out with neither gateway nor device.
     *
     * @param nameOf resolves an interface index to its name
     */
    public static List<Route> decodeMainAll(NlMessage m, IntFunction<String> nameOf) {
        int family = m.u8(0);
        int dstLen = m.u8(1);
        long table = m.u8(4);
        int rtType = m.u8(7);
        Attributes a = m.attributes(RTMSG_LEN);
        table = a.has(RTA_TABLE) ? Integer.toUnsignedLong(a.u32(RTA_TABLE, 0)) : table;
        if (table != RT_TABLE_MAIN || rtType != RTN_UNICAST) {
            return List.of();
        }
        InetAddress dst = a.has(RTA_DST) ? AddressMessages.address(a.bytes(RTA_DST))
                : IpPrefix.parseAddress(family == AddressMessages.AF_INET ? "0.0.0.0" : "::");
        long metric = Integer.toUnsignedLong(a.u32(RTA_PRIORITY, 0));
        List<Route> out = new ArrayList<>(1);
        try {
            IpPrefix destination = new IpPrefix(dst, dstLen);
            ByteBuffer hops = a.get(RTA_MULTIPATH);
            if (hops == null) {
                out.add(route(destination, a, a.u32(RTA_OIF, 0), metric, table, nameOf));
                return out;
            }
            // struct rtnexthop {u16 rtnh_len; u8 flags; u8 hops; i32 ifindex;} then its attributes.
            int pos = 0;
            while (hops.limit() - pos >= RTNH_LEN) {
                int len = hops.getShort(pos) & 0xffff;
                if (len < RTNH_LEN || len > hops.limit() - pos) {
                    throw new MalformedReplyException("RTA_MULTIPATH next hop at offset " + pos + " has length " + len
                            + "; " + (hops.limit() - pos) + " bytes remain");
                }
                int ifindex = hops.getInt(pos + 4);
                Attributes hop = Attributes.parse(hops.slice(pos + RTNH_LEN, len - RTNH_LEN).order(ByteOrder.nativeOrder()));
                out.add(route(destination, hop, ifindex, metric, table, nameOf));
                pos += Netlink.align(len);
            }
            return out;
        } catch (InvalidInputException e) {
            // Inconsistent kernel data (dst_len past the address, a gateway of the other family) is a
            // malformed reply, not bad user input.
            throw new MalformedReplyException("RTM_NEWROUTE: " + e.getMessage());
        }
    }

    private static Route route(IpPrefix destination, Attributes a, int oif, long metric, long table,
            IntFunction<String> nameOf) {
        InetAddress gw = a.has(RTA_GATEWAY) ? AddressMessages.address(a.bytes(RTA_GATEWAY)) : null;
        Route r = Route.to(destination).via(gw).metric(metric).table(table);
        return oif > 0 ? r.dev(nameOf.apply(oif)) : r;
    }
}
