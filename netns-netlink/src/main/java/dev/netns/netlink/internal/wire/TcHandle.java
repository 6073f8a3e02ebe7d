package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.PktSched.*;

/**
 * Traffic-control handles: a 32-bit value of a 16-bit major and a 16-bit minor number, written
 * {@code maj:min} in hex by tc ({@code 1:10} is 0x00010010). The macros of linux/pkt_sched.h.
 */
public final class TcHandle {
    /** "root": the qdisc attached to the device's egress. */
    public static final int ROOT = TC_H_ROOT;
    /** The parent of the ingress and clsact qdiscs. */
    public static final int INGRESS = TC_H_INGRESS;
    public static final int CLSACT = TC_H_CLSACT;
    /** The handle ingress and clsact get ({@code ffff:}). */
    public static final int INGRESS_HANDLE = 0xFFFF0000;
    /** Filters on clsact's ingress hook ({@code ffff:fff2}). */
    public static final int CLSACT_INGRESS = make(TC_H_CLSACT, TC_H_MIN_INGRESS);
    /** Filters on clsact's egress hook ({@code ffff:fff3}). */
    public static final int CLSACT_EGRESS = make(TC_H_CLSACT, TC_H_MIN_EGRESS);

    private TcHandle() {
    }

    /** TC_H_MAKE: the major bits of {@code maj} and the minor bits of {@code min}. */
    public static int make(int maj, int min) {
        return (maj & TC_H_MAJ_MASK) | (min & TC_H_MIN_MASK);
    }

    /** {@code maj:min} from two 16-bit numbers, as tc writes them: {@code of(1, 0x10)} is {@code 1:10}. */
    public static int of(int major, int minor) {
        if ((major & ~0xFFFF) != 0 || (minor & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("handle numbers are 16 bits: " + major + ":" + minor);
        }
        return (major << 16) | minor;
    }

    /** TC_H_MAJ: the major bits, still in place (not shifted). */
    public static int maj(int handle) {
        return handle & TC_H_MAJ_MASK;
    }

    /** TC_H_MIN: the minor bits. */
    public static int min(int handle) {
        return handle & TC_H_MIN_MASK;
    }

    /**
     * Parses tc's notation: {@code root}, {@code none}, {@code ingress}, {@code clsact},
     * {@code maj:}, {@code maj:min} or {@code :min}, numbers in hex.
     *
     * @throws IllegalArgumentException if it is none of these
     */
    public static int parse(String text) {
        switch (text) {
            case "root":
                return ROOT;
            case "none":
                return TC_H_UNSPEC;
            case "ingress":
            case "clsact":
                return TC_H_INGRESS;
            default:
                break;
        }
        int colon = text.indexOf(':');
        if (colon < 0 || text.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("not a tc handle (maj:min in hex): " + text);
        }
        int maj = hex16(text.substring(0, colon), text);
        int min = hex16(text.substring(colon + 1), text);
        return (maj << 16) | min;
    }

    /** tc's notation: {@code root}, {@code maj:} when the minor is 0, else {@code maj:min}, in hex. */
    public static String format(int handle) {
        if (handle == ROOT) {
            return "root";
        }
        int maj = handle >>> 16;
        int min = handle & 0xFFFF;
        return Integer.toHexString(maj) + ":" + (min == 0 ? "" : Integer.toHexString(min));
    }

    private static int hex16(String part, String whole) {
        if (part.isEmpty()) {
            return 0;
        }
        if (part.length() > 4) {
            throw new IllegalArgumentException("tc handle part longer than 16 bits: " + whole);
        }
        int value = 0;
        for (int i = 0; i < part.length(); i++) {
            int digit = Character.digit(part.charAt(i), 16);
            if (digit < 0) {
                throw new IllegalArgumentException("not a tc handle (maj:min in hex): " + whole);
            }
            value = value * 16 + digit;
        }
        return value;
    }
}
