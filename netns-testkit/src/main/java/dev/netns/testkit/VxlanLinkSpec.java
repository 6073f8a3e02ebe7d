package dev.netns.testkit;

import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import dev.netns.LinkType;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A VXLAN link of a {@link Topology}: joins one of its hosts to a host on another machine (another
 * topology, often built by another JVM) over an underlay network, instead of a veth. The tunnel's
 * endpoint lives in the topology's sandbox, which stands for the machine: its UDP socket is opened
 * there, on the sandbox's underlay address; the VXLAN device itself is moved into the host and gets
 * the overlay address. Both sides use the same VNI and port, each naming the other's underlay address.
 * Immutable, compared by value.
 *
 * <pre>{@code
 * // this machine: sandbox underlay 192.0.2.1; the other machine's sandbox: 192.0.2.2
 * Topology.builder().host("red")
 *         .vxlanLink(VxlanLinkSpec.builder("overlay").host("red", "vx0", "10.200.0.1/24").vni(100)
 *                 .underlay("192.0.2.1", "192.0.2.2").build())
 *         .build();
 * }</pre>
 *
 * <p>The topology does not make the underlay: give the sandbox an address and a way to the other
 * machine (a veth between two sandboxes in tests; on real machines, see the README).
 *
 * @since 0.1
 */
public final class VxlanLinkSpec {
    /** IANA's VXLAN port, the default here (the kernel's own default is 8472). */
    public static final int DEFAULT_PORT = 4789;

    private final String name;
    private final String host;
    private final String iface;
    private final IpPrefix address;
    private final int vni;
    private final InetAddress local;
    private final InetAddress remote;
    private final int port;

    private VxlanLinkSpec(Builder b) {
        name = b.name;
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("a vxlan link needs a name, got " + (name == null ? "null" : "\"" + name + "\""));
        }
        if (b.host == null) {
            throw new InvalidInputException("vxlan link " + name + " has no host; give it with host(host, interface, address)");
        }
        if (b.local == null || b.remote == null) {
            throw new InvalidInputException("vxlan link " + name + " has no underlay; give it with underlay(local, remote)");
        }
        if (b.vni == null) {
            throw new InvalidInputException("vxlan link " + name + " has no VNI; give it with vni(n)");
        }
        Topology.checkNodeName("vxlan link " + name + " host", b.host);
        Topology.checkInterfaceName("vxlan link " + name + " interface", b.iface);
        // The SDK's own checks, naming the value: VNI range, port range, address families.
        LinkType.vxlan(b.vni).remote(b.remote.getHostAddress()).local(b.local.getHostAddress()).port(b.port);
        host = b.host;
        iface = b.iface;
        address = b.address;
        vni = b.vni;
        local = b.local;
        remote = b.remote;
        port = b.port;
    }

    /** @return a builder for a vxlan link called {@code name} (its name in the topology) */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return the link's name in the topology, for {@link Network#vxlanLink(String)} */
    public String name() {
        return name;
    }

    /** @return the host that holds the VXLAN device */
    public String host() {
        return host;
    }

    /** @return the device's interface name in the host */
    public String iface() {
        return iface;
    }

    /** @return the overlay address of the device, or {@code null} */
    public IpPrefix address() {
        return address;
    }

    /** @return the VXLAN network identifier */
    public int vni() {
        return vni;
    }

    /** @return this machine's underlay address (the sandbox's) */
    public InetAddress local() {
        return local;
    }

    /** @return the other machine's underlay address */
    public InetAddress remote() {
        return remote;
    }

    /** @return the UDP port, {@link #DEFAULT_PORT} unless set */
    public int port() {
        return port;
    }

    /** @return the device type this spec makes in the sandbox */
    LinkType.Vxlan type() {
        return LinkType.vxlan(vni).remote(remote.getHostAddress()).local(local.getHostAddress()).port(port);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VxlanLinkSpec v && name.equals(v.name) && host.equals(v.host) && iface.equals(v.iface)
                && Objects.equals(address, v.address) && vni == v.vni && local.equals(v.local)
                && remote.equals(v.remote) && port == v.port;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, host, iface, address, vni, local, remote, port);
    }

    @Override
    public String toString() {
        return "VxlanLinkSpec[name=" + name + ", host=" + host + ", iface=" + iface + ", address=" + address + ", vni="
                + vni + ", local=" + IpPrefix.hostString(local) + ", remote=" + IpPrefix.hostString(remote) + ", port="
                + port + "]";
    }

    /**
     * Collects the parts of a {@link VxlanLinkSpec}. Not thread-safe; {@link #build()} validates.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final String name;
        private String host;
        private String iface;
        private IpPrefix address;
        private Integer vni;
        private InetAddress local;
        private InetAddress remote;
        private int port = DEFAULT_PORT;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Sets the host end.
         *
         * @param host a host of the topology (or the sandbox)
         * @param iface the device's name there
         * @param address its overlay address with prefix length, such as {@code "10.200.0.1/24"}, or {@code null}
         */
        public Builder host(String host, String iface, String address) {
            this.host = host;
            this.iface = iface;
            this.address = address == null ? null : IpPrefix.parse(address);
            if (address != null && address.indexOf('/') < 0) {
                throw new InvalidInputException("vxlan link " + name + ": address \"" + address
                        + "\" has no prefix length; write it as ip addr add takes it, for example \"" + address + "/24\"");
            }
            return this;
        }

        /** Sets the VXLAN network identifier, 0 to 16777215; both machines use the same. */
        public Builder vni(int vni) {
            this.vni = vni;
            return this;
        }

        /**
         * Sets the underlay: this machine's (sandbox's) address and the other machine's.
         *
         * @param local an address literal the sandbox has (or will have) on the underlay
         * @param remote the other side's underlay address literal
         */
        public Builder underlay(String local, String remote) {
            this.local = IpPrefix.parseAddress(local);
            this.remote = IpPrefix.parseAddress(remote);
            return this;
        }

        /** Sets the UDP port, {@link VxlanLinkSpec#DEFAULT_PORT} unless set; both machines use the same. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * @return the spec
         * @throws InvalidInputException naming what is missing or out of range
         */
        public VxlanLinkSpec build() {
            return new VxlanLinkSpec(this);
        }
    }
}
