package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.IfLink.*;
import static dev.netns.netlink.internal.wire.Netlink.*;
import static dev.netns.netlink.internal.wire.RtNetlink.*;

import dev.netns.LinkInfo;
import dev.netns.MacAddress;

/** Encodes RTM_*LINK requests and decodes link messages into {@link LinkInfo}. */
public final class LinkMessages {
    /** Transmit and receive queues of each end of a new veth: the one a veth runs on. */
    public static final int VETH_QUEUES = 1;

    private static final int AF_UNSPEC = 0;

    private LinkMessages() {
    }

    /**
     * {@code ip link add NAME [netns NS] type veth peer name PEER [netns PEERNS]}.
     *
     * @param nsFd where the first end is born, -1 for the socket's namespace
     * @param peerNsFd where the peer is born, -1 for the socket's namespace
     */
    public static MessageBuilder newVeth(String name, int nsFd, String peer, int peerNsFd) {
        return newVeth(name, nsFd, peer, peerNsFd, false);
    }

    /**
     * {@link #newVeth(String, int, String, int)}, optionally with NLM_F_ECHO: since Linux 6.3 the
     * kernel then sends the new first end's RTM_NEWLINK (its index, and the peer's index as
     * IFLA_LINK) before the ack, which saves looking both ends up. Only meaningful when the first
     * end is born in the socket's own namespace: the echo goes to the namespace the end is in.
     *
     * <p>Both ends get one transmit and one receive queue ({@link #VETH_QUEUES}): a veth runs on
     * one queue of each whatever it has, but by default the kernel allocates one per possible CPU
     * and then turns all but the first off, and turning transmit queues off waits for an expedited
     * RCU grace period with RTNL held, once per end (measured: the largest part of a veth's
     * creation on this 2-CPU machine, growing with the CPU count).
     */
    public static MessageBuilder newVeth(String name, int nsFd, String peer, int peerNsFd, boolean echo) {
        return newVeth(name, nsFd, peer, peerNsFd, echo, 0, false);
    }

    /**
     * {@link #newVeth(String, int, String, int, boolean)}, optionally with the first end up and
     * attached to a bridge ({@code ip link add NAME up master BR type veth peer name PEER}): once
     * both ends are registered the kernel sets the first end's flags and then attaches it to
     * {@code masterIndex}; if either fails it unregisters both ends before it answers. The peer
     * cannot come up in this request: the kernel applies the peer's flags before the two ends
     * know each other, and a veth end without its peer refuses to open (ENOTCONN). Nor does it
     * read a master for the peer.
     *
     * @param masterIndex the bridge the first end joins, in the first end's namespace; 0 for none
     * @param up whether the first end is set up
     */
    public static MessageBuilder newVeth(String name, int nsFd, String peer, int peerNsFd, boolean echo, int masterIndex,
            boolean up) {
        int flags = up ? IFF_UP : 0;
        MessageBuilder m = new MessageBuilder(RTM_NEWLINK, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL | (echo ? NLM_F_ECHO : 0))
                .ifinfomsg(AF_UNSPEC, 0, 0, flags, flags)
                .attrString(IFLA_IFNAME, name)
                .attrU32(IFLA_NUM_TX_QUEUES, VETH_QUEUES)
                .attrU32(IFLA_NUM_RX_QUEUES, VETH_QUEUES);
        if (nsFd >= 0) {
            m.attrU32(IFLA_NET_NS_FD, nsFd);
        }
        if (masterIndex > 0) {
            m.attrU32(IFLA_MASTER, masterIndex);
        }
        int info = m.beginNest(IFLA_LINKINFO);
        m.attrString(IFLA_INFO_KIND, "veth");
        int data = m.beginNest(IFLA_INFO_DATA);
        int peerNest = m.beginNest(VETH_INFO_PEER);
        m.ifinfomsg(AF_UNSPEC, 0, 0, 0, 0).attrString(IFLA_IFNAME, peer)
                .attrU32(IFLA_NUM_TX_QUEUES, VETH_QUEUES)
                .attrU32(IFLA_NUM_RX_QUEUES, VETH_QUEUES);
        if (peerNsFd >= 0) {
            m.attrU32(IFLA_NET_NS_FD, peerNsFd);
        }
        m.endNest(peerNest);
        m.endNest(data);
        m.endNest(info);
        return m;
    }

    /** {@code ip link add NAME type KIND}, for kinds without parameters (bridge, ifb, ...). */
    public static MessageBuilder newLink(String name, String kind) {
        return newLink(name, kind, false);
    }

    /** {@link #newLink(String, String)}, optionally with NLM_F_ECHO (the new link's RTM_NEWLINK before the ack, Linux 6.3+). */
    public static MessageBuilder newLink(String name, String kind, boolean echo) {
        MessageBuilder m = new MessageBuilder(RTM_NEWLINK, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL | (echo ? NLM_F_ECHO : 0))
                .ifinfomsg(AF_UNSPEC, 0, 0, 0, 0)
                .attrString(IFLA_IFNAME, name);
        int info = m.beginNest(IFLA_LINKINFO);
        m.attrString(IFLA_INFO_KIND, kind);
        m.endNest(info);
        return m;
    }

