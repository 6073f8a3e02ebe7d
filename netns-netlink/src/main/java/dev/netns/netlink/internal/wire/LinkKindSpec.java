package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.LinkKinds.*;

import dev.netns.InvalidInputException;
import java.net.InetAddress;

/**
 * The kind-specific part of a link (IFLA_INFO_KIND and IFLA_INFO_DATA, plus the underlying device
 * where the kind has one): what {@link LinkKindMessages#newLink} creates and what
 * {@link LinkKindMessages#decode} reads back. Each record checks its values against the kernel's
 * ranges, so a bad value fails here, with its name, instead of as an EINVAL.
 */
public sealed interface LinkKindSpec {

    /** @return the IFLA_INFO_KIND string ("vxlan", "macvlan", ...) */
    String kind();

    /**
     * @return the index of the underlying device sent as IFLA_LINK, 0 for none (vxlan names its
     *     device inside its own data instead, IFLA_VXLAN_LINK)
     */
    default int lowerIndex() {
        return 0;
    }

    /**
     * A VXLAN tunnel ({@code ip link add NAME type vxlan id VNI remote|group ADDR local ADDR dev DEV ttl TTL dstport PORT [no]learning}).
     *
     * @param vni the 24-bit VXLAN network identifier
     * @param remote the remote endpoint or multicast group (the kernel tells them apart), or {@code null}
     * @param local the local source address, or {@code null}
     * @param port the UDP destination port, 0 for the kernel's default (8472, not IANA's 4789)
     * @param device the underlying device's index (IFLA_VXLAN_LINK), 0 for none
     * @param learning whether the device learns remote MACs from received packets
     * @param ttl the outer TTL, -1 to leave it to the kernel
     */
    record Vxlan(int vni, InetAddress remote, InetAddress local, int port, int device, boolean learning, int ttl)
            implements LinkKindSpec {
        /** Checks ranges and that remote and local share a family. */
        public Vxlan {
            checkVni("vxlan", vni);
            checkPort("vxlan", port);
            if (ttl < -1 || ttl > 255) {
                throw new InvalidInputException("vxlan ttl " + ttl + " is out of range 0..255 (or -1 for the default)");
            }
            if (device < 0) {
                throw new InvalidInputException("vxlan device index " + device + " is negative");
            }
            if (remote != null && local != null && Decoding.family(remote) != Decoding.family(local)) {
                throw new InvalidInputException("vxlan remote " + remote.getHostAddress() + " and local "
                        + local.getHostAddress() + " mix IPv4 and IPv6");
            }
        }

        /** A unicast tunnel to {@code remote} on IANA's port 4789, learning on, default TTL. */
        public static Vxlan to(int vni, InetAddress remote, InetAddress local) {
            return new Vxlan(vni, remote, local, 4789, 0, true, -1);
        }

        @Override
        public String kind() {
            return "vxlan";
        }
    }

    /**
     * A macvlan on top of another device ({@code ip link add NAME link LOWER type macvlan mode MODE}).
     *
     * @param lowerIndex the underlying device
     * @param mode one MACVLAN_MODE_* value
     */
    record Macvlan(int lowerIndex, int mode) implements LinkKindSpec {
        /** Checks the mode. */
        public Macvlan {
            if (mode != MACVLAN_MODE_PRIVATE && mode != MACVLAN_MODE_VEPA && mode != MACVLAN_MODE_BRIDGE
                    && mode != MACVLAN_MODE_PASSTHRU && mode != MACVLAN_MODE_SOURCE) {
                throw new InvalidInputException("macvlan mode " + mode
                        + " is not private (1), vepa (2), bridge (4), passthru (8) or source (16)");
            }
            checkLower("macvlan", lowerIndex);
        }

        @Override
        public String kind() {
            return "macvlan";
        }
    }

    /**
     * An 802.1Q/802.1ad VLAN device ({@code ip link add link LOWER name NAME type vlan [protocol P] id ID}).
     *
     * @param lowerIndex the underlying device
     * @param id the VLAN id, 0..4094 (4095 is reserved)
     * @param protocol {@link LinkKinds#ETH_P_8021Q} or {@link LinkKinds#ETH_P_8021AD}
     */
    record Vlan(int lowerIndex, int id, int protocol) implements LinkKindSpec {
        /** Checks the id and protocol. */
        public Vlan {
            if (id < 0 || id > 4094) {
                throw new InvalidInputException("vlan id " + id + " is out of range 0..4094");
            }
            if (protocol != ETH_P_8021Q && protocol != ETH_P_8021AD) {
                throw new InvalidInputException("vlan protocol 0x" + Integer.toHexString(protocol)
                        + " is neither 802.1Q (0x8100) nor 802.1ad (0x88a8)");
            }
            checkLower("vlan", lowerIndex);
        }

