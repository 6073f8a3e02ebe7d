package dev.netns.netlink.internal.wire;

/** Constants from linux/rtnetlink.h (and the struct sizes of its family headers), named as there. */
public final class RtNetlink {
    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;
    public static final int RTM_NEWROUTE = 24;
    public static final int RTM_DELROUTE = 25;
    public static final int RTM_GETROUTE = 26;

    public static final int RTN_UNSPEC = 0;
    public static final int RTN_UNICAST = 1;

    public static final int RTPROT_UNSPEC = 0;
    public static final int RTPROT_KERNEL = 2;
    public static final int RTPROT_BOOT = 3;
    public static final int RTPROT_STATIC = 4;

    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_SITE = 200;
    public static final int RT_SCOPE_LINK = 253;
    public static final int RT_SCOPE_HOST = 254;
    public static final int RT_SCOPE_NOWHERE = 255;

    public static final int RT_TABLE_UNSPEC = 0;
    public static final int RT_TABLE_MAIN = 254;

    public static final int RTA_DST = 1;
    public static final int RTA_SRC = 2;
    public static final int RTA_IIF = 3;
    public static final int RTA_OIF = 4;
    public static final int RTA_GATEWAY = 5;
    public static final int RTA_PRIORITY = 6;
    public static final int RTA_PREFSRC = 7;
    public static final int RTA_MULTIPATH = 9;
    public static final int RTA_TABLE = 15;

    /** sizeof(struct rtnexthop). */
    public static final int RTNH_LEN = 8;

    public static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;

    /** sizeof(struct ifinfomsg), sizeof(struct ifaddrmsg), sizeof(struct rtmsg). */
    public static final int IFINFOMSG_LEN = 16;
    public static final int IFADDRMSG_LEN = 8;
    public static final int RTMSG_LEN = 12;

    /** From linux/if.h: net_device_flags. */
    public static final int IFF_UP = 0x1;
    public static final int IFF_LOWER_UP = 0x10000;

    private RtNetlink() {
    }
}
