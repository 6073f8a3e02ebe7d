package dev.netns;

import dev.netns.internal.Validation;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A NAT rule, as a value: a {@linkplain Masquerade masquerade}, a {@linkplain PortForward port
 * forward} (DNAT) or an {@linkplain Snat SNAT}. Applied to a namespace with
 * {@link NatTable#apply}. Every component is checked when the rule is built, so a rule that
 * exists is one a backend can write; an {@link InvalidInputException} names the value and what
 * is allowed.
 *
 * <pre>{@code
 * NatTable nat = host.nat();
 * nat.apply(NatRule.masquerade("192.168.15.0/24"));                     // step 4 of the tutorial
 * nat.apply(NatRule.portForward(Protocol.TCP, 80, "192.168.15.2", 80)); // step 5
 * nat.apply(NatRule.PortForward.builder(Protocol.TCP, PortRange.of(8080), "fd00::2").targetPort(80)
 *         .arrivingOn("veth-wan").build());
 * }</pre>
 *
 * <p>Rules are IPv4 or IPv6; the addresses of one rule are all of one family. The nf_tables backend
 * writes both; the iptables backend refuses IPv6 rules with a {@link NotSupportedException}.
 *
 * <p>The rule types are final classes built by factories and builders rather than records, so
 * they can gain components without breaking callers.
 *
 * @since 0.1
 */
public sealed interface NatRule permits NatRule.Masquerade, NatRule.PortForward, NatRule.Snat {

    /** @return whether the rule's addresses are IPv6 */
    boolean isIpv6();

    /**
     * Rewrites the source address of packets from {@link #source()} to the address of the interface
     * they leave by (the tutorial's {@code MASQUERADE}). Built with {@link NatRule#masquerade} or
     * {@link #builder}.
     *
     * @since 0.1
     */
    final class Masquerade implements NatRule {
        private final IpPrefix source;
        private final String outInterface;
        private final IpPrefix excludedDestination;

        private Masquerade(Builder b) {
            this.source = network("masquerade source", b.source);
            if (b.outInterface != null) {
                Validation.interfaceName(b.outInterface);
            }
            this.outInterface = b.outInterface;
            if (b.excludedDestination != null) {
                this.excludedDestination = network("masquerade excluded destination", b.excludedDestination);
                sameFamily("masquerade excluded destination", excludedDestination.address(), source.address());
            } else {
                this.excludedDestination = null;
            }
        }

        /**
         * @param source the source prefix; stored in its network form ({@code 192.168.15.1/24}
         *     becomes {@code 192.168.15.0/24})
         * @return a builder of a masquerade of {@code source}
         */
        public static Builder builder(IpPrefix source) {
            return new Builder(source);
        }

        /** @return the source prefix, in network form */
        public IpPrefix source() {
            return source;
        }

        /** @return the outgoing interface, or {@code null} for any */
        public String outInterface() {
            return outInterface;
        }

        /** @return packets to this prefix are left alone, or {@code null} */
        public IpPrefix excludedDestination() {
            return excludedDestination;
        }

        @Override
        public boolean isIpv6() {
            return !source.isIpv4();
        }

        /** @return a builder holding this rule's components */
        public Builder toBuilder() {
            return new Builder(source).leavingBy(outInterface).except(excludedDestination);
        }

        /** @return this masquerade limited to packets leaving by {@code outInterface} */
        public Masquerade leavingBy(String outInterface) {
            return toBuilder().leavingBy(outInterface).build();
        }

        /** @return this masquerade, leaving packets to {@code destination} untouched */
        public Masquerade except(String destination) {
            return toBuilder().except(IpPrefix.parse(destination)).build();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Masquerade m && m.source.equals(source) && Objects.equals(m.outInterface, outInterface)
                    && Objects.equals(m.excludedDestination, excludedDestination);
        }

        @Override
        public int hashCode() {
            return Objects.hash(source, outInterface, excludedDestination);
        }

        /** @return for example {@code Masquerade[source=192.168.15.0/24, outInterface=null, excludedDestination=null]} */
        @Override
        public String toString() {
            return "Masquerade[source=" + source + ", outInterface=" + outInterface + ", excludedDestination="
                    + excludedDestination + "]";
        }

        /**
         * Builds a {@link Masquerade}; not thread-safe.
         *
         * @since 0.1
         */
        public static final class Builder {
            private final IpPrefix source;
            private String outInterface;
            private IpPrefix excludedDestination;

            private Builder(IpPrefix source) {
                this.source = source;
            }

            /**
             * @param outInterface the outgoing interface, or {@code null} for any
             * @return this
             */
            public Builder leavingBy(String outInterface) {
                this.outInterface = outInterface;
                return this;
            }

            /**
             * @param destination packets to this prefix are left alone (typically the source
             *     itself, so traffic inside the subnet keeps its addresses), or {@code null}
             * @return this
             */
            public Builder except(IpPrefix destination) {
                this.excludedDestination = destination;
                return this;
            }

            /**
             * @return the rule
             * @throws InvalidInputException if a component is not acceptable
             */
            public Masquerade build() {
                return new Masquerade(this);
            }
        }
    }

    /**
     * Forwards a port of this namespace to another address (DNAT), the way CNI's {@code portmap}
     * plugin does. The backend writes it for the three paths a user meets:
     * <ol>
     *   <li>packets arriving from another namespace for one of this namespace's addresses;</li>
     *   <li>connections this namespace opens to its own address or, for IPv4, to {@code 127.0.0.1}
     *       (the backend sets {@code net.ipv4.conf.all.route_localnet=1} while such a forward is
     *       applied and masquerades {@code 127.0.0.0/8} to the target, without which the kernel
     *       drops such packets);</li>
     *   <li>hairpin: a client on the target's own subnet using the forwarded address (traffic from
     *       that subnet to the target, when it was forwarded, is masqueraded so the reply comes
     *       back the same way).</li>
     * </ol>
     * With an {@code inInterface} only the first path applies. The hairpin subnets are the
     * namespace's own prefixes that hold the target <em>when the rule is applied</em>: apply a
     * port forward after the bridge has its address, or hairpin clients are not masqueraded.
     *
     * <p>The rule always names the protocol: the tutorial's line
     * {@code iptables -t nat -A PREROUTING --dport 80 --to-destination 192.168.15.2:80 -j DNAT}
     * is refused by iptables, because {@code --dport} needs {@code -p tcp} (or {@code udp}).
     *
     * @since 0.1
     */
    final class PortForward implements NatRule {
        private final Protocol protocol;
        private final PortRange hostPorts;
        private final InetAddress hostAddress;
        private final String inInterface;
        private final InetAddress target;
        private final int targetPort;

        private PortForward(Builder b) {
            this.protocol = Validation.notNull("port forward protocol", b.protocol);
            this.hostPorts = Validation.notNull("port forward host ports", b.hostPorts);
            this.target = address("port forward target", b.target);
            if (b.hostAddress != null) {
                address("port forward host address", b.hostAddress);
                sameFamily("port forward host address", b.hostAddress, target);
            }
            this.hostAddress = b.hostAddress;
            if (b.inInterface != null) {
                Validation.interfaceName(b.inInterface);
            }
            this.inInterface = b.inInterface;
            this.targetPort = b.targetPort == 0 ? hostPorts.first() : b.targetPort;
            Validation.port("port forward target port", targetPort);
            if (hostPorts.size() > 1 && targetPort != hostPorts.first()) {
                throw new InvalidInputException("port forward target port " + targetPort + " does not fit host ports "
                        + hostPorts + ": a range forwards each port to the same port on the target, so the target port"
                        + " must be " + hostPorts.first());
            }
        }

        /**
         * @param protocol TCP or UDP
         * @param hostPorts the port, or range of ports, the packets are addressed to
         * @param target where the packets go: an address literal
         * @return a builder; the target port is the first host port unless
         *     {@linkplain Builder#targetPort set}
         */
        public static Builder builder(Protocol protocol, PortRange hostPorts, String target) {
            return new Builder(protocol, hostPorts, IpPrefix.parseAddress(target));
        }

        /** Like {@link #builder(Protocol, PortRange, String)} with an address. @return a builder */
        public static Builder builder(Protocol protocol, PortRange hostPorts, InetAddress target) {
            return new Builder(protocol, hostPorts, target);
        }

        /** @return TCP or UDP */
        public Protocol protocol() {
            return protocol;
        }

        /** @return the port, or range of ports, the packets are addressed to */
        public PortRange hostPorts() {
            return hostPorts;
        }

        /** @return only packets to this address of the namespace, or {@code null} for any local address */
        public InetAddress hostAddress() {
            return hostAddress;
        }

        /** @return only packets arriving on this interface, or {@code null} for any */
        public String inInterface() {
            return inInterface;
        }

        /** @return where the packets go */
        public InetAddress target() {
            return target;
        }

        /**
         * @return the target's port; for a range of host ports it is the range's first port, and
         *     each port then maps to the same port on the target
         */
        public int targetPort() {
            return targetPort;
        }

        @Override
        public boolean isIpv6() {
            return !(target instanceof Inet4Address);
        }

        /** @return a builder holding this rule's components */
        public Builder toBuilder() {
            return new Builder(protocol, hostPorts, target).toHostAddress(hostAddress).arrivingOn(inInterface)
                    .targetPort(targetPort);
        }

        /** @return this forward limited to packets addressed to {@code address} */
        public PortForward toHostAddress(String address) {
            return toBuilder().toHostAddress(IpPrefix.parseAddress(address)).build();
        }

        /** @return this forward limited to packets arriving on {@code inInterface} */
        public PortForward arrivingOn(String inInterface) {
            return toBuilder().arrivingOn(inInterface).build();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PortForward f && f.protocol == protocol && f.hostPorts.equals(hostPorts)
                    && Objects.equals(f.hostAddress, hostAddress) && Objects.equals(f.inInterface, inInterface)
                    && f.target.equals(target) && f.targetPort == targetPort;
        }

        @Override
        public int hashCode() {
            return Objects.hash(protocol, hostPorts, hostAddress, inInterface, target, targetPort);
        }

        /** @return the components, like a record's {@code toString} */
        @Override
        public String toString() {
            return "PortForward[protocol=" + protocol + ", hostPorts=" + hostPorts + ", hostAddress="
                    + (hostAddress == null ? null : IpPrefix.hostString(hostAddress)) + ", inInterface=" + inInterface
                    + ", target=" + IpPrefix.hostString(target) + ", targetPort=" + targetPort + "]";
        }

        /**
         * Builds a {@link PortForward}; not thread-safe.
         *
         * @since 0.1
         */
        public static final class Builder {
            private final Protocol protocol;
            private final PortRange hostPorts;
            private final InetAddress target;
            private InetAddress hostAddress;
            private String inInterface;
            private int targetPort;

            private Builder(Protocol protocol, PortRange hostPorts, InetAddress target) {
                this.protocol = protocol;
                this.hostPorts = hostPorts;
                this.target = target;
            }

            /**
             * @param address only packets to this address, or {@code null} for any local one
             * @return this
             */
            public Builder toHostAddress(InetAddress address) {
                this.hostAddress = address;
                return this;
            }

            /**
             * @param inInterface only packets arriving on this interface, or {@code null}
             * @return this
             */
            public Builder arrivingOn(String inInterface) {
                this.inInterface = inInterface;
                return this;
            }

            /**
             * @param port the target's port (1 to 65535)
             * @return this
             */
            public Builder targetPort(int port) {
                Validation.port("port forward target port", port);
                this.targetPort = port;
                return this;
            }

            /**
             * @return the rule
             * @throws InvalidInputException if a component is not acceptable
             */
            public PortForward build() {
                return new PortForward(this);
            }
        }
    }

    /**
     * Rewrites the source address of packets from {@link #source()} to {@link #toAddress()}.
     * Built with {@link NatRule#snat} or {@link #builder}.
     *
     * @since 0.1
     */
    final class Snat implements NatRule {
        private final IpPrefix source;
        private final InetAddress toAddress;
        private final String outInterface;

        private Snat(Builder b) {
            this.source = network("SNAT source", b.source);
            this.toAddress = address("SNAT address", b.toAddress);
            sameFamily("SNAT address", toAddress, source.address());
            if (b.outInterface != null) {
                Validation.interfaceName(b.outInterface);
            }
            this.outInterface = b.outInterface;
        }

        /**
         * @param source the source prefix; stored in its network form
         * @param toAddress the new source address
         * @return a builder
         */
        public static Builder builder(IpPrefix source, InetAddress toAddress) {
            return new Builder(source, toAddress);
        }

        /** @return the source prefix, in network form */
        public IpPrefix source() {
            return source;
        }

        /** @return the new source address */
        public InetAddress toAddress() {
            return toAddress;
        }

        /** @return the outgoing interface, or {@code null} for any */
        public String outInterface() {
            return outInterface;
        }

        @Override
        public boolean isIpv6() {
            return !source.isIpv4();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Snat s && s.source.equals(source) && s.toAddress.equals(toAddress)
                    && Objects.equals(s.outInterface, outInterface);
        }

        @Override
        public int hashCode() {
            return Objects.hash(source, toAddress, outInterface);
        }

        /** @return the components, like a record's {@code toString} */
        @Override
        public String toString() {
            return "Snat[source=" + source + ", toAddress=" + IpPrefix.hostString(toAddress) + ", outInterface="
                    + outInterface + "]";
        }

        /**
         * Builds an {@link Snat}; not thread-safe.
         *
         * @since 0.1
         */
        public static final class Builder {
            private final IpPrefix source;
            private final InetAddress toAddress;
            private String outInterface;

            private Builder(IpPrefix source, InetAddress toAddress) {
                this.source = source;
                this.toAddress = toAddress;
            }

            /**
             * @param outInterface the outgoing interface, or {@code null} for any
             * @return this
             */
            public Builder leavingBy(String outInterface) {
                this.outInterface = outInterface;
                return this;
            }

            /**
             * @return the rule
             * @throws InvalidInputException if a component is not acceptable
             */
            public Snat build() {
                return new Snat(this);
            }
        }
    }

    /** The transport protocol of a {@link PortForward}. @since 0.1 */
    enum Protocol {
        /** TCP. */
        TCP,
        /** UDP. */
        UDP;

        /** @return the protocol's lower-case name, as packet-filter tools write it: {@code tcp} or {@code udp} */
        public String keyword() {
            return this == TCP ? "tcp" : "udp";
        }
    }

    /**
     * An inclusive range of TCP/UDP ports, {@code first <= last}, both 1 to 65535.
     *
     * @param first the first port
     * @param last the last port
     * @since 0.1
     */
    record PortRange(int first, int last) {

        /** Validates the bounds. */
        public PortRange {
            Validation.port("first port of range", first);
            Validation.port("last port of range", last);
            if (last < first) {
                throw new InvalidInputException("port range " + first + "-" + last
                        + " is reversed; the first port must not be above the last");
            }
        }

        /** @return the range holding the single port {@code port} */
        public static PortRange of(int port) {
            Validation.port("port", port);
            return new PortRange(port, port);
        }

        /** @return the range {@code first..last} */
        public static PortRange of(int first, int last) {
            return new PortRange(first, last);
        }

        /** @return how many ports the range holds */
        public int size() {
            return last - first + 1;
        }

        /** @return {@code 80} or {@code 8000-8010} */
        @Override
        public String toString() {
            return first == last ? Integer.toString(first) : first + "-" + last;
        }
    }

    /**
     * @param source the source prefix, for example {@code "192.168.15.0/24"} or {@code "fd00::/64"}
     * @return a masquerade of {@code source} on any outgoing interface
     */
    static Masquerade masquerade(String source) {
        return Masquerade.builder(IpPrefix.parse(source)).build();
    }

    /**
     * @param source the source prefix, for example {@code "192.168.15.0/24"}
     * @param outInterface the outgoing interface
     * @return a masquerade of {@code source} leaving by {@code outInterface}
     */
    static Masquerade masquerade(String source, String outInterface) {
        return Masquerade.builder(IpPrefix.parse(source)).leavingBy(outInterface).build();
    }

    /**
     * @param protocol TCP or UDP
     * @param hostPort the port of this namespace
     * @param target the target address literal
     * @param targetPort the target's port
     * @return a forward of {@code hostPort} on any local address to {@code target:targetPort}
     */
    static PortForward portForward(Protocol protocol, int hostPort, String target, int targetPort) {
        Validation.port("port forward host port", hostPort);
        return PortForward.builder(protocol, PortRange.of(hostPort), target).targetPort(targetPort).build();
    }

    /**
     * @param protocol TCP or UDP
     * @param hostPorts the ports of this namespace
     * @param target the target address literal; each port maps to the same port there
     * @return a forward of a range of ports to the same ports on {@code target}
     */
    static PortForward portForward(Protocol protocol, PortRange hostPorts, String target) {
        Validation.notNull("port forward host ports", hostPorts);
        return PortForward.builder(protocol, hostPorts, target).build();
    }

    /**
     * @param source the source prefix
     * @param toAddress the new source address literal
     * @return an SNAT of {@code source} to {@code toAddress} on any outgoing interface
     */
    static Snat snat(String source, String toAddress) {
        return Snat.builder(IpPrefix.parse(source), IpPrefix.parseAddress(toAddress)).build();
    }

    private static IpPrefix network(String what, IpPrefix prefix) {
        Validation.notNull(what, prefix);
        return prefix.network();
    }

    private static InetAddress address(String what, InetAddress address) {
        Validation.notNull(what, address);
        if (address.isAnyLocalAddress()) {
            throw new InvalidInputException(what + " " + IpPrefix.hostString(address)
                    + " is the unspecified address; give a specific address");
        }
        return address;
    }

    private static void sameFamily(String what, InetAddress a, InetAddress reference) {
        if ((a instanceof Inet4Address) != (reference instanceof Inet4Address)) {
            throw new InvalidInputException(what + " " + IpPrefix.hostString(a) + " is "
                    + (a instanceof Inet4Address ? "IPv4" : "IPv6") + " but the rule's other addresses ("
                    + IpPrefix.hostString(reference) + ") are not; one rule is all IPv4 or all IPv6");
        }
    }
}
