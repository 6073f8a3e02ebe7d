package dev.netns;

import dev.netns.internal.Validation;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * A NAT rule, as a value: a {@linkplain Masquerade masquerade}, a {@linkplain PortForward port
 * forward} (DNAT) or an {@linkplain Snat SNAT}. Applied to a namespace with
 * {@link NatTable#apply}. Every component is checked when the record is built, so a rule that
 * exists is one the backend can write; an {@link InvalidInputException} names the value and what
 * is allowed.
 *
 * <pre>{@code
 * NatTable nat = host.nat();
 * nat.apply(NatRule.masquerade("192.168.15.0/24"));                     // step 4 of the tutorial
 * nat.apply(NatRule.portForward(Protocol.TCP, 80, "192.168.15.2", 80)); // step 5
 * }</pre>
 *
 * <p>Only IPv4 is supported: the rules are written with {@code iptables}, not {@code ip6tables}.
 *
 * @since 0.1
 */
public sealed interface NatRule permits NatRule.Masquerade, NatRule.PortForward, NatRule.Snat {

    /**
     * Rewrites the source address of packets from {@code source} to the address of the interface
     * they leave by ({@code iptables -t nat -A POSTROUTING -s SOURCE -j MASQUERADE}).
     *
     * @param source the source prefix; stored in its network form ({@code 192.168.15.1/24} becomes
     *     {@code 192.168.15.0/24})
     * @param outInterface the outgoing interface, or {@code null} for any
     * @param excludedDestination packets to this prefix are left alone (typically {@code source}
     *     itself, so traffic inside the subnet keeps its addresses), or {@code null}
     * @since 0.1
     */
    record Masquerade(IpPrefix source, String outInterface, IpPrefix excludedDestination) implements NatRule {

        /** Validates and normalises the components. */
        public Masquerade {
            source = ipv4Network("masquerade source", source);
            if (outInterface != null) {
                Validation.interfaceName(outInterface);
            }
            if (excludedDestination != null) {
                excludedDestination = ipv4Network("masquerade excluded destination", excludedDestination);
            }
        }

        /** @return this masquerade limited to packets leaving by {@code outInterface} */
        public Masquerade leavingBy(String outInterface) {
            return new Masquerade(source, outInterface, excludedDestination);
        }

        /** @return this masquerade, leaving packets to {@code destination} untouched */
        public Masquerade except(String destination) {
            return new Masquerade(source, outInterface, IpPrefix.parse(destination));
        }
    }

    /**
     * Forwards a port of this namespace to another address (DNAT), the way CNI's {@code portmap}
     * plugin does. The backend writes it for the three paths a user meets:
     * <ol>
     *   <li>packets arriving from another namespace for one of this namespace's addresses
     *       ({@code PREROUTING});</li>
     *   <li>connections this namespace opens to its own address or to {@code 127.0.0.1}
     *       ({@code OUTPUT}; it sets {@code net.ipv4.conf.all.route_localnet=1} and masquerades
     *       {@code 127.0.0.0/8} to the target, without which the kernel drops such packets);</li>
     *   <li>hairpin: a client on the target's own subnet using the forwarded address (traffic from
     *       that subnet to the target, when it was forwarded, is masqueraded so the reply comes
     *       back the same way).</li>
     * </ol>
     * With an {@code inInterface} only the first path applies. The hairpin subnets are the
     * namespace's own IPv4 prefixes that hold the target <em>when the rule is applied</em>: apply a
     * port forward after the bridge has its address, or hairpin clients are not masqueraded.
     *
     * <p>The rules the SDK writes always name the protocol: the tutorial's line
     * {@code iptables -t nat -A PREROUTING --dport 80 --to-destination 192.168.15.2:80 -j DNAT}
     * is refused by iptables, because {@code --dport} needs {@code -p tcp} (or {@code udp}).
     *
     * @param protocol TCP or UDP
     * @param hostPorts the port, or range of ports, the packets are addressed to
     * @param hostAddress only packets to this address of the namespace, or {@code null} for any
     *     local address
     * @param inInterface only packets arriving on this interface, or {@code null} for any
     * @param target where the packets go
     * @param targetPort the target's port; for a range of host ports it must be the range's first
     *     port, and each port then maps to the same port on the target
     * @since 0.1
     */
    record PortForward(Protocol protocol, PortRange hostPorts, InetAddress hostAddress, String inInterface,
            InetAddress target, int targetPort) implements NatRule {

        /** Validates the components. */
        public PortForward {
            Validation.notNull("port forward protocol", protocol);
            Validation.notNull("port forward host ports", hostPorts);
            if (hostAddress != null) {
                ipv4("port forward host address", hostAddress);
            }
            if (inInterface != null) {
                Validation.interfaceName(inInterface);
            }
            ipv4("port forward target", target);
            Validation.port("port forward target port", targetPort);
            if (hostPorts.size() > 1 && targetPort != hostPorts.first()) {
                throw new InvalidInputException("port forward target port " + targetPort + " does not fit host ports "
                        + hostPorts + ": a range forwards each port to the same port on the target, so the target port"
                        + " must be " + hostPorts.first());
            }
        }

        /** @return this forward limited to packets addressed to {@code address} */
        public PortForward toHostAddress(String address) {
            return new PortForward(protocol, hostPorts, IpPrefix.parseAddress(address), inInterface, target, targetPort);
        }

        /** @return this forward limited to packets arriving on {@code inInterface} */
        public PortForward arrivingOn(String inInterface) {
            return new PortForward(protocol, hostPorts, hostAddress, inInterface, target, targetPort);
        }
    }

    /**
     * Rewrites the source address of packets from {@code source} to {@code toAddress}
     * ({@code iptables -t nat -A POSTROUTING -s SOURCE -j SNAT --to-source ADDRESS}).
     *
     * @param source the source prefix; stored in its network form
     * @param toAddress the new source address
     * @param outInterface the outgoing interface, or {@code null} for any
     * @since 0.1
     */
    record Snat(IpPrefix source, InetAddress toAddress, String outInterface) implements NatRule {

        /** Validates and normalises the components. */
        public Snat {
            source = ipv4Network("SNAT source", source);
            ipv4("SNAT address", toAddress);
            if (outInterface != null) {
                Validation.interfaceName(outInterface);
            }
        }
    }

    /** The transport protocol of a {@link PortForward}. @since 0.1 */
    enum Protocol {
        /** TCP. */
        TCP,
        /** UDP. */
        UDP;

        /** @return the name iptables uses: {@code tcp} or {@code udp} */
        public String iptablesName() {
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
     * @param source the source prefix, for example {@code "192.168.15.0/24"}
     * @return a masquerade of {@code source} on any outgoing interface
     */
    static Masquerade masquerade(String source) {
        return new Masquerade(IpPrefix.parse(source), null, null);
    }

    /**
     * @param source the source prefix, for example {@code "192.168.15.0/24"}
     * @param outInterface the outgoing interface
     * @return a masquerade of {@code source} leaving by {@code outInterface}
     */
    static Masquerade masquerade(String source, String outInterface) {
        return new Masquerade(IpPrefix.parse(source), outInterface, null);
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
        return new PortForward(protocol, PortRange.of(hostPort), null, null, IpPrefix.parseAddress(target), targetPort);
    }

    /**
     * @param protocol TCP or UDP
     * @param hostPorts the ports of this namespace
     * @param target the target address literal; each port maps to the same port there
     * @return a forward of a range of ports to the same ports on {@code target}
     */
    static PortForward portForward(Protocol protocol, PortRange hostPorts, String target) {
        Validation.notNull("port forward host ports", hostPorts);
        return new PortForward(protocol, hostPorts, null, null, IpPrefix.parseAddress(target), hostPorts.first());
    }

    /**
     * @param source the source prefix
     * @param toAddress the new source address literal
     * @return an SNAT of {@code source} to {@code toAddress} on any outgoing interface
     */
    static Snat snat(String source, String toAddress) {
        return new Snat(IpPrefix.parse(source), IpPrefix.parseAddress(toAddress), null);
    }

    private static IpPrefix ipv4Network(String what, IpPrefix prefix) {
        Validation.notNull(what, prefix);
        if (!prefix.isIpv4()) {
            throw new InvalidInputException(what + " " + prefix + " is IPv6; only IPv4 prefixes are supported (iptables, not ip6tables)");
        }
        return prefix.network();
    }

    private static void ipv4(String what, InetAddress address) {
        Validation.notNull(what, address);
        if (!(address instanceof Inet4Address)) {
            throw new InvalidInputException(what + " " + IpPrefix.hostString(address)
                    + " is IPv6; only IPv4 addresses are supported (iptables, not ip6tables)");
        }
        if (address.isAnyLocalAddress()) {
            throw new InvalidInputException(what + " 0.0.0.0 is not allowed; give a specific address");
        }
    }
}
