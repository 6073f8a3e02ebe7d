package dev.netns.netlink.internal.wire;

/**
 * The root of an htb tree (struct tc_htb_glob and TCA_HTB_DIRECT_QLEN).
 *
 * @param defaultClass minor number of the class unclassified traffic goes to (tc's
 *        {@code default 10} is 0x10); 0 sends it unshaped ("direct")
 * @param rateToQuantum divisor from a class's rate to its quantum (tc's r2q, 10 by default)
 * @param directQlen the direct queue's length in packets, -1 to leave the kernel's default
 * @param directPackets packets sent unshaped; only read from the kernel, ignored when sent
 */
public record HtbOptions(int defaultClass, int rateToQuantum, int directQlen, long directPackets)
        implements QdiscOptions {

    public HtbOptions {
        if (rateToQuantum <= 0) {
            throw new IllegalArgumentException("htb r2q must be positive: " + rateToQuantum);
        }
    }

    /** {@code tc qdisc add ... htb default MINOR}. */
    public static HtbOptions withDefaultClass(int minor) {
        return new HtbOptions(minor, 10, -1, 0);
    }

    @Override
    public String kind() {
        return "htb";
    }
}
