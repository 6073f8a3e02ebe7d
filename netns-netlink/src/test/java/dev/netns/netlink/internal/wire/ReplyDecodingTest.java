package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.Wire.msg;
import static dev.netns.netlink.internal.wire.Wire.parseOne;
import static dev.netns.netlink.internal.wire.Wire.unhex;
import static dev.netns.netlink.internal.wire.Wire.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.IpPrefix;
import dev.netns.LinkAddress;
import dev.netns.LinkInfo;
import dev.netns.MacAddress;
import dev.netns.Route;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kernel-style replies, assembled by hand, decoded into the API's value types. */
class ReplyDecodingTest {
    private static final int IFF_UP = 0x1;
    private static final int IFF_BROADCAST = 0x2;
    private static final int IFF_LOWER_UP = 0x10000;
    private static final int NLM_F_MULTI = 0x2;

    static byte[] vethReply() {
        byte[] payload = w()
                // ifinfomsg: AF_UNSPEC, ARPHRD_ETHER, index 7, flags, change
                .u8(0).u8(0).u16(1).u32(7).u32(IFF_UP | IFF_BROADCAST | IFF_LOWER_UP).u32(0)
                .attrStr(IfLink.IFLA_IFNAME, "veth-red")
                .attrU32(IfLink.IFLA_MTU, 1500)
                .attrU8(IfLink.IFLA_OPERSTATE, 6)
                .attrU32(IfLink.IFLA_MASTER, 3)
                .attrU32(IfLink.IFLA_LINK, 8)
                .attr(IfLink.IFLA_ADDRESS, unhex("02aabbccddee"))
                .attr(IfLink.IFLA_BROADCAST, unhex("ffffffffffff"))
                // The kernel nests IFLA_LINKINFO; NLA_F_NESTED must be masked off when present.
                .attr(IfLink.IFLA_LINKINFO | Netlink.NLA_F_NESTED, li -> li
                        .attrStr(IfLink.IFLA_INFO_KIND, "veth")
                        .attr(IfLink.IFLA_INFO_DATA, d -> d.attrU32(99, 0)))
                .attrU32(IfLink.IFLA_LINK_NETNSID, 0)
                // An attribute type beyond anything the decoder knows (IFLA_ALT_IFNAME-like).
                .attrStr(53, "an-alternative-name")
                .bytes();
        return msg(RtNetlink.RTM_NEWLINK, NLM_F_MULTI, 42, payload);
    }

    @Test
    void linkWithNestedLinkInfo() {
        LinkInfo l = LinkMessages.decode(parseOne(vethReply()));
        assertThat(l).isEqualTo(LinkInfo.builder().index(7).name("veth-red").kind("veth").mtu(1500)
                .mac(MacAddress.parse("02:aa:bb:cc:dd:ee")).up(true).lowerUp(true).masterIndex(3).linkIndex(8)
                .operState("UP").build());
        assertThat(l.hasMaster()).isTrue();
    }

    @Test
    void loopbackWithoutLinkInfoIsDownWithUnknownOperState() {
        byte[] payload = w()
                .u8(0).u8(0).u16(772).u32(1).u32(0x8).u32(0) // IFF_LOOPBACK only: down
                .attrStr(IfLink.IFLA_IFNAME, "lo")
                .attrU32(IfLink.IFLA_MTU, 65536)
                .attr(IfLink.IFLA_ADDRESS, new byte[6])
                .attrU8(IfLink.IFLA_OPERSTATE, 0)
                .bytes();
        LinkInfo l = LinkMessages.decode(parseOne(msg(RtNetlink.RTM_NEWLINK, 0, 1, payload)));
        assertThat(l).isEqualTo(LinkInfo.builder().index(1).name("lo").mtu(65536)
                .mac(MacAddress.parse("00:00:00:00:00:00")).operState("UNKNOWN").build());
    }

