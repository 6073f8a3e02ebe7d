package dev.netns.netlink.internal.wire;

/** Constants from linux/if_link.h and linux/veth.h, named as there. */
public final class IfLink {
    public static final int IFLA_ADDRESS = 1;
    public static final int IFLA_BROADCAST = 2;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_MTU = 4;
    public static final int IFLA_LINK = 5;
    public static final int IFLA_MASTER = 10;
    public static final int IFLA_OPERSTATE = 16;
    public static final int IFLA_LINKINFO = 18;
    public static final int IFLA_NET_NS_FD = 28;
    public static final int IFLA_EXT_MASK = 29;
    public static final int IFLA_NUM_TX_QUEUES = 31;
    public static final int IFLA_NUM_RX_QUEUES = 32;
    public static final int IFLA_CARRIER_CHANGES = 35;
    public static final int IFLA_LINK_NETNSID = 37;

    public static final int IFLA_INFO_KIND = 1;
    public static final int IFLA_INFO_DATA = 2;
    public static final int IFLA_INFO_SLAVE_KIND = 4;

    /** linux/veth.h. */
    public static final int VETH_INFO_PEER = 1;

    /** linux/if.h: the operational state of a link no carrier event has reached yet, or that has none. */
    public static final int IF_OPER_UNKNOWN = 0;
    /** linux/if.h. */
    public static final int IF_OPER_UP = 6;

    /** RFC 2863 operational states (IF_OPER_*), as iproute2 prints them. */
    private static final String[] OPER_STATES = {
        "UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"
    };

    private IfLink() {
    }

    public static String operState(int value) {
        return value >= 0 && value < OPER_STATES.length ? OPER_STATES[value] : "UNKNOWN";
    }
}