    /** Sets or clears IFF_UP on link {@code index}. */
    public static MessageBuilder setUp(int index, boolean up) {
        return new MessageBuilder(RTM_NEWLINK, NLM_F_ACK).ifinfomsg(AF_UNSPEC, 0, index, up ? IFF_UP : 0, IFF_UP);
    }

    /** An RTM_NEWLINK that changes link {@code index} by one u32 attribute (mtu, master, netns fd). */
    public static MessageBuilder setU32(int index, int attr, int value) {
        return new MessageBuilder(RTM_NEWLINK, NLM_F_ACK).ifinfomsg(AF_UNSPEC, 0, index, 0, 0).attrU32(attr, value);
    }

    /** Attaches link {@code index} to {@code masterIndex} and sets it up in one request. */
    public static MessageBuilder setMasterAndUp(int index, int masterIndex) {
        return new MessageBuilder(RTM_NEWLINK, NLM_F_ACK).ifinfomsg(AF_UNSPEC, 0, index, IFF_UP, IFF_UP)
                .attrU32(IFLA_MASTER, masterIndex);
    }

    public static MessageBuilder setName(int index, String name) {
        return new MessageBuilder(RTM_NEWLINK, NLM_F_ACK).ifinfomsg(AF_UNSPEC, 0, index, 0, 0).attrString(IFLA_IFNAME, name);
    }

    public static MessageBuilder setMac(int index, MacAddress mac) {
        return new MessageBuilder(RTM_NEWLINK, NLM_F_ACK).ifinfomsg(AF_UNSPEC, 0, index, 0, 0).attr(IFLA_ADDRESS, mac.toBytes());
    }

    public static MessageBuilder delete(int index) {
        return new MessageBuilder(RTM_DELLINK, NLM_F_ACK).ifinfomsg(AF_UNSPEC, 0, index, 0, 0);
    }

    /** RTM_GETLINK of one link by name (index 0) or by index (name null), without statistics. */
    public static MessageBuilder get(int index, String name) {
        MessageBuilder m = new MessageBuilder(RTM_GETLINK, NLM_F_ACK).ifinfomsg(AF_UNSPEC, 0, index, 0, 0);
        if (name != null) {
            m.attrString(IFLA_IFNAME, name);
        }
        return m.attrU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
    }

    /** RTM_GETLINK dump of every link, without statistics. */
    public static MessageBuilder dump() {
        return new MessageBuilder(RTM_GETLINK, NLM_F_DUMP).ifinfomsg(AF_UNSPEC, 0, 0, 0, 0)
                .attrU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
    }

    /** Decodes an RTM_NEWLINK message. */
    public static LinkInfo decode(NlMessage m) {
        return decode(m, m.attributes(IFINFOMSG_LEN));
    }

    /** A link's index and name (null if the message has none). */
    public record Name(int index, String name) {
    }

    /**
     * The index and name of an RTM_NEWLINK message, and nothing else: what routes and neighbours
     * need to name their devices, without building a whole {@link LinkInfo} per link.
     */
    public static Name decodeName(NlMessage m) {
        Attributes a = m.attributes(IFINFOMSG_LEN); // checks the header's length first
        return new Name(m.i32(4), a.string(IFLA_IFNAME));
    }

    /**
     * What tells whether a link is operational, and nothing else.
     *
     * @param flags the ifinfomsg's flags (IFF_*)
     * @param operState IFLA_OPERSTATE (IF_OPER_*)
     * @param carrierChanges IFLA_CARRIER_CHANGES, -1 if the kernel did not send it (before Linux 3.19)
     */
    public record State(int index, int flags, int operState, long carrierChanges) {
    }

    /** The operational state of an RTM_NEWLINK message, without building a {@link LinkInfo}. */
    public static State decodeState(NlMessage m) {
        Attributes a = m.attributes(IFINFOMSG_LEN); // checks the header's length first
        return new State(m.i32(4), m.i32(8), a.u8(IFLA_OPERSTATE, IF_OPER_UNKNOWN),
                a.has(IFLA_CARRIER_CHANGES) ? Integer.toUnsignedLong(a.u32(IFLA_CARRIER_CHANGES, 0)) : -1);
    }

    /** Decodes an RTM_NEWLINK message whose attributes {@code a} are parsed already. */
    static LinkInfo decode(NlMessage m, Attributes a) {
        int index = m.i32(4);
        int flags = m.i32(8);
        byte[] mac = a.bytes(IFLA_ADDRESS);
        String kind = a.nested(IFLA_LINKINFO).string(IFLA_INFO_KIND);
        return LinkInfo.builder().index(index).name(a.string(IFLA_IFNAME)).kind(kind).mtu(a.u32(IFLA_MTU, 0))
                .mac(mac != null && mac.length == 6 ? MacAddress.of(mac) : null)
                .up((flags & IFF_UP) != 0).lowerUp((flags & IFF_LOWER_UP) != 0)
                .masterIndex(a.u32(IFLA_MASTER, 0)).linkIndex(a.u32(IFLA_LINK, 0))
                .operState(operState(a.u8(IFLA_OPERSTATE, 0))).build();
    }
}
