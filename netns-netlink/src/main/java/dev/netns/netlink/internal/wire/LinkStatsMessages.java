package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.Netlink.*;

import dev.netns.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Link counters: RTM_GETSTATS requests ({@code ip stats show dev DEV group link}) and their
 * RTM_NEWSTATS answers, and IFLA_STATS64 in ordinary link messages.
 */
public final class LinkStatsMessages {
    public static final int RTM_NEWSTATS = 92;
    public static final int RTM_GETSTATS = 94;

    /** sizeof(struct if_stats_msg): family u8, 3 pad bytes, ifindex u32, filter_mask u32. */
    public static final int IF_STATS_MSG_LEN = 12;

    public static final int IFLA_STATS_LINK_64 = 1;

    /**
     * A link's index and counters from an RTM_NEWSTATS message.
     *
     * @param ifindex the link
     * @param stats its IFLA_STATS_LINK_64 counters, {@code null} if the kernel left them out
     */
    public record Reply(int ifindex, LinkStats stats) {
    }

    private LinkStatsMessages() {
    }

    /**
     * RTM_GETSTATS of one link, IFLA_STATS_LINK_64 only. iproute2 sends it without NLM_F_ACK; this
     * asks for the ack so a connection waits for it as for any request (the answer comes first).
     */
    public static MessageBuilder get(int ifindex) {
        if (ifindex <= 0) {
            throw new InvalidInputException("link index " + ifindex + " must be positive");
        }
        return new MessageBuilder(RTM_GETSTATS, NLM_F_ACK).header(ifStatsMsg(ifindex, filterBit(IFLA_STATS_LINK_64)));
    }

    /** RTM_GETSTATS dump of every link's IFLA_STATS_LINK_64, as {@code ip stats show group link}. */
    public static MessageBuilder dump() {
        return new MessageBuilder(RTM_GETSTATS, NLM_F_DUMP).header(ifStatsMsg(0, filterBit(IFLA_STATS_LINK_64)));
    }

    /** Decodes an RTM_NEWSTATS message. */
    public static Reply decodeStats(NlMessage m) {
        int ifindex = m.i32(4);
        ByteBuffer b = m.attributes(IF_STATS_MSG_LEN).get(IFLA_STATS_LINK_64);
        return new Reply(ifindex, b == null ? null : LinkStats.parse(b));
    }

    /**
     * The IFLA_STATS64 counters of an RTM_NEWLINK message, {@code null} if absent (requests made with
     * RTEXT_FILTER_SKIP_STATS, as {@link LinkMessages#dump()}, leave them out).
     */
    public static LinkStats decodeLink(NlMessage m) {
        return decodeLink(m.attributes(RtNetlink.IFINFOMSG_LEN));
    }

    /** The same from the message's parsed attributes. */
    static LinkStats decodeLink(Attributes a) {
        ByteBuffer b = a.get(LinkStats.IFLA_STATS64);
        return b == null ? null : LinkStats.parse(b);
    }

    /** IFLA_STATS_FILTER_BIT: attribute n is bit n-1 of filter_mask. */
    static int filterBit(int attr) {
        return 1 << (attr - 1);
    }

    /** struct if_stats_msg in host byte order, family AF_UNSPEC. */
    static byte[] ifStatsMsg(int ifindex, int filterMask) {
        return ByteBuffer.allocate(IF_STATS_MSG_LEN).order(ByteOrder.nativeOrder())
                .put((byte) 0).put((byte) 0).putShort((short) 0).putInt(ifindex).putInt(filterMask)
                .array();
    }
}
