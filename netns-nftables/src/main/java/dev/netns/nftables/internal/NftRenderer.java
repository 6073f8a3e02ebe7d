package dev.netns.nftables.internal;

import dev.netns.FilterRule;
import dev.netns.FilterRule.IpProtocol;
import dev.netns.IpPrefix;
import dev.netns.NatRule;
import dev.netns.NatRule.Masquerade;
import dev.netns.NatRule.PortForward;
import dev.netns.NatRule.PortRange;
import dev.netns.NatRule.Snat;
import dev.netns.nftables.internal.wire.Bytes;
import dev.netns.nftables.internal.wire.Expr;
import dev.netns.nftables.internal.wire.NfTables;
import dev.netns.nftables.internal.wire.Netfilter;
import dev.netns.nftables.internal.wire.Verdict;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns NAT and filter rules into nf_tables expressions for the SDK's {@code inet} table. Pure: no
 * socket, no state, so every expression is unit-tested without root. The expressions are those
 * {@code nft} generates for the equivalent rule text, so {@code nft list ruleset} shows them as
 * ordinary rules (for example {@code ip saddr 192.168.15.0/24 masquerade}).
 */
final class NftRenderer {
    static final int REG = NfTables.NFT_REG_1;
    static final int REG2 = NfTables.NFT_REG_2;
    /** IPPROTO_* numbers as meta l4proto reports them. */
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;
    static final int ICMPV6 = 58;
    /** RTN_LOCAL from linux/rtnetlink.h: what {@code fib daddr type} gives for a local address. */
    static final int RTN_LOCAL = 2;
    /** NF_CT_STATE_BIT(IP_CT_NEW): {@code ct state new}. */
    static final int CT_STATE_NEW = 1 << 3;
    /** IPS_DST_NAT from linux/netfilter/nf_conntrack_common.h: {@code ct status dnat}. */
    static final int IPS_DST_NAT = 1 << 5;
    /** The random number a probability is compared with lies in 0..RANDOM_RANGE-1. */
    static final int RANDOM_RANGE = 1_000_000;
    static final IpPrefix LOCALHOST = IpPrefix.parse("127.0.0.0/8");

    private NftRenderer() {
    }

    /**
     * @param hairpinSubnets for a port forward, the namespace's subnets the target sits on: clients
     *     there that use the forwarded address are masqueraded so replies return through us
     */
    static List<RenderedRule> nat(NatRule rule, List<IpPrefix> hairpinSubnets) {
        List<RenderedRule> out = new ArrayList<>();
        if (rule instanceof Masquerade m) {
            List<Expr> e = family(m.isIpv6());
            address(e, true, m.source(), false);
            if (m.excludedDestination() != null) {
                address(e, false, m.excludedDestination(), true);
            }
            if (m.outInterface() != null) {
                ifname(e, NfTables.NFT_META_OIFNAME, m.outInterface());
            }
            e.add(new Expr.Masq());
            out.add(new RenderedRule(SdkChain.POSTROUTING, e));
        } else if (rule instanceof Snat s) {
            List<Expr> e = family(s.isIpv6());
            address(e, true, s.source(), false);
            if (s.outInterface() != null) {
                ifname(e, NfTables.NFT_META_OIFNAME, s.outInterface());
            }
            e.add(Expr.Immediate.value(REG, Bytes.address(s.toAddress())));
            e.add(new Expr.Nat(NfTables.NFT_NAT_SNAT, nfproto(s.isIpv6()), REG, 0, 0, 0, 0));
            out.add(new RenderedRule(SdkChain.POSTROUTING, e));
        } else if (rule instanceof PortForward f) {
            forward(f, hairpinSubnets, out);
        } else {
            throw new IllegalArgumentException("unknown NAT rule " + rule);
        }
        return out;
    }

    private static void forward(PortForward f, List<IpPrefix> hairpinSubnets, List<RenderedRule> out) {
        boolean v6 = f.isIpv6();
        int proto = f.protocol() == NatRule.Protocol.TCP ? TCP : UDP;
        int lastTarget = f.targetPort() + f.hostPorts().size() - 1;
        PortRange targetPorts = PortRange.of(f.targetPort(), lastTarget);

        out.add(new RenderedRule(SdkChain.PREROUTING, dnat(f, v6, proto, f.inInterface())));
        if (f.inInterface() != null) {
            return;
        }
        out.add(new RenderedRule(SdkChain.NAT_OUTPUT, dnat(f, v6, proto, null)));
        if (!v6) {
            // After the output DNAT a connection to 127.0.0.1 still has a loopback source, which the
            // target could never answer: masquerade it to our address on the way out.
            List<Expr> e = family(false);
            address(e, true, LOCALHOST, false);
            address(e, false, host(f.target()), false);
            port(e, proto, targetPorts);
            e.add(new Expr.Masq());
            out.add(new RenderedRule(SdkChain.POSTROUTING, e));
        }
        for (IpPrefix subnet : hairpinSubnets) {
            // Limited to connections we DNATed, so direct traffic inside the subnet keeps its source.
            List<Expr> e = family(v6);
            address(e, true, subnet, false);
            address(e, false, host(f.target()), false);
            port(e, proto, targetPorts);
            flag(e, new Expr.Ct(NfTables.NFT_CT_STATUS, REG), IPS_DST_NAT);
            e.add(new Expr.Masq());
            out.add(new RenderedRule(SdkChain.POSTROUTING, e));
        }
    }

