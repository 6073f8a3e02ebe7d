package dev.netns.netlink.internal.wire;

/**
 * The linux/rtnetlink.h route constants past {@link RtNetlink}'s basics (route types, more RTA_*
 * attributes, rtm_flags and rtnexthop flags), named as there.
 */
public final class RouteTypes {
    public static final int RTN_LOCAL = 2;
    public static final int RTN_BROADCAST = 3;
    public static final int RTN_ANYCAST = 4;
    public static final int RTN_MULTICAST = 5;
    public static final int RTN_BLACKHOLE = 6;
    public static final int RTN_UNREACHABLE = 7;
    public static final int RTN_PROHIBIT = 8;
    public static final int RTN_THROW = 9;
    public static final int RTN_NAT = 10;

    public static final int RTA_CACHEINFO = 12;
    public static final int RTA_MARK = 16;
    public static final int RTA_PREF = 20;
    public static final int RTA_UID = 25;

    public static final int RT_TABLE_DEFAULT = 253;
    public static final int RT_TABLE_LOCAL = 255;

    /** rtm_flags of a route get: report the table the lookup used, not the cache entry's. */
    public static final int RTM_F_LOOKUP_TABLE = 0x1000;
    /** rtm_flags of a route get: return the matching FIB entry instead of the resolved route. */
    public static final int RTM_F_FIB_MATCH = 0x2000;

    public static final int RTNH_F_DEAD = 1;
    public static final int RTNH_F_PERVASIVE = 2;
    public static final int RTNH_F_ONLINK = 4;

    private RouteTypes() {
    }
}