    @Test
    void bridgeUpWithoutCarrierAndNoOperState() {
        byte[] payload = w()
                .u8(0).u8(0).u16(1).u32(4).u32(IFF_UP).u32(0)
                .attrStr(IfLink.IFLA_IFNAME, "br0")
                .attrU8(IfLink.IFLA_OPERSTATE, 2)
                .attr(IfLink.IFLA_LINKINFO, li -> li.attrStr(IfLink.IFLA_INFO_KIND, "bridge"))
                .bytes();
        LinkInfo l = LinkMessages.decode(parseOne(msg(RtNetlink.RTM_NEWLINK, 0, 1, payload)));
        assertThat(l).isEqualTo(LinkInfo.builder().index(4).name("br0").kind("bridge").up(true)
                .operState("DOWN").build());
    }

    @Test
    void nonEthernetHardwareAddressIsNoMac() {
        byte[] payload = w().u8(0).u8(0).u16(768).u32(5).u32(0).u32(0)
                .attrStr(IfLink.IFLA_IFNAME, "ipip0")
                .attr(IfLink.IFLA_ADDRESS, new byte[4])
                .attrU8(IfLink.IFLA_OPERSTATE, 200)
                .bytes();
        LinkInfo l = LinkMessages.decode(parseOne(msg(RtNetlink.RTM_NEWLINK, 0, 1, payload)));
        assertThat(l.mac()).isNull();
        assertThat(l.operState()).isEqualTo("UNKNOWN");
    }

    @Test
    void repeatedAttributeLastWins() {
        byte[] payload = w().zeros(16).attrStr(IfLink.IFLA_IFNAME, "first").attrStr(IfLink.IFLA_IFNAME, "second")
                .bytes();
        assertThat(LinkMessages.decode(parseOne(msg(RtNetlink.RTM_NEWLINK, 0, 1, payload))).name())
                .isEqualTo("second");
    }

    @Test
    void lastAttributeWithoutTrailingPaddingIsAccepted() {
        // "lo\0" is 7 bytes with its header; the kernel may end the message without the pad byte.
        byte[] payload = w().zeros(16).u16(7).u16(IfLink.IFLA_IFNAME).cstr("lo").bytes();
        assertThat(payload.length).isEqualTo(23);
        assertThat(LinkMessages.decode(parseOne(msg(RtNetlink.RTM_NEWLINK, 0, 1, payload))).name()).isEqualTo("lo");
    }

    static byte[] addrReply(int family, int prefixLen, int scope, int index, byte[] local, byte[] address) {
        Wire p = w().u8(family).u8(prefixLen).u8(IfAddr.IFA_F_PERMANENT).u8(scope).u32(index);
        if (address != null) {
            p.attr(IfAddr.IFA_ADDRESS, address);
        }
        if (local != null) {
            p.attr(IfAddr.IFA_LOCAL, local);
        }
        p.attrStr(IfAddr.IFA_LABEL, "eth0").attrU32(IfAddr.IFA_FLAGS, IfAddr.IFA_F_PERMANENT);
        return msg(RtNetlink.RTM_NEWADDR, NLM_F_MULTI, 9, p.bytes());
    }

    @Test
    void addressV4PrefersIfaLocal() {
        // Point-to-point: IFA_ADDRESS is the peer, IFA_LOCAL our own.
        byte[] m = addrReply(2, 24, 0, 3, unhex("c0a80f01"), unhex("c0a80f02"));
        assertThat(AddressMessages.decode(parseOne(m)))
                .isEqualTo(LinkAddress.builder().prefix(IpPrefix.parse("192.168.15.1/24")).index(3).scope("global").build());
    }

    @Test
    void addressV6WithOnlyIfaAddressAndLinkScope() {
        byte[] m = addrReply(10, 64, 253, 2, null, unhex("fe800000000000000000000000000001"));
        assertThat(AddressMessages.decode(parseOne(m)))
                .isEqualTo(LinkAddress.builder().prefix(IpPrefix.parse("fe80::1/64")).index(2).scope("link").build());
    }