    private static List<Expr> dnat(PortForward f, boolean v6, int proto, String inInterface) {
        List<Expr> e = family(v6);
        if (f.hostAddress() != null) {
            address(e, false, host(f.hostAddress()), false);
        } else {
            // Only packets for one of our own addresses, not everything that merely passes through
            // us on that port.
            e.add(new Expr.Fib(REG, NfTables.NFT_FIB_RESULT_ADDRTYPE, NfTables.NFTA_FIB_F_DADDR));
            e.add(new Expr.Cmp(REG, NfTables.NFT_CMP_EQ, Bytes.host32(RTN_LOCAL)));
        }
        if (inInterface != null) {
            ifname(e, NfTables.NFT_META_IIFNAME, inInterface);
        }
        port(e, proto, f.hostPorts());
        e.add(Expr.Immediate.value(REG, Bytes.address(f.target())));
        boolean onePort = f.hostPorts().size() == 1;
        if (onePort) {
            e.add(Expr.Immediate.value(REG2, Bytes.be16(f.targetPort())));
        }
        // A range keeps each packet's port, so the NAT statement carries no port at all.
        e.add(new Expr.Nat(NfTables.NFT_NAT_DNAT, nfproto(v6), REG, 0, onePort ? REG2 : 0, 0, 0));
        return e;
    }

    /** @return the rules of one filter rule: one, or two for an ICMP rule that names no address family */
    static List<RenderedRule> filter(FilterRule rule) {
        SdkChain chain = switch (rule.direction()) {
            case INPUT -> SdkChain.INPUT;
            case FORWARD -> SdkChain.FORWARD;
            case OUTPUT -> SdkChain.OUTPUT;
        };
        Boolean v6 = rule.isIpv6();
        if (v6 == null && rule.protocol() == IpProtocol.ICMP) {
            return List.of(new RenderedRule(chain, filterExprs(rule, false)),
                    new RenderedRule(chain, filterExprs(rule, true)));
        }
        return List.of(new RenderedRule(chain, filterExprs(rule, v6)));
    }

    private static List<Expr> filterExprs(FilterRule rule, Boolean v6) {
        List<Expr> e = v6 == null ? new ArrayList<>() : family(v6);
        if (rule.inInterface() != null) {
            ifname(e, NfTables.NFT_META_IIFNAME, rule.inInterface());
        }
        if (rule.outInterface() != null) {
            ifname(e, NfTables.NFT_META_OIFNAME, rule.outInterface());
        }
        if (rule.source() != null) {
            address(e, true, rule.source(), false);
        }
        if (rule.destination() != null) {
            address(e, false, rule.destination(), false);
        }
        if (rule.protocol() != null) {
            int proto = switch (rule.protocol()) {
                case TCP -> TCP;
                case UDP -> UDP;
                case ICMP -> Boolean.TRUE.equals(v6) ? ICMPV6 : ICMP;
            };
            if (rule.destinationPorts() != null) {
                port(e, proto, rule.destinationPorts());
            } else {
                l4proto(e, proto);
            }
        }
        if (rule.newConnectionsOnly() && rule.protocol() == IpProtocol.TCP) {
            // A TCP connection's first packet is its SYN, whatever conntrack knows: a netns tracks
            // connections only once a rule needs it, so one opened before that rule would look
            // "new" at its next packet. {@code tcp flags & (fin|syn|rst|ack) == syn}.
            e.add(new Expr.Payload(REG, NfTables.NFT_PAYLOAD_TRANSPORT_HEADER, TCP_FLAGS_OFFSET, 1));
            e.add(new Expr.Bitwise(REG, REG, 1, Bytes.of((byte) TCP_FIN_SYN_RST_ACK), Bytes.of((byte) 0)));
            e.add(new Expr.Cmp(REG, NfTables.NFT_CMP_EQ, Bytes.of((byte) TCP_SYN)));
        } else if (rule.newConnectionsOnly()) {
            flag(e, new Expr.Ct(NfTables.NFT_CT_STATE, REG), CT_STATE_NEW);
        }
        if (rule.probability() < 1) {
            // numgen gives a number in host byte order, cmp compares bytes: nft swaps it first too.
            e.add(new Expr.Numgen(REG, RANDOM_RANGE, NfTables.NFT_NG_RANDOM, 0));
            e.add(new Expr.Byteorder(REG, REG, NfTables.NFT_BYTEORDER_HTON, 4, 4));
            e.add(new Expr.Cmp(REG, NfTables.NFT_CMP_LT, Bytes.be32(threshold(rule.probability()))));
        }
        if (rule.action() == FilterRule.Action.DROP) {
            e.add(Expr.Immediate.verdict(Verdict.DROP));
        } else if (rule.protocol() == IpProtocol.TCP) {
            e.add(new Expr.Reject(NfTables.NFT_REJECT_TCP_RST, 0));
        } else {
            e.add(new Expr.Reject(NfTables.NFT_REJECT_ICMPX_UNREACH, NfTables.NFT_REJECT_ICMPX_PORT_UNREACH));
        }
        return e;
    }

