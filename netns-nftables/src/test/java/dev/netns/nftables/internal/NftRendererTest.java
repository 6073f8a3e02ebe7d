package dev.netns.nftables.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.FilterRule;
import dev.netns.FilterRule.Direction;
import dev.netns.FilterRule.IpProtocol;
import dev.netns.IpPrefix;
import dev.netns.NatRule;
import dev.netns.NatRule.PortRange;
import dev.netns.NatRule.Protocol;
import dev.netns.nftables.internal.wire.Bytes;
import dev.netns.nftables.internal.wire.Expr;
import dev.netns.nftables.internal.wire.NfTables;
import dev.netns.nftables.internal.wire.NftRule;
import dev.netns.nftables.internal.wire.UserData;
import dev.netns.nftables.internal.wire.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NAT and filter rules into nf_tables expressions, without root; read back as text by the formatter. */
class NftRendererTest {
    private static final Expr IPV4 = new Expr.Meta(NfTables.NFT_META_NFPROTO, 1);
    private static final Expr IS_IPV4 = new Expr.Cmp(1, NfTables.NFT_CMP_EQ, Bytes.of((byte) 2));

    private static String text(RenderedRule r) {
        return NftFormatter.format(new NftRule(1, "netns", r.chain().chainName, 1, 0, r.expressions(),
                UserData.comment("netns:x")));
    }

    @Test
    void masqueradeIsTheTutorialsRule() {
        List<RenderedRule> r = NftRenderer.nat(NatRule.masquerade("192.168.15.7/24"), List.of());
        assertThat(r).hasSize(1);
        assertThat(r.get(0).chain()).isEqualTo(SdkChain.POSTROUTING);
        assertThat(r.get(0).expressions()).containsExactly(IPV4, IS_IPV4,
                new Expr.Payload(1, NfTables.NFT_PAYLOAD_NETWORK_HEADER, 12, 4),
                new Expr.Bitwise(1, 1, 4, Bytes.of((byte) 255, (byte) 255, (byte) 255, (byte) 0), Bytes.of(new byte[4])),
                new Expr.Cmp(1, NfTables.NFT_CMP_EQ, Bytes.of((byte) 192, (byte) 168, (byte) 15, (byte) 0)),
                new Expr.Masq());
        assertThat(text(r.get(0))).isEqualTo("postrouting: meta nfproto ipv4 ip saddr 192.168.15.0/24 masquerade # netns:x");
    }

    @Test
    void ipv6MasqueradeWithInterfaceAndExclusion() {
        RenderedRule r = NftRenderer.nat(NatRule.masquerade("fd00:15::/64", "eth0").except("fd00:15::/64"), List.of()).get(0);
        assertThat(text(r)).isEqualTo("postrouting: meta nfproto ipv6 ip6 saddr fd00:15::/64 ip6 daddr != fd00:15::/64"
                + " oifname \"eth0\" masquerade # netns:x");
        assertThat(r.expressions()).contains(new Expr.Payload(1, NfTables.NFT_PAYLOAD_NETWORK_HEADER, 8, 16),
                new Expr.Payload(1, NfTables.NFT_PAYLOAD_NETWORK_HEADER, 24, 16));
    }

    @Test
    void snatLoadsTheAddressIntoARegister() {
        RenderedRule r = NftRenderer.nat(NatRule.snat("10.1.0.0/16", "203.0.113.1"), List.of()).get(0);
        assertThat(r.expressions()).endsWith(
                Expr.Immediate.value(1, Bytes.of((byte) 203, (byte) 0, (byte) 113, (byte) 1)),
                new Expr.Nat(NfTables.NFT_NAT_SNAT, 2, 1, 0, 0, 0, 0));
    }

    @Test
    void portForwardCoversPreroutingOutputLocalhostAndHairpin() {
        List<RenderedRule> r = NftRenderer.nat(NatRule.portForward(Protocol.TCP, 80, "192.168.15.2", 8080),
                List.of(IpPrefix.parse("192.168.15.0/24")));
        assertThat(r).extracting(RenderedRule::chain).containsExactly(SdkChain.PREROUTING, SdkChain.NAT_OUTPUT,
                SdkChain.POSTROUTING, SdkChain.POSTROUTING);
        assertThat(text(r.get(0))).isEqualTo("prerouting: meta nfproto ipv4 fib daddr type local meta l4proto tcp dport 80"
                + " to 192.168.15.2 port 8080 dnat # netns:x");
        assertThat(r.get(0).expressions()).contains(new Expr.Fib(1, NfTables.NFT_FIB_RESULT_ADDRTYPE,
                NfTables.NFTA_FIB_F_DADDR), new Expr.Nat(NfTables.NFT_NAT_DNAT, 2, 1, 0, 2, 0, 0));
        assertThat(text(r.get(2))).isEqualTo("postrouting: meta nfproto ipv4 ip saddr 127.0.0.0/8 ip daddr 192.168.15.2"
                + " meta l4proto tcp dport 8080 masquerade # netns:x");
        assertThat(text(r.get(3))).isEqualTo("postrouting: meta nfproto ipv4 ip saddr 192.168.15.0/24 ip daddr 192.168.15.2"
                + " meta l4proto tcp dport 8080 ct status dnat masquerade # netns:x");
    }

