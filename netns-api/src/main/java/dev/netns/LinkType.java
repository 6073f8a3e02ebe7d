package dev.netns;

import dev.netns.internal.Validation;
import java.net.InetAddress;
import java.util.Objects;

/**
 * The kind of a link beyond veth and bridge, with its kind-specific settings: what
 * {@link NetNamespace#createLink} makes and what {@link LinkInfo#type()} reports back. Each kind is an
 * immutable value whose methods return copies, so a type reads like its {@code ip link add} line:
 *
 * <pre>{@code
 * ns.createLink("vx0", LinkType.vxlan(42).remote("10.0.0.2").local("10.0.0.1").port(4789).device("eth0").learning(false));
 * ns.createLink("mv0", LinkType.macvlan("eth0", LinkType.MacvlanMode.BRIDGE));
 * ns.createLink("tap0", LinkType.tap().owner(1000));
 * }</pre>
 *
 * <p>Kinds the running kernel lacks (here: vlan, ipvlan, dummy, geneve, wireguard) fail with a
 * {@link NotSupportedException} that names the missing module. Devices are named, not indexed: the
 * names are resolved in the namespace the link is created in.
 *
 * @since 0.1
 */
public sealed interface LinkType {

    /** @return the kernel's name of the kind ({@code ip -d link} "info_kind"), such as {@code "vxlan"} */
    String kind();

    /** @return a VXLAN tunnel with network identifier {@code vni} (0 to 16777215) and nothing else set */
    static Vxlan vxlan(int vni) {
        return new Vxlan(vni, null, null, 0, null, true);
    }

    /** @return a macvlan on top of {@code device} ({@code ip link add NAME link DEVICE type macvlan mode MODE}) */
    static Macvlan macvlan(String device, MacvlanMode mode) {
        return new Macvlan(device, mode);
    }

    /** @return an 802.1Q VLAN device on top of {@code device} with VLAN id {@code id} (0 to 4094; module 8021q) */
    static Vlan vlan(String device, int id) {
        return new Vlan(device, id);
    }

    /** @return an ipvlan on top of {@code device} (module ipvlan) */
    static Ipvlan ipvlan(String device, IpvlanMode mode) {
        return new Ipvlan(device, mode);
    }

    /** @return a Geneve tunnel with network identifier {@code vni} (module geneve) */
    static Geneve geneve(int vni) {
        return new Geneve(vni, null, 0);
    }

    /** @return a dummy device, a sink for packets (module dummy) */
    static Dummy dummy() {
        return Dummy.INSTANCE;
    }

    /** @return a WireGuard device, without keys or peers (module wireguard) */
    static Wireguard wireguard() {
        return Wireguard.INSTANCE;
    }

    /** @return a persistent TAP device (Ethernet frames), owned by root */
    static TunTap tap() {
        return new TunTap(true, -1, -1);
    }

    /** @return a persistent TUN device (IP packets), owned by root */
    static TunTap tun() {
        return new TunTap(false, -1, -1);
    }

    /** A macvlan's mode ({@code mode private|vepa|bridge|passthru|source}). */
    enum MacvlanMode {
        /** No traffic between macvlans of one device. */
        PRIVATE,
        /** Traffic between macvlans goes out and back through an external switch. */
        VEPA,
        /** Macvlans of one device reach each other directly. */
        BRIDGE,
        /** One macvlan takes over the device. */
        PASSTHRU,
        /** Receives only from listed source MACs. */
        SOURCE
    }

    /** An ipvlan's mode ({@code mode l2|l3|l3s}). */
    enum IpvlanMode {
        /** Layer 2. */
        L2,
        /** Layer 3. */
        L3,
        /** Layer 3 with netfilter. */
        L3S
    }

