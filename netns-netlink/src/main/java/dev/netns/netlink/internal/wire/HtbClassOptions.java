package dev.netns.netlink.internal.wire;

/**
 * An htb class (struct tc_htb_opt with TCA_HTB_RATE64/CEIL64): a guaranteed rate, a ceiling it
 * may borrow up to, and their buckets. Rates in bytes per second.
 *
 * @param rate guaranteed bytes per second, positive
 * @param ceil maximum bytes per second, at least {@code rate}
 * @param burst bucket for {@code rate} in bytes, 0 for tc's default ({@code rate / HZ + mtu})
 * @param cburst bucket for {@code ceil} in bytes, 0 for tc's default ({@code ceil / HZ + mtu})
 * @param quantum bytes served per round among siblings, 0 to let the kernel derive it from r2q
 * @param prio priority 0 (highest) to 7
 */
public record HtbClassOptions(long rate, long ceil, int burst, int cburst, int quantum, int prio) {
    /** tc's default mtu for htb's rate tables and default bursts. */
    public static final int DEFAULT_MTU = 1600;

    public HtbClassOptions {
        if (rate <= 0 || ceil < rate) {
            throw new IllegalArgumentException("htb class needs 0 < rate <= ceil: rate " + rate + ", ceil " + ceil);
        }
        if (burst < 0 || cburst < 0 || quantum < 0) {
            throw new IllegalArgumentException("htb burst, cburst and quantum must not be negative");
        }
        if (prio < 0 || prio > 7) {
            throw new IllegalArgumentException("htb prio is 0..7: " + prio);
        }
    }

    /** {@code tc class add ... htb rate RATE ceil CEIL}. */
    public static HtbClassOptions of(long rate, long ceil) {
        return new HtbClassOptions(rate, ceil, 0, 0, 0, 0);
    }
}
