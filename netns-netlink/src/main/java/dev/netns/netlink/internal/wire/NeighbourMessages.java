package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.Neighbour.*;
import static dev.netns.netlink.internal.wire.Netlink.*;

import dev.netns.InvalidInputException;
import dev.netns.MacAddress;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes RTM_*NEIGH requests ({@code ip neigh add/replace/del/show}) and decodes neighbour
 * messages. Flushing is a dump followed by one delete per entry; it needs no encoder of its own.
 */
public final class NeighbourMessages {
    private NeighbourMessages() {
    }

    /**
     * {@code ip neigh add ADDRESS lladdr MAC dev INDEX nud STATE}: fails with EEXIST if an entry exists.
     *
     * @param lladdr the link-layer address, {@code null} for none (then only NUD_NOARP/NUD_NONE make sense)
     * @param state one of the NUD_* states, usually {@link Neighbour#NUD_PERMANENT}
     */
    public static MessageBuilder add(int ifindex, InetAddress address, MacAddress lladdr, int state) {
        return change(NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, ifindex, address, lladdr, state);
    }

    /** {@code ip neigh replace ...}: creates the entry or overwrites an existing one. */
    public static MessageBuilder replace(int ifindex, InetAddress address, MacAddress lladdr, int state) {
        return change(NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, ifindex, address, lladdr, state);
    }

    /** {@code ip neigh del ADDRESS dev INDEX}. */
    public static MessageBuilder delete(int ifindex, InetAddress address) {
        checkTarget(ifindex, address);
        // The kernel ignores ndm_state on delete; NUD_PERMANENT is what iproute2 leaves there, so the
        // request is byte-for-byte the one `ip neigh del` sends.
        return new MessageBuilder(RTM_DELNEIGH, NLM_F_ACK)
                .header(ndmsg(Decoding.family(address), ifindex, NUD_PERMANENT, 0, 0))
                .attr(NDA_DST, address.getAddress());
    }

    /**
     * RTM_GETNEIGH dump.
     *
     * @param family 0 for every neighbour table (IPv4 and IPv6; a bridge's forwarding entries are
     *     AF_BRIDGE's own dump, not part of it), 2 for IPv4, 10 for IPv6
     */
    public static MessageBuilder dump(int family) {
        return new MessageBuilder(RTM_GETNEIGH, NLM_F_DUMP).header(ndmsg(family, 0, 0, 0, 0));
    }

    /**
     * Decodes an RTM_NEWNEIGH or RTM_DELNEIGH message.
     *
     * @throws dev.netns.MalformedReplyException if the header is short, an attribute overruns, or
     *     NDA_DST does not fit the family
     */
    public static NeighbourEntry decode(NlMessage m) {
        int family = m.u8(0);
        int ifindex = m.i32(4);
        int state = m.u16(8);
        int flags = m.u8(10);
        int type = m.u8(11);
        Attributes a = m.attributes(NDMSG_LEN);
        InetAddress dst = Decoding.address(a, NDA_DST, family, "NDA_DST");
        return new NeighbourEntry(family, dst, Decoding.mac(a, NDA_LLADDR), state, ifindex, flags, type);
    }

    private static MessageBuilder change(int flags, int ifindex, InetAddress address, MacAddress lladdr, int state) {
        checkTarget(ifindex, address);
        if (state < 0 || state > 0xffff) {
            throw new InvalidInputException("neighbour state 0x" + Integer.toHexString(state)
                    + " is not a combination of NUD_* bits (16 bits)");
        }
        MessageBuilder m = new MessageBuilder(RTM_NEWNEIGH, flags)
                .header(ndmsg(Decoding.family(address), ifindex, state, 0, 0))
                .attr(NDA_DST, address.getAddress());
        if (lladdr != null) {
            m.attr(NDA_LLADDR, lladdr.toBytes());
        }
        return m;
    }

    private static void checkTarget(int ifindex, InetAddress address) {
        if (address == null) {
            throw new InvalidInputException("neighbour address must not be null");
        }
        if (ifindex <= 0) {
            throw new InvalidInputException("neighbour " + address.getHostAddress() + " needs a link index above 0, got "
                    + ifindex);
        }
    }

    /** struct ndmsg in host byte order. */
    static byte[] ndmsg(int family, int ifindex, int state, int flags, int type) {
        return ByteBuffer.allocate(NDMSG_LEN).order(ByteOrder.nativeOrder())
                .put((byte) family).put((byte) 0).putShort((short) 0)
                .putInt(ifindex).putShort((short) state).put((byte) flags).put((byte) type)
                .array();
    }
}