    @Test
    void addressScopeNames() {
        assertThat(AddressMessages.scopeName(254)).isEqualTo("host");
        assertThat(AddressMessages.scopeName(200)).isEqualTo("site");
        assertThat(AddressMessages.scopeName(255)).isEqualTo("nowhere");
        assertThat(AddressMessages.scopeName(17)).isEqualTo("17");
    }

    static byte[] routeReply(int family, int dstLen, int table, int protocol, int scope, int type, Wire attrs) {
        byte[] payload = w().u8(family).u8(dstLen).u8(0).u8(0).u8(table).u8(protocol).u8(scope).u8(type).u32(0)
                .raw(attrs.bytes()).bytes();
        return msg(RtNetlink.RTM_NEWROUTE, NLM_F_MULTI, 5, payload);
    }

    private static final Map<Integer, String> NAMES = Map.of(2, "eth0", 7, "veth-red");

    @Test
    void mainTableDefaultRouteViaGateway() {
        byte[] m = routeReply(2, 0, 254, 3, 0, 1, w()
                .attrU32(RtNetlink.RTA_TABLE, 254)
                .attr(RtNetlink.RTA_GATEWAY, unhex("c0a80f05"))
                .attrU32(RtNetlink.RTA_OIF, 2));
        Route r = RouteMessages.decodeMain(parseOne(m), NAMES::get);
        assertThat(r).isEqualTo(Route.defaultVia("192.168.15.5").dev("eth0"));
        assertThat(r.toString()).isEqualTo("default via 192.168.15.5 dev eth0");
    }

    @Test
    void mainTablePrefixRouteOnDevWithMetric() {
        byte[] m = routeReply(2, 16, 254, 2, 253, 1, w()
                .attr(RtNetlink.RTA_DST, unhex("0a010000"))
                .attr(RtNetlink.RTA_PREFSRC, unhex("0a010001"))
                .attrU32(RtNetlink.RTA_PRIORITY, 100)
                .attrU32(RtNetlink.RTA_OIF, 7));
        assertThat(RouteMessages.decodeMain(parseOne(m), NAMES::get))
                .isEqualTo(Route.to("10.1.0.0/16").dev("veth-red").metric(100));
    }

    @Test
    void multipathRouteGivesOneEntryPerNextHop() {
        // ip route add 10.9.0.0/16 nexthop via 192.168.15.5 dev eth0 nexthop via 10.1.0.9 dev veth-red
        byte[] hops = w()
                .u16(16).u8(0).u8(0).u32(2).attr(RtNetlink.RTA_GATEWAY, unhex("c0a80f05"))
                .u16(16).u8(0).u8(0).u32(7).attr(RtNetlink.RTA_GATEWAY, unhex("0a010009"))
                .bytes();
        byte[] m = routeReply(2, 16, 254, 3, 0, 1, w()
                .attr(RtNetlink.RTA_DST, unhex("0a090000"))
                .attr(RtNetlink.RTA_MULTIPATH, hops));
        assertThat(RouteMessages.decodeMainAll(parseOne(m), NAMES::get)).containsExactly(
                Route.to("10.9.0.0/16").via("192.168.15.5").dev("eth0"),
                Route.to("10.9.0.0/16").via("10.1.0.9").dev("veth-red"));
        assertThat(RouteMessages.decodeMain(parseOne(m), NAMES::get))
                .isEqualTo(Route.to("10.9.0.0/16").via("192.168.15.5").dev("eth0"));
    }

    @Test
    void multipathNextHopWithBadLengthIsMalformed() {
        byte[] hops = w().u16(40).u8(0).u8(0).u32(2).bytes();
        byte[] m = routeReply(2, 16, 254, 3, 0, 1, w()
                .attr(RtNetlink.RTA_DST, unhex("0a090000"))
                .attr(RtNetlink.RTA_MULTIPATH, hops));
        assertThatThrownBy(() -> RouteMessages.decodeMainAll(parseOne(m), NAMES::get))
                .isExactlyInstanceOf(dev.netns.MalformedReplyException.class).hasMessageContaining("RTA_MULTIPATH");
    }

