package dev.netns.netlink.internal.wire;

import dev.netns.MalformedReplyException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * struct tc_ratespec: a 32-bit rate in bytes per second and how the (legacy) rate table for it was
 * built. Rates of 2^32 B/s and more travel in a separate 64-bit attribute and this field holds
 * 0xffffffff.
 *
 * @param cellLog log2 of the rate table's cell size
 * @param linkLayer TC_LINKLAYER_*; ETHERNET tells the kernel to ignore the rate table
 * @param overhead per-packet overhead in bytes
 * @param cellAlign cell alignment (tc sends -1)
 * @param mpu minimum packet unit in bytes
 * @param rate bytes per second, 0..0xffffffff
 */
public record TcRateSpec(int cellLog, int linkLayer, int overhead, int cellAlign, int mpu, long rate) {
    /** All zero: "no rate", as tc sends a tbf without peak rate. */
    public static final TcRateSpec NONE = new TcRateSpec(0, 0, 0, 0, 0, 0);

    /** Largest packet tc assumes when it sizes a rate table without an mtu. */
    static final int DEFAULT_TABLE_MTU = 2047;

    /**
     * What tc's tc_calc_rtable makes for an Ethernet link: the cell size is the smallest power of
     * two that covers {@code mtu} (2047 if 0) in 256 cells, the rate is clamped to 32 bits.
     */
    public static TcRateSpec ethernet(long rate64, int mtu) {
        return new TcRateSpec(cellLog(mtu), PktSched.TC_LINKLAYER_ETHERNET, 0, -1, 0, clamp32(rate64));
    }

    /** The smallest cell_log with {@code (mtu >> cell_log) <= 255}. */
    static int cellLog(int mtu) {
        int m = mtu == 0 ? DEFAULT_TABLE_MTU : mtu;
        int log = 0;
        while ((m >> log) > 255) {
            log++;
        }
        return log;
    }

    /** A 64-bit rate as the 32-bit field carries it. */
    public static long clamp32(long rate64) {
        return rate64 >= (1L << 32) ? 0xFFFF_FFFFL : rate64;
    }

    /** Writes the 12 bytes in host order at the buffer's position. */
    public void write(ByteBuffer b) {
        b.put((byte) cellLog).put((byte) linkLayer).putShort((short) overhead).putShort((short) cellAlign)
                .putShort((short) mpu).putInt((int) rate);
    }

    /**
     * Reads 12 bytes at {@code offset}.
     *
     * @throws MalformedReplyException if fewer remain
     */
    public static TcRateSpec read(ByteBuffer b, int offset) {
        if (offset < 0 || b.limit() - offset < PktSched.TC_RATESPEC_LEN) {
            throw new MalformedReplyException("tc_ratespec at offset " + offset + " needs 12 bytes, "
                    + Math.max(0, b.limit() - offset) + " remain");
        }
        ByteBuffer n = b.duplicate().order(ByteOrder.nativeOrder());
        return new TcRateSpec(n.get(offset) & 0xff, n.get(offset + 1) & 0xff, n.getShort(offset + 2) & 0xffff,
                n.getShort(offset + 4), n.getShort(offset + 6) & 0xffff, n.getInt(offset + 8) & 0xFFFF_FFFFL);
    }

    /**
     * The 256-entry rate table tc sends next to this rate (TCA_TBF_RTAB, TCA_HTB_RTAB ...): the
     * ticks to send {@code (i + 1) << cellLog} bytes (at least mpu), as tc_calc_rtable computes it.
     * Kernels since 3.11 ignore it when the link layer is set, which tc and the SDK always do.
     */
    public byte[] rateTable(PschedClock clock) {
        ByteBuffer t = ByteBuffer.allocate(PktSched.TC_RTAB_SIZE).order(ByteOrder.nativeOrder());
        for (int i = 0; i < 256; i++) {
            long size = Math.max((long) (i + 1) << cellLog, mpu);
            t.putInt((int) (rate == 0 ? 0 : clock.xmitTicks(rate, size)));
        }
        return t.array();
    }
}
