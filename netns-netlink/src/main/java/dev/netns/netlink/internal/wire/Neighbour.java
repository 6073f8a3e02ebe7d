package dev.netns.netlink.internal.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Constants from linux/neighbour.h (struct ndmsg, NDA_*, NUD_*, NTF_*) and the RTM_*NEIGH message
 * types of linux/rtnetlink.h, named as there.
 */
public final class Neighbour {
    public static final int RTM_NEWNEIGH = 28;
    public static final int RTM_DELNEIGH = 29;
    public static final int RTM_GETNEIGH = 30;

    /** sizeof(struct ndmsg): family u8, 3 pad bytes, ifindex s32, state u16, flags u8, type u8. */
    public static final int NDMSG_LEN = 12;

    public static final int NDA_DST = 1;
    public static final int NDA_LLADDR = 2;
    public static final int NDA_CACHEINFO = 3;
    public static final int NDA_PROBES = 4;
    public static final int NDA_VLAN = 5;
    public static final int NDA_MASTER = 9;

    public static final int NUD_NONE = 0x00;
    public static final int NUD_INCOMPLETE = 0x01;
    public static final int NUD_REACHABLE = 0x02;
    public static final int NUD_STALE = 0x04;
    public static final int NUD_DELAY = 0x08;
    public static final int NUD_PROBE = 0x10;
    public static final int NUD_FAILED = 0x20;
    public static final int NUD_NOARP = 0x40;
    public static final int NUD_PERMANENT = 0x80;

    public static final int NTF_USE = 0x01;
    public static final int NTF_SELF = 0x02;
    public static final int NTF_MASTER = 0x04;
    public static final int NTF_PROXY = 0x08;
    public static final int NTF_EXT_LEARNED = 0x10;
    public static final int NTF_OFFLOADED = 0x20;
    public static final int NTF_STICKY = 0x40;
    public static final int NTF_ROUTER = 0x80;

    private static final String[] STATE_NAMES = {
        "INCOMPLETE", "REACHABLE", "STALE", "DELAY", "PROBE", "FAILED", "NOARP", "PERMANENT"
    };

    private Neighbour() {
    }

    /**
     * The NUD_* bits of {@code state} as {@code ip -j neigh} names them, lowest bit first;
     * {@code ["NONE"]} for 0.
     */
    public static List<String> stateNames(int state) {
        List<String> out = new ArrayList<>(1);
        for (int bit = 0; bit < STATE_NAMES.length; bit++) {
            if ((state & (1 << bit)) != 0) {
                out.add(STATE_NAMES[bit]);
            }
        }
        if (out.isEmpty()) {
            out.add("NONE");
        }
        return out;
    }
}