    /** @return how many of the {@link #RANDOM_RANGE} random values fall under {@code probability} */
    static int threshold(double probability) {
        return (int) Math.max(1, Math.min(RANDOM_RANGE, Math.round(probability * RANDOM_RANGE)));
    }

    /** {@code meta nfproto ipv4|ipv6}: the inet table sees both families. */
    private static List<Expr> family(boolean v6) {
        List<Expr> e = new ArrayList<>();
        e.add(new Expr.Meta(NfTables.NFT_META_NFPROTO, REG));
        e.add(new Expr.Cmp(REG, NfTables.NFT_CMP_EQ, Bytes.of((byte) nfproto(v6))));
        return e;
    }

    static int nfproto(boolean v6) {
        return v6 ? Netfilter.NFPROTO_IPV6 : Netfilter.NFPROTO_IPV4;
    }

    /** {@code ip saddr PREFIX}, {@code ip6 daddr != PREFIX}, ...; a /0 prefix matches anything and is left out. */
    private static void address(List<Expr> e, boolean source, IpPrefix prefix, boolean negate) {
        boolean v6 = !prefix.isIpv4();
        int bits = v6 ? 128 : 32;
        if (prefix.length() == 0 && !negate) {
            return;
        }
        int len = v6 ? 16 : 4;
        int offset = v6 ? (source ? 8 : 24) : (source ? 12 : 16);
        e.add(new Expr.Payload(REG, NfTables.NFT_PAYLOAD_NETWORK_HEADER, offset, len));
        if (prefix.length() < bits) {
            e.add(new Expr.Bitwise(REG, REG, len, Bytes.of(mask(len, prefix.length())), Bytes.of(new byte[len])));
        }
        e.add(new Expr.Cmp(REG, negate ? NfTables.NFT_CMP_NEQ : NfTables.NFT_CMP_EQ,
                Bytes.address(prefix.network().address())));
    }

    private static byte[] mask(int len, int prefixLength) {
        byte[] m = new byte[len];
        for (int i = 0; i < prefixLength; i++) {
            m[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
        return m;
    }

    private static void l4proto(List<Expr> e, int proto) {
        e.add(new Expr.Meta(NfTables.NFT_META_L4PROTO, REG));
        e.add(new Expr.Cmp(REG, NfTables.NFT_CMP_EQ, Bytes.of((byte) proto)));
    }

    /** {@code tcp dport 80} or {@code udp dport 8000-8010}. */
    private static void port(List<Expr> e, int proto, PortRange ports) {
        l4proto(e, proto);
        e.add(new Expr.Payload(REG, NfTables.NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2));
        if (ports.size() == 1) {
            e.add(new Expr.Cmp(REG, NfTables.NFT_CMP_EQ, Bytes.be16(ports.first())));
        } else {
            e.add(new Expr.Cmp(REG, NfTables.NFT_CMP_GTE, Bytes.be16(ports.first())));
            e.add(new Expr.Cmp(REG, NfTables.NFT_CMP_LTE, Bytes.be16(ports.last())));
        }
    }

    private static void ifname(List<Expr> e, int key, String name) {
        e.add(new Expr.Meta(key, REG));
        e.add(new Expr.Cmp(REG, NfTables.NFT_CMP_EQ, Bytes.ifname(name)));
    }

    /** {@code ct state new}, {@code ct status dnat}: some bit of a host-order 32-bit value is set. */
    /** The TCP header's flags byte, and the flags that tell a connection's first packet. */
    private static final int TCP_FLAGS_OFFSET = 13;
    private static final int TCP_FIN_SYN_RST_ACK = 0x17;
    private static final int TCP_SYN = 0x02;

    private static void flag(List<Expr> e, Expr.Ct ct, int bit) {
        e.add(ct);
        e.add(new Expr.Bitwise(REG, REG, 4, Bytes.host32(bit), Bytes.host32(0)));
        e.add(new Expr.Cmp(REG, NfTables.NFT_CMP_NEQ, Bytes.host32(0)));
    }

    private static IpPrefix host(InetAddress a) {
        return new IpPrefix(a, a instanceof Inet4Address ? 32 : 128);
    }
}