        @Override
        public String kind() {
            return "vlan";
        }
    }

    /**
     * An ipvlan on top of another device ({@code ip link add NAME link LOWER type ipvlan mode MODE [FLAG]}).
     *
     * @param lowerIndex the underlying device
     * @param mode IPVLAN_MODE_L2, _L3 or _L3S
     * @param flags 0 (bridge), IPVLAN_F_PRIVATE or IPVLAN_F_VEPA
     */
    record Ipvlan(int lowerIndex, int mode, int flags) implements LinkKindSpec {
        /** Checks the mode and that at most one flag is set (the kernel rejects both). */
        public Ipvlan {
            if (mode < IPVLAN_MODE_L2 || mode > IPVLAN_MODE_L3S) {
                throw new InvalidInputException("ipvlan mode " + mode + " is not l2 (0), l3 (1) or l3s (2)");
            }
            if (flags != 0 && flags != IPVLAN_F_PRIVATE && flags != IPVLAN_F_VEPA) {
                throw new InvalidInputException("ipvlan flags " + flags + " are not 0 (bridge), 1 (private) or 2 (vepa)");
            }
            checkLower("ipvlan", lowerIndex);
        }

        @Override
        public String kind() {
            return "ipvlan";
        }
    }

    /**
     * A Geneve tunnel ({@code ip link add NAME type geneve id VNI remote ADDR [dstport PORT]}).
     *
     * @param vni the 24-bit virtual network identifier
     * @param remote the remote endpoint, or {@code null}
     * @param port the UDP destination port, 0 for the kernel's default (6081)
     */
    record Geneve(int vni, InetAddress remote, int port) implements LinkKindSpec {
        /** Checks ranges. */
        public Geneve {
            checkVni("geneve", vni);
            checkPort("geneve", port);
        }

        @Override
        public String kind() {
            return "geneve";
        }
    }

    /**
     * A bridge with the two options this SDK sets ({@code ip link add NAME type bridge [stp_state S] [vlan_filtering 0|1]}).
     *
     * @param stpState 0 off, 1 kernel STP, 2 user-space STP; {@code null} for the default (off)
     * @param vlanFiltering whether the bridge filters by VLAN; {@code null} for the default (off).
     *     Needs CONFIG_BRIDGE_VLAN_FILTERING: without it the kernel answers EOPNOTSUPP with no message.
     */
    record Bridge(Integer stpState, Boolean vlanFiltering) implements LinkKindSpec {
        /** Checks the STP state. */
        public Bridge {
            if (stpState != null && (stpState < 0 || stpState > 2)) {
                throw new InvalidInputException("bridge stp_state " + stpState + " is not 0, 1 or 2");
            }
        }

        @Override
        public String kind() {
            return "bridge";
        }
    }

    /** A dummy device (module dummy): a sink that is always up. */
    record Dummy() implements LinkKindSpec {
        @Override
        public String kind() {
            return "dummy";
        }
    }

    /** An intermediate functional block (module ifb), the target of traffic-control redirects. */
    record Ifb() implements LinkKindSpec {
        @Override
        public String kind() {
            return "ifb";
        }
    }

    /** A WireGuard device (module wireguard); its keys and peers are configured over generic netlink. */
    record Wireguard() implements LinkKindSpec {
        @Override
        public String kind() {
            return "wireguard";
        }
    }

    private static void checkVni(String kind, int vni) {
        if (vni < 0 || vni > 0xff_ffff) {
            throw new InvalidInputException(kind + " id " + vni + " is out of range 0..16777215 (24 bits)");
        }
    }

    private static void checkPort(String kind, int port) {
        if (port < 0 || port > 0xffff) {
            throw new InvalidInputException(kind + " port " + port + " is out of range 1..65535 (0 for the default)");
        }
    }

    private static void checkLower(String kind, int lowerIndex) {
        if (lowerIndex < 0) {
            throw new InvalidInputException(kind + " lower device index " + lowerIndex + " is negative");
        }
    }
}
