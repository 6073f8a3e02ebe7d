package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.IfLink.*;
import static dev.netns.netlink.internal.wire.LinkKinds.*;
import static dev.netns.netlink.internal.wire.Netlink.*;
import static dev.netns.netlink.internal.wire.RtNetlink.*;

import dev.netns.InvalidInputException;
import dev.netns.LinkInfo;
import dev.netns.internal.Validation;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * Creates links of the kinds in {@link LinkKindSpec} (RTM_NEWLINK with IFLA_LINKINFO) and decodes
 * a link message with its kind-specific data.
 *
 * <p>The requests are byte for byte what iproute2 6.1 sends for the equivalent command: IFLA_LINK
 * before IFLA_IFNAME, IFLA_INFO_KIND without a terminating NUL, no IFLA_INFO_DATA for kinds without
 * options, and each kind's attributes in iproute2's order (see the per-kind comments).
 */
public final class LinkKindMessages {
    private static final int AF_UNSPEC = 0;

    private LinkKindMessages() {
    }

    /**
     * {@code ip link add NAME type KIND ...}, created in the socket's namespace.
     *
     * @throws InvalidInputException for a bad name, or a macvlan/vlan/ipvlan without a lower device
     */
    public static MessageBuilder newLink(String name, LinkKindSpec spec) {
        Validation.interfaceName(name);
        if (spec == null) {
            throw new InvalidInputException("link " + name + " needs a kind");
        }
        boolean needsLower = spec instanceof LinkKindSpec.Macvlan || spec instanceof LinkKindSpec.Vlan
                || spec instanceof LinkKindSpec.Ipvlan;
        if (needsLower && spec.lowerIndex() <= 0) {
            throw new InvalidInputException(spec.kind() + " link " + name + " needs the index of the device it sits on");
        }
        MessageBuilder m = new MessageBuilder(RTM_NEWLINK, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL)
                .ifinfomsg(AF_UNSPEC, 0, 0, 0, 0);
        if (spec.lowerIndex() > 0) {
            m.attrU32(IFLA_LINK, spec.lowerIndex());
        }
        m.attrString(IFLA_IFNAME, name);
        int info = m.beginNest(IFLA_LINKINFO);
        // NLA_STRING: the kernel takes the kind with or without a NUL; iproute2 sends none.
        m.attr(IFLA_INFO_KIND, spec.kind().getBytes(StandardCharsets.US_ASCII));
        if (hasData(spec)) {
            int data = m.beginNest(IFLA_INFO_DATA);
            writeData(m, spec);
            m.endNest(data);
        }
        m.endNest(info);
        return m;
    }

    private static boolean hasData(LinkKindSpec spec) {
        if (spec instanceof LinkKindSpec.Bridge b) {
            return b.stpState() != null || b.vlanFiltering() != null;
        }
        return !(spec instanceof LinkKindSpec.Dummy || spec instanceof LinkKindSpec.Ifb
                || spec instanceof LinkKindSpec.Wireguard);
    }

    private static void writeData(MessageBuilder m, LinkKindSpec spec) {
        if (spec instanceof LinkKindSpec.Vxlan v) {
            // iproute2: link and ttl as parsed, then id, local, remote, learning (always), port.
            if (v.device() > 0) {
                m.attrU32(IFLA_VXLAN_LINK, v.device());
            }
            if (v.ttl() >= 0) {
                m.attrU8(IFLA_VXLAN_TTL, v.ttl());
            }
            m.attrU32(IFLA_VXLAN_ID, v.vni());
            if (v.local() != null) {
                m.attr(isV4(v.local()) ? IFLA_VXLAN_LOCAL : IFLA_VXLAN_LOCAL6, v.local().getAddress());
            }
            if (v.remote() != null) {
                m.attr(isV4(v.remote()) ? IFLA_VXLAN_GROUP : IFLA_VXLAN_GROUP6, v.remote().getAddress());
            }
            m.attrU8(IFLA_VXLAN_LEARNING, v.learning() ? 1 : 0);
            if (v.port() > 0) {
                m.attrBe16(IFLA_VXLAN_PORT, v.port());
            }
        } else if (spec instanceof LinkKindSpec.Macvlan mv) {
            m.attrU32(IFLA_MACVLAN_MODE, mv.mode());
        } else if (spec instanceof LinkKindSpec.Vlan vl) {
            // 802.1Q is the kernel's default: iproute2 names the protocol only when it is given.
            if (vl.protocol() != ETH_P_8021Q) {
                m.attrBe16(IFLA_VLAN_PROTOCOL, vl.protocol());
            }
            m.attrU16(IFLA_VLAN_ID, vl.id());
        } else if (spec instanceof LinkKindSpec.Ipvlan ip) {
            m.attrU16(IFLA_IPVLAN_MODE, ip.mode());
            m.attrU16(IFLA_IPVLAN_FLAGS, ip.flags());
        } else if (spec instanceof LinkKindSpec.Geneve g) {
            m.attrU32(IFLA_GENEVE_ID, g.vni());
            if (g.remote() != null) {
                m.attr(isV4(g.remote()) ? IFLA_GENEVE_REMOTE : IFLA_GENEVE_REMOTE6, g.remote().getAddress());
            }
            // iproute2 always spells out label 0, ttl 0 and tos 0: the kernel's own defaults.
            m.attrBe32(IFLA_GENEVE_LABEL, 0);
            m.attrU8(IFLA_GENEVE_TTL, 0);
            m.attrU8(IFLA_GENEVE_TOS, 0);
            if (g.port() > 0) {
                m.attrBe16(IFLA_GENEVE_PORT, g.port());
            }
        } else if (spec instanceof LinkKindSpec.Bridge b) {
            if (b.stpState() != null) {
                m.attrU32(IFLA_BR_STP_STATE, b.stpState());
            }
            if (b.vlanFiltering() != null) {
                m.attrU8(IFLA_BR_VLAN_FILTERING, b.vlanFiltering() ? 1 : 0);
            }
        }
    }