    @Test
    void aRangeKeepsThePortsAndAnInterfaceLimitsToPrerouting() {
        List<RenderedRule> r = NftRenderer.nat(NatRule.portForward(Protocol.UDP, PortRange.of(9000, 9005), "10.0.0.2")
                .arrivingOn("veth-wan"), List.of());
        assertThat(r).hasSize(1);
        assertThat(text(r.get(0))).isEqualTo("prerouting: meta nfproto ipv4 fib daddr type local iifname \"veth-wan\""
                + " meta l4proto udp dport >= 9000 <= 9005 to 10.0.0.2 dnat # netns:x");
        assertThat(r.get(0).expressions()).endsWith(new Expr.Nat(NfTables.NFT_NAT_DNAT, 2, 1, 0, 0, 0, 0));
    }

    @Test
    void ipv6PortForwardHasNoLocalhostRule() {
        List<RenderedRule> r = NftRenderer.nat(NatRule.portForward(Protocol.TCP, 86, "fd00:15::2", 8600), List.of());
        assertThat(r).extracting(RenderedRule::chain).containsExactly(SdkChain.PREROUTING, SdkChain.NAT_OUTPUT);
        assertThat(r.get(0).expressions()).contains(new Expr.Nat(NfTables.NFT_NAT_DNAT, 10, 1, 0, 2, 0, 0));
    }

    @Test
    void filterRulesMatchEverythingTheyName() {
        RenderedRule r = NftRenderer.filter(FilterRule.drop(Direction.INPUT).from("10.0.0.1").to("10.0.0.2")
                .protocol(IpProtocol.TCP).destinationPort(80).newConnectionsOnly().probability(0.25).build()).get(0);
        assertThat(r.chain()).isEqualTo(SdkChain.INPUT);
        assertThat(text(r)).isEqualTo("input: meta nfproto ipv4 ip saddr 10.0.0.1 ip daddr 10.0.0.2 meta l4proto tcp dport 80"
                + " tcp flags syn / fin,syn,rst,ack numgen random mod 1000000 < 250000 drop # netns:x");
        assertThat(r.expressions()).endsWith(new Expr.Numgen(1, 1_000_000, NfTables.NFT_NG_RANDOM, 0),
                new Expr.Byteorder(1, 1, NfTables.NFT_BYTEORDER_HTON, 4, 4),
                new Expr.Cmp(1, NfTables.NFT_CMP_LT, Bytes.be32(250_000)), Expr.Immediate.verdict(Verdict.DROP));
    }

    @Test
    void rejectAnswersTcpWithAResetAndTheRestWithIcmp() {
        RenderedRule tcp = NftRenderer.filter(FilterRule.reject(Direction.FORWARD).protocol(IpProtocol.TCP).build()).get(0);
        assertThat(tcp.expressions()).endsWith(new Expr.Reject(NfTables.NFT_REJECT_TCP_RST, 0));
        RenderedRule any = NftRenderer.filter(FilterRule.reject(Direction.OUTPUT).leavingBy("eth0").build()).get(0);
        assertThat(any.chain()).isEqualTo(SdkChain.OUTPUT);
        assertThat(any.expressions()).containsExactly(new Expr.Meta(NfTables.NFT_META_OIFNAME, 1),
                new Expr.Cmp(1, NfTables.NFT_CMP_EQ, Bytes.ifname("eth0")),
                new Expr.Reject(NfTables.NFT_REJECT_ICMPX_UNREACH, NfTables.NFT_REJECT_ICMPX_PORT_UNREACH));
    }

    @Test
    void icmpWithoutAnAddressIsOneRulePerFamily() {
        List<RenderedRule> r = NftRenderer.filter(FilterRule.drop(Direction.INPUT).protocol(IpProtocol.ICMP).build());
        assertThat(r).extracting(NftRendererTest::text).containsExactly(
                "input: meta nfproto ipv4 meta l4proto icmp drop # netns:x",
                "input: meta nfproto ipv6 meta l4proto ipv6-icmp drop # netns:x");
    }

    @Test
    void probabilityThresholds() {
        assertThat(NftRenderer.threshold(0.5)).isEqualTo(500_000);
        assertThat(NftRenderer.threshold(1e-9)).isEqualTo(1);
        assertThat(NftRenderer.threshold(1)).isEqualTo(1_000_000);
    }
}
