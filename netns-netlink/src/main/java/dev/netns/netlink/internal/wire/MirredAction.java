package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.PktSched.*;

/**
 * The mirred action (struct tc_mirred): send the packet, or a copy of it, to another device's
 * egress or ingress. A redirect steals the packet (TC_ACT_STOLEN); a mirror lets the original go
 * on (TC_ACT_PIPE), as tc's defaults are.
 *
 * @param direction TCA_EGRESS_REDIR, TCA_EGRESS_MIRROR, TCA_INGRESS_REDIR or TCA_INGRESS_MIRROR
 * @param ifindex the target device, in the same namespace as the filter
 * @param verdict TC_ACT_* for the original packet
 */
public record MirredAction(int direction, int ifindex, int verdict) {

    public MirredAction {
        if (direction < TCA_EGRESS_REDIR || direction > TCA_INGRESS_MIRROR) {
            throw new IllegalArgumentException("mirred direction is 1..4 (TCA_*_REDIR/MIRROR): " + direction);
        }
        if (ifindex <= 0) {
            throw new IllegalArgumentException("mirred needs a device index: " + ifindex);
        }
    }

    /** {@code action mirred egress redirect dev IFINDEX}: the usual way into an ifb. */
    public static MirredAction redirect(int ifindex) {
        return new MirredAction(TCA_EGRESS_REDIR, ifindex, TC_ACT_STOLEN);
    }

    /** {@code action mirred egress mirror dev IFINDEX}. */
    public static MirredAction mirror(int ifindex) {
        return new MirredAction(TCA_EGRESS_MIRROR, ifindex, TC_ACT_PIPE);
    }

    /** {@code action mirred ingress redirect dev IFINDEX}. */
    public static MirredAction redirectToIngress(int ifindex) {
        return new MirredAction(TCA_INGRESS_REDIR, ifindex, TC_ACT_STOLEN);
    }
}
