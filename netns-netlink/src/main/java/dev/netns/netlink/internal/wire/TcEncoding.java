package dev.netns.netlink.internal.wire;

import java.util.Objects;

/**
 * How the tc encoders convert times and whether they add the legacy rate tables.
 *
 * @param clock the psched clock the tick conversions use
 * @param rateTables whether to send TCA_TBF_RTAB/PTAB and TCA_HTB_RTAB/CTAB (1 KiB each). Kernels
 *        since 3.11 ignore them when the rate's link layer is set, as it always is here; tc
 *        sends them anyway, so with tables the requests are byte for byte what tc sends
 */
public record TcEncoding(PschedClock clock, boolean rateTables) {
    /** The standard clock, no rate tables: what the kernel needs. */
    public static final TcEncoding DEFAULT = new TcEncoding(PschedClock.STANDARD, false);
    /** The standard clock with rate tables: what iproute2's tc (6.1) sends. */
    public static final TcEncoding IPROUTE2 = new TcEncoding(PschedClock.STANDARD, true);

    public TcEncoding {
        Objects.requireNonNull(clock, "clock");
    }
}