    /**
     * A VXLAN tunnel ({@code ip link add NAME type vxlan id VNI remote|group ADDR local ADDR dstport PORT dev DEV [no]learning}).
     *
     * @since 0.1
     */
    final class Vxlan implements LinkType {
        private final int vni;
        private final InetAddress remote;
        private final InetAddress local;
        private final int port;
        private final String device;
        private final boolean learning;

        private Vxlan(int vni, InetAddress remote, InetAddress local, int port, String device, boolean learning) {
            if (vni < 0 || vni > 0xFF_FFFF) {
                throw new InvalidInputException("vxlan id " + vni + " is out of range 0..16777215 (24 bits)");
            }
            if (port < 0 || port > 0xFFFF) {
                throw new InvalidInputException("vxlan port " + port + " is out of range 1..65535");
            }
            if (device != null) {
                Validation.interfaceName(device);
            }
            if (remote != null && local != null && remote.getAddress().length != local.getAddress().length) {
                throw new InvalidInputException("vxlan remote " + IpPrefix.hostString(remote) + " and local "
                        + IpPrefix.hostString(local) + " mix IPv4 and IPv6");
            }
            this.vni = vni;
            this.remote = remote;
            this.local = local;
            this.port = port;
            this.device = device;
            this.learning = learning;
        }

        /** @return a copy that sends to the unicast endpoint {@code address} */
        public Vxlan remote(String address) {
            InetAddress a = IpPrefix.parseAddress(address);
            if (a.isMulticastAddress()) {
                throw new InvalidInputException("vxlan remote " + address + " is a multicast address: use group()");
            }
            return new Vxlan(vni, a, local, port, device, learning);
        }

        /** @return a copy that floods to the multicast group {@code address} (needs a {@link #device}) */
        public Vxlan group(String address) {
            InetAddress a = IpPrefix.parseAddress(address);
            if (!a.isMulticastAddress()) {
                throw new InvalidInputException("vxlan group " + address + " is not a multicast address: use remote()");
            }
            return new Vxlan(vni, a, local, port, device, learning);
        }

        /** @return a copy that sends from {@code address} */
        public Vxlan local(String address) {
            return new Vxlan(vni, remote, IpPrefix.parseAddress(address), port, device, learning);
        }

        /** @return a copy with UDP destination port {@code value} (IANA's is 4789; the kernel's default 8472) */
        public Vxlan port(int value) {
            if (value == 0) {
                throw new InvalidInputException("vxlan port 0 is out of range 1..65535");
            }
            return new Vxlan(vni, remote, local, value, device, learning);
        }

        /** @return a copy whose packets leave through device {@code name} */
        public Vxlan device(String name) {
            Validation.notNull("vxlan device", name);
            return new Vxlan(vni, remote, local, port, name, learning);
        }

        /** @return a copy that does (or does not) learn remote MACs from received packets */
        public Vxlan learning(boolean value) {
            return new Vxlan(vni, remote, local, port, device, value);
        }

        /** @return the VXLAN network identifier */
        public int vni() {
            return vni;
        }

        /** @return the remote endpoint or multicast group, or {@code null} */
        public InetAddress remote() {
            return remote;
        }

        /** @return the local address, or {@code null} */
        public InetAddress local() {
            return local;
        }

        /** @return the UDP destination port, 0 for the kernel's default (the kernel reports 8472 then) */
        public int port() {
            return port;
        }

        /** @return the underlying device's name, or {@code null} */
        public String device() {
            return device;
        }

        /** @return whether the device learns remote MACs */
        public boolean learning() {
            return learning;
        }

        @Override
        public String kind() {
            return "vxlan";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Vxlan v && vni == v.vni && Objects.equals(remote, v.remote)
                    && Objects.equals(local, v.local) && port == v.port && Objects.equals(device, v.device)
                    && learning == v.learning;
        }

        @Override
        public int hashCode() {
            return Objects.hash(vni, remote, local, port, device, learning);
        }

