package dev.netns.netlink.internal.wire;

import dev.netns.MalformedReplyException;
import java.nio.ByteBuffer;

/**
 * A link's counters: struct rtnl_link_stats64 of linux/if_link.h, field for field. The kernel's
 * counters are u64 and wrap; Java's long shows values above 2^63 as negative (use
 * {@link Long#toUnsignedString(long)}).
 */
public record LinkStats(long rxPackets, long txPackets, long rxBytes, long txBytes, long rxErrors, long txErrors,
        long rxDropped, long txDropped, long multicast, long collisions, long rxLengthErrors, long rxOverErrors,
        long rxCrcErrors, long rxFrameErrors, long rxFifoErrors, long rxMissedErrors, long txAbortedErrors,
        long txCarrierErrors, long txFifoErrors, long txHeartbeatErrors, long txWindowErrors, long rxCompressed,
        long txCompressed, long rxNohandler, long rxOtherhostDropped) {

    /** IFLA_STATS64 in an RTM_NEWLINK. */
    public static final int IFLA_STATS64 = 23;
    /** The 32-bit counters (struct rtnl_link_stats), which wrap quickly: not decoded. */
    public static final int IFLA_STATS = 7;

    /**
     * The 23 fields every kernel since 2.6.35 sends (184 bytes); rx_nohandler (4.6) and
     * rx_otherhost_dropped (5.19) follow when the kernel has them and read as 0 otherwise.
     */
    public static final int MIN_LEN = 23 * 8;

    /** sizeof(struct rtnl_link_stats64) in the headers this was written against. */
    public static final int LEN = 25 * 8;

    /**
     * Reads a struct rtnl_link_stats64 from {@code b} (position 0, host byte order). Longer structs
     * from newer kernels are accepted: their extra fields are ignored.
     *
     * @throws MalformedReplyException if it is shorter than {@link #MIN_LEN}
     */
    public static LinkStats parse(ByteBuffer b) {
        if (b.remaining() < MIN_LEN) {
            throw new MalformedReplyException("rtnl_link_stats64 of " + b.remaining() + " bytes; at least " + MIN_LEN
                    + " expected");
        }
        long[] f = new long[25];
        for (int i = 0; i < f.length && (i + 1) * 8 <= b.remaining(); i++) {
            f[i] = b.getLong(b.position() + i * 8);
        }
        return new LinkStats(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13],
                f[14], f[15], f[16], f[17], f[18], f[19], f[20], f[21], f[22], f[23], f[24]);
    }
}