    @Test
    void v6DefaultRouteWithoutRtaDst() {
        byte[] m = routeReply(10, 0, 254, 3, 0, 1, w()
                .attr(RtNetlink.RTA_GATEWAY, unhex("fe800000000000000000000000000001"))
                .attrU32(RtNetlink.RTA_OIF, 2));
        assertThat(RouteMessages.decodeMain(parseOne(m), NAMES::get))
                .isEqualTo(Route.defaultVia("fe80::1").dev("eth0"));
    }

    @Test
    void nonMainTablesAndNonUnicastRoutesAreFilteredOut() {
        // Table local (255) in the header.
        byte[] local = routeReply(2, 32, 255, 2, 254, 2, w().attr(RtNetlink.RTA_DST, unhex("7f000001")));
        assertThat(RouteMessages.decodeMain(parseOne(local), NAMES::get)).isNull();
        // A table above 255: the header says RT_TABLE_COMPAT (252), RTA_TABLE the real id.
        byte[] big = routeReply(2, 0, 252, 3, 0, 1, w().attrU32(RtNetlink.RTA_TABLE, 1000)
                .attr(RtNetlink.RTA_GATEWAY, unhex("0a000001")));
        assertThat(RouteMessages.decodeMain(parseOne(big), NAMES::get)).isNull();
        // RTA_TABLE overrides the header in both directions.
        byte[] mainByAttr = routeReply(2, 8, 252, 3, 253, 1, w().attrU32(RtNetlink.RTA_TABLE, 254)
                .attr(RtNetlink.RTA_DST, unhex("0a000000")).attrU32(RtNetlink.RTA_OIF, 2));
        assertThat(RouteMessages.decodeMain(parseOne(mainByAttr), NAMES::get)).isEqualTo(Route.to("10.0.0.0/8").dev("eth0"));
        // Main table but a broadcast/local route type (RTN_BROADCAST = 3).
        byte[] bcast = routeReply(2, 32, 254, 2, 253, 3, w().attr(RtNetlink.RTA_DST, unhex("0a0000ff")));
        assertThat(RouteMessages.decodeMain(parseOne(bcast), NAMES::get)).isNull();
        // An unknown RTA_TABLE without header table.
        byte[] other = routeReply(2, 0, 0, 3, 0, 1, w().attrU32(RtNetlink.RTA_TABLE, 100));
        assertThat(RouteMessages.decodeMain(parseOne(other), NAMES::get)).isNull();
    }

    @Test
    void multipleMessagesInOneDatagram() {
        var all = NlMessage.parseAll(Wire.datagram(vethReply(), addrReply(2, 8, 0, 3, unhex("0a000001"), null),
                msg(Netlink.NLMSG_DONE, NLM_F_MULTI, 42, w().u32(0).bytes())));
        assertThat(all).hasSize(3);
        assertThat(all.get(0).type()).isEqualTo(RtNetlink.RTM_NEWLINK);
        assertThat(all.get(0).seq()).isEqualTo(42);
        assertThat(all.get(0).flags()).isEqualTo(NLM_F_MULTI);
        assertThat(LinkMessages.decode(all.get(0)).name()).isEqualTo("veth-red");
        assertThat(AddressMessages.decode(all.get(1)).prefix()).isEqualTo(IpPrefix.parse("10.0.0.1/8"));
        assertThat(all.get(2).isDone()).isTrue();
        assertThat(NlError.fromDone(all.get(2)).errno()).isZero();
    }

    @Test
    void parseAllRespectsTheBufferPosition() {
        byte[] one = vethReply();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(one.length + 8).order(java.nio.ByteOrder.nativeOrder());
        b.position(8);
        b.put(one).position(8);
        assertThat(LinkMessages.decode(NlMessage.parseAll(b).get(0)).index()).isEqualTo(7);
    }
}