    /**
     * Decodes an RTM_NEWLINK (or RTM_DELLINK) message with its kind-specific data and counters.
     *
     * @throws dev.netns.MalformedReplyException on a short header, an overrunning attribute, or
     *     kind data the model cannot hold (an address of the wrong size, a VNI above 24 bits)
     */
    public static LinkDetails decode(NlMessage m) {
        Attributes a = m.attributes(IFINFOMSG_LEN); // parsed once for the three decoders
        LinkInfo link = LinkMessages.decode(m, a);
        Attributes info = a.nested(IFLA_LINKINFO);
        Attributes data = info.nested(IFLA_INFO_DATA);
        int lower = a.u32(IFLA_LINK, 0);
        LinkKindSpec spec = Decoding.decoding("RTM_NEWLINK of " + link.name(), () -> kindSpec(link.kind(), data, lower));
        int netnsId = a.has(IFLA_LINK_NETNSID) ? a.u32(IFLA_LINK_NETNSID, -1) : -1;
        return new LinkDetails(link, spec, netnsId, LinkStatsMessages.decodeLink(a));
    }

    private static LinkKindSpec kindSpec(String kind, Attributes d, int lower) {
        if (kind == null) {
            return null;
        }
        switch (kind) {
            case "vxlan":
                InetAddress remote = d.has(IFLA_VXLAN_GROUP6)
                        ? Decoding.address(d, IFLA_VXLAN_GROUP6, Decoding.AF_INET6, "IFLA_VXLAN_GROUP6")
                        : Decoding.address(d, IFLA_VXLAN_GROUP, Decoding.AF_INET, "IFLA_VXLAN_GROUP");
                InetAddress local = d.has(IFLA_VXLAN_LOCAL6)
                        ? Decoding.address(d, IFLA_VXLAN_LOCAL6, Decoding.AF_INET6, "IFLA_VXLAN_LOCAL6")
                        : Decoding.address(d, IFLA_VXLAN_LOCAL, Decoding.AF_INET, "IFLA_VXLAN_LOCAL");
                return new LinkKindSpec.Vxlan(d.u32(IFLA_VXLAN_ID, 0), remote, local, Decoding.be16(d, IFLA_VXLAN_PORT, 0),
                        d.u32(IFLA_VXLAN_LINK, 0), d.u8(IFLA_VXLAN_LEARNING, 1) != 0, d.u8(IFLA_VXLAN_TTL, -1));
            case "macvlan":
                return new LinkKindSpec.Macvlan(lower, d.u32(IFLA_MACVLAN_MODE, MACVLAN_MODE_VEPA));
            case "vlan":
                return new LinkKindSpec.Vlan(lower, Decoding.u16(d, IFLA_VLAN_ID, 0),
                        Decoding.be16(d, IFLA_VLAN_PROTOCOL, ETH_P_8021Q));
            case "ipvlan":
                return new LinkKindSpec.Ipvlan(lower, Decoding.u16(d, IFLA_IPVLAN_MODE, IPVLAN_MODE_L3),
                        Decoding.u16(d, IFLA_IPVLAN_FLAGS, 0));
            case "geneve":
                InetAddress gremote = d.has(IFLA_GENEVE_REMOTE6)
                        ? Decoding.address(d, IFLA_GENEVE_REMOTE6, Decoding.AF_INET6, "IFLA_GENEVE_REMOTE6")
                        : Decoding.address(d, IFLA_GENEVE_REMOTE, Decoding.AF_INET, "IFLA_GENEVE_REMOTE");
                return new LinkKindSpec.Geneve(d.u32(IFLA_GENEVE_ID, 0), gremote, Decoding.be16(d, IFLA_GENEVE_PORT, 0));
            case "bridge":
                return new LinkKindSpec.Bridge(d.has(IFLA_BR_STP_STATE) ? d.u32(IFLA_BR_STP_STATE, 0) : null,
                        d.has(IFLA_BR_VLAN_FILTERING) ? d.u8(IFLA_BR_VLAN_FILTERING, 0) != 0 : null);
            case "dummy":
                return new LinkKindSpec.Dummy();
            case "ifb":
                return new LinkKindSpec.Ifb();
            case "wireguard":
                return new LinkKindSpec.Wireguard();
            default:
                return null;
        }
    }

    private static boolean isV4(InetAddress a) {
        return a.getAddress().length == 4;
    }
}