        @Override
        public String toString() {
            return "vxlan id " + vni + (remote == null ? "" : (remote.isMulticastAddress() ? " group " : " remote ")
                    + IpPrefix.hostString(remote)) + (local == null ? "" : " local " + IpPrefix.hostString(local))
                    + (device == null ? "" : " dev " + device) + (port == 0 ? "" : " dstport " + port)
                    + (learning ? "" : " nolearning");
        }
    }

    /**
     * A macvlan ({@code ip link add NAME link DEVICE type macvlan mode MODE}).
     *
     * @since 0.1
     */
    final class Macvlan implements LinkType {
        private final String device;
        private final MacvlanMode mode;

        private Macvlan(String device, MacvlanMode mode) {
            this.device = Validation.interfaceName(device);
            this.mode = Validation.notNull("macvlan mode", mode);
        }

        /** @return the underlying device's name */
        public String device() {
            return device;
        }

        /** @return the mode */
        public MacvlanMode mode() {
            return mode;
        }

        @Override
        public String kind() {
            return "macvlan";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Macvlan m && device.equals(m.device) && mode == m.mode;
        }

        @Override
        public int hashCode() {
            return Objects.hash(device, mode);
        }

        @Override
        public String toString() {
            return "macvlan link " + device + " mode " + mode.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * An 802.1Q VLAN device ({@code ip link add link DEVICE name NAME type vlan id ID}).
     *
     * @since 0.1
     */
    final class Vlan implements LinkType {
        private final String device;
        private final int id;

        private Vlan(String device, int id) {
            this.device = Validation.interfaceName(device);
            if (id < 0 || id > 4094) {
                throw new InvalidInputException("vlan id " + id + " is out of range 0..4094");
            }
            this.id = id;
        }

        /** @return the underlying device's name */
        public String device() {
            return device;
        }

        /** @return the VLAN id */
        public int id() {
            return id;
        }

        @Override
        public String kind() {
            return "vlan";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Vlan v && device.equals(v.device) && id == v.id;
        }

        @Override
        public int hashCode() {
            return Objects.hash(device, id);
        }

        @Override
        public String toString() {
            return "vlan link " + device + " id " + id;
        }
    }

    /**
     * An ipvlan ({@code ip link add NAME link DEVICE type ipvlan mode MODE}).
     *
     * @since 0.1
     */
    final class Ipvlan implements LinkType {
        private final String device;
        private final IpvlanMode mode;

        private Ipvlan(String device, IpvlanMode mode) {
            this.device = Validation.interfaceName(device);
            this.mode = Validation.notNull("ipvlan mode", mode);
        }

        /** @return the underlying device's name */
        public String device() {
            return device;
        }

        /** @return the mode */
        public IpvlanMode mode() {
            return mode;
        }

        @Override
        public String kind() {
            return "ipvlan";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ipvlan v && device.equals(v.device) && mode == v.mode;
        }

        @Override
        public int hashCode() {
            return Objects.hash(device, mode);
        }

        @Override
        public String toString() {
            return "ipvlan link " + device + " mode " + mode.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A Geneve tunnel ({@code ip link add NAME type geneve id VNI remote ADDR [dstport PORT]}).
     *
     * @since 0.1
     */
    final class Geneve implements LinkType {
        private final int vni;
        private final InetAddress remote;
        private final int port;

        private Geneve(int vni, InetAddress remote, int port) {
            if (vni < 0 || vni > 0xFF_FFFF) {
                throw new InvalidInputException("geneve id " + vni + " is out of range 0..16777215 (24 bits)");
            }
            if (port < 0 || port > 0xFFFF) {
                throw new InvalidInputException("geneve port " + port + " is out of range 1..65535");
            }
            this.vni = vni;
            this.remote = remote;
            this.port = port;
        }

        /** @return a copy that sends to {@code address} */
        public Geneve remote(String address) {
            return new Geneve(vni, IpPrefix.parseAddress(address), port);
        }

        /** @return a copy with UDP destination port {@code value} */
        public Geneve port(int value) {
            if (value == 0) {
                throw new InvalidInputException("geneve port 0 is out of range 1..65535");
            }
            return new Geneve(vni, remote, value);
        }

        /** @return the network identifier */
        public int vni() {
            return vni;
        }

        /** @return the remote endpoint, or {@code null} */
        public InetAddress remote() {
            return remote;
        }

        /** @return the UDP destination port, 0 for the default (6081) */
        public int port() {
            return port;
        }

        @Override
        public String kind() {
            return "geneve";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Geneve g && vni == g.vni && Objects.equals(remote, g.remote) && port == g.port;
        }

        @Override
        public int hashCode() {
            return Objects.hash(vni, remote, port);
        }

        @Override
        public String toString() {
            return "geneve id " + vni + (remote == null ? "" : " remote " + IpPrefix.hostString(remote))
                    + (port == 0 ? "" : " dstport " + port);
        }
    }

    /**
     * A dummy device.
     *
     * @since 0.1
     */
    final class Dummy implements LinkType {
        private static final Dummy INSTANCE = new Dummy();

        private Dummy() {
        }

        @Override
        public String kind() {
            return "dummy";
        }

        @Override
        public String toString() {
            return "dummy";
        }
    }

    /**
     * A WireGuard device (keys and peers are configured over generic netlink, not by this SDK yet).
     *
     * @since 0.1
     */
    final class Wireguard implements LinkType {
        private static final Wireguard INSTANCE = new Wireguard();

        private Wireguard() {
        }

        @Override
        public String kind() {
            return "wireguard";
        }

        @Override
        public String toString() {
            return "wireguard";
        }
    }

    /**
     * A persistent TUN or TAP device ({@code ip tuntap add NAME mode tun|tap [user UID] [group GID]}):
     * it stays after its creator lets go of it, until deleted, and a program of the owning user can
     * attach to it. The SDK does not hand out queue descriptors; devices it makes are always persistent.
     *
     * @since 0.1
     */
    final class TunTap implements LinkType {
        private final boolean tap;
        private final long owner;
        private final long group;

        private TunTap(boolean tap, long owner, long group) {
            if (owner < -1 || owner > 0xFFFF_FFFEL) {
                throw new InvalidInputException("tun/tap owner uid " + owner + " is out of range 0..4294967294");
            }
            if (group < -1 || group > 0xFFFF_FFFEL) {
                throw new InvalidInputException("tun/tap group gid " + group + " is out of range 0..4294967294");
            }
            this.tap = tap;
            this.owner = owner;
            this.group = group;
        }

        /** @return a copy owned by user {@code uid}, who may then attach to it without privileges */
        public TunTap owner(long uid) {
            if (uid < 0) {
                throw new InvalidInputException("tun/tap owner uid " + uid + " is out of range 0..4294967294");
            }
            return new TunTap(tap, uid, group);
        }

        /** @return a copy whose group {@code gid} may attach to it */
        public TunTap group(long gid) {
            if (gid < 0) {
                throw new InvalidInputException("tun/tap group gid " + gid + " is out of range 0..4294967294");
            }
            return new TunTap(tap, owner, gid);
        }

        /** @return whether it is a TAP (Ethernet frames) rather than a TUN (IP packets) */
        public boolean isTap() {
            return tap;
        }

        /** @return the owning uid, -1 for none */
        public long owner() {
            return owner;
        }

        /** @return the group gid, -1 for none */
        public long group() {
            return group;
        }

        /** @return "tun" for both: the kernel's kind name (the mode tells them apart) */
        @Override
        public String kind() {
            return "tun";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TunTap t && tap == t.tap && owner == t.owner && group == t.group;
        }

        @Override
        public int hashCode() {
            return Objects.hash(tap, owner, group);
        }

        @Override
        public String toString() {
            return (tap ? "tap" : "tun") + (owner >= 0 ? " user " + owner : "") + (group >= 0 ? " group " + group : "");
        }
    }
}
