package dev.netns.netlink.internal.wire;

/**
 * The IFLA_INFO_DATA attributes of the link kinds in linux/if_link.h (vxlan, macvlan, vlan,
 * ipvlan, geneve, bridge) and the ethertypes of linux/if_ether.h that vlan uses, named as there.
 */
public final class LinkKinds {
    public static final int IFLA_INFO_XSTATS = 3;
    public static final int IFLA_INFO_SLAVE_DATA = 5;

    public static final int IFLA_VXLAN_ID = 1;
    public static final int IFLA_VXLAN_GROUP = 2;
    public static final int IFLA_VXLAN_LINK = 3;
    public static final int IFLA_VXLAN_LOCAL = 4;
    public static final int IFLA_VXLAN_TTL = 5;
    public static final int IFLA_VXLAN_TOS = 6;
    public static final int IFLA_VXLAN_LEARNING = 7;
    public static final int IFLA_VXLAN_PORT = 15;
    public static final int IFLA_VXLAN_GROUP6 = 16;
    public static final int IFLA_VXLAN_LOCAL6 = 17;

    public static final int IFLA_MACVLAN_MODE = 1;
    public static final int IFLA_MACVLAN_FLAGS = 2;
    public static final int MACVLAN_MODE_PRIVATE = 1;
    public static final int MACVLAN_MODE_VEPA = 2;
    public static final int MACVLAN_MODE_BRIDGE = 4;
    public static final int MACVLAN_MODE_PASSTHRU = 8;
    public static final int MACVLAN_MODE_SOURCE = 16;

    public static final int IFLA_VLAN_ID = 1;
    public static final int IFLA_VLAN_FLAGS = 2;
    public static final int IFLA_VLAN_PROTOCOL = 5;
    public static final int ETH_P_8021Q = 0x8100;
    public static final int ETH_P_8021AD = 0x88A8;

    public static final int IFLA_IPVLAN_MODE = 1;
    public static final int IFLA_IPVLAN_FLAGS = 2;
    public static final int IPVLAN_MODE_L2 = 0;
    public static final int IPVLAN_MODE_L3 = 1;
    public static final int IPVLAN_MODE_L3S = 2;
    public static final int IPVLAN_F_PRIVATE = 0x01;
    public static final int IPVLAN_F_VEPA = 0x02;

    public static final int IFLA_GENEVE_ID = 1;
    public static final int IFLA_GENEVE_REMOTE = 2;
    public static final int IFLA_GENEVE_TTL = 3;
    public static final int IFLA_GENEVE_TOS = 4;
    public static final int IFLA_GENEVE_PORT = 5;
    public static final int IFLA_GENEVE_REMOTE6 = 7;
    public static final int IFLA_GENEVE_LABEL = 11;

    public static final int IFLA_BR_STP_STATE = 5;
    public static final int IFLA_BR_VLAN_FILTERING = 7;

    private LinkKinds() {
    }
}
