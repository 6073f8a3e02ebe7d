package dev.netns.netlink.internal.wire;

import dev.netns.InvalidInputException;

/**
 * The rtnetlink multicast groups of linux/rtnetlink.h (enum rtnetlink_groups), named as there. A
 * socket joins one with setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group) or, for groups up
 * to 32, with the bit {@link #groupBit(int)} in sockaddr_nl.nl_groups at bind time.
 */
public final class RtnlGroups {
    public static final int RTNLGRP_NONE = 0;
    public static final int RTNLGRP_LINK = 1;
    public static final int RTNLGRP_NOTIFY = 2;
    public static final int RTNLGRP_NEIGH = 3;
    public static final int RTNLGRP_TC = 4;
    public static final int RTNLGRP_IPV4_IFADDR = 5;
    public static final int RTNLGRP_IPV4_MROUTE = 6;
    public static final int RTNLGRP_IPV4_ROUTE = 7;
    public static final int RTNLGRP_IPV4_RULE = 8;
    public static final int RTNLGRP_IPV6_IFADDR = 9;
    public static final int RTNLGRP_IPV6_MROUTE = 10;
    public static final int RTNLGRP_IPV6_ROUTE = 11;
    public static final int RTNLGRP_IPV6_RULE = 19;

    private RtnlGroups() {
    }

    /**
     * The legacy bind mask bit of a group: group n is bit n-1 of nl_groups (the RTMGRP_* macros).
     *
     * @throws InvalidInputException for groups outside 1..32, which only NETLINK_ADD_MEMBERSHIP can join
     */
    public static int groupBit(int group) {
        if (group < 1 || group > 32) {
            throw new InvalidInputException("rtnetlink group " + group
                    + " has no nl_groups bit; groups above 32 are joined with NETLINK_ADD_MEMBERSHIP");
        }
        return 1 << (group - 1);
    }
}
