package dev.netns.iptables.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.IpPrefix;
import dev.netns.NatRule;
import dev.netns.NatRule.PortRange;
import dev.netns.NatRule.Protocol;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleRendererTest {

    private static String lines(List<RenderedRule> rules) {
        StringBuilder sb = new StringBuilder();
        rules.forEach(r -> sb.append(r.appendLine()).append('\n'));
        return sb.toString();
    }

    @Test
    void masqueradeOfTheTutorial() {
        assertThat(lines(RuleRenderer.render(NatRule.masquerade("192.168.15.0/24"), "a1", List.of())))
                .isEqualTo("-A NETNS-POSTROUTING -s 192.168.15.0/24 -m comment --comment netns:a1 -j MASQUERADE\n");
    }

    @Test
    void masqueradeWithInterfaceAndExclusionUsesNetworkForm() {
        NatRule rule = NatRule.masquerade("192.168.15.7/24", "veth-wan").except("192.168.15.0/24");
        assertThat(lines(RuleRenderer.render(rule, "b2", List.of()))).isEqualTo(
                "-A NETNS-POSTROUTING -s 192.168.15.0/24 ! -d 192.168.15.0/24 -o veth-wan"
                        + " -m comment --comment netns:b2 -j MASQUERADE\n");
    }

    @Test
    void snat() {
        assertThat(lines(RuleRenderer.render(NatRule.snat("10.1.0.0/16", "203.0.113.1"), "c3", List.of())))
                .isEqualTo("-A NETNS-POSTROUTING -s 10.1.0.0/16 -m comment --comment netns:c3 -j SNAT --to-source 203.0.113.1\n");
        NatRule viaIf = NatRule.Snat.builder(IpPrefix.parse("10.1.0.0/16"), IpPrefix.parseAddress("203.0.113.1"))
                .leavingBy("eth0").build();
        assertThat(lines(RuleRenderer.render(viaIf, "c3", List.of())))
                .isEqualTo("-A NETNS-POSTROUTING -s 10.1.0.0/16 -o eth0 -m comment --comment netns:c3 -j SNAT --to-source 203.0.113.1\n");
    }

    @Test
    void tcpPortForwardCoversArrivingLocalAndHairpinPaths() {
        NatRule rule = NatRule.portForward(Protocol.TCP, 80, "192.168.15.2", 8080);
        assertThat(lines(RuleRenderer.render(rule, "d4", List.of(IpPrefix.parse("192.168.15.0/24")))))
                .isEqualTo(""
                        + "-A NETNS-PREROUTING -p tcp -m addrtype --dst-type LOCAL -m tcp --dport 80"
                        + " -m comment --comment netns:d4 -j DNAT --to-destination 192.168.15.2:8080\n"
                        + "-A NETNS-OUTPUT -p tcp -m addrtype --dst-type LOCAL -m tcp --dport 80"
                        + " -m comment --comment netns:d4 -j DNAT --to-destination 192.168.15.2:8080\n"
                        + "-A NETNS-POSTROUTING -s 127.0.0.0/8 -d 192.168.15.2/32 -p tcp -m tcp --dport 8080"
                        + " -m comment --comment netns:d4 -j MASQUERADE\n"
                        + "-A NETNS-POSTROUTING -s 192.168.15.0/24 -d 192.168.15.2/32 -p tcp -m tcp --dport 8080"
                        + " -m conntrack --ctstate DNAT -m comment --comment netns:d4 -j MASQUERADE\n");
    }

    @Test
    void udpRangeKeepsEachPortAndHostAddressReplacesAddrtype() {
        NatRule rule = NatRule.portForward(Protocol.UDP, PortRange.of(5000, 5010), "192.168.15.2")
                .toHostAddress("203.0.113.1");
        assertThat(lines(RuleRenderer.render(rule, "e5", List.of()))).isEqualTo(""
                + "-A NETNS-PREROUTING -d 203.0.113.1/32 -p udp -m udp --dport 5000:5010"
                + " -m comment --comment netns:e5 -j DNAT --to-destination 192.168.15.2\n"
                + "-A NETNS-OUTPUT -d 203.0.113.1/32 -p udp -m udp --dport 5000:5010"
                + " -m comment --comment netns:e5 -j DNAT --to-destination 192.168.15.2\n"
                + "-A NETNS-POSTROUTING -s 127.0.0.0/8 -d 192.168.15.2/32 -p udp -m udp --dport 5000:5010"
                + " -m comment --comment netns:e5 -j MASQUERADE\n");
    }

    @Test
    void incomingInterfaceLimitsToPrerouting() {
        NatRule rule = NatRule.portForward(Protocol.TCP, 443, "192.168.15.2", 443).arrivingOn("veth-wan");
        assertThat(lines(RuleRenderer.render(rule, "f6", List.of(IpPrefix.parse("192.168.15.0/24")))))
                .isEqualTo("-A NETNS-PREROUTING -i veth-wan -p tcp -m addrtype --dst-type LOCAL -m tcp --dport 443"
                        + " -m comment --comment netns:f6 -j DNAT --to-destination 192.168.15.2:443\n");
    }

    @Test
    void firstApplyCreatesChainsAndJumps() {
        List<RenderedRule> r = RuleRenderer.render(NatRule.masquerade("192.168.15.0/24"), "a1", List.of());
        // -N, not ":NETNS-... - [0:0]": the latter would flush a chain that exists after all.
        assertThat(RuleRenderer.applyScript(NatState.empty(), r)).isEqualTo(""
                + "*nat\n"
                + "-N NETNS-PREROUTING\n"
                + "-N NETNS-OUTPUT\n"
                + "-N NETNS-POSTROUTING\n"
                + "-A PREROUTING -j NETNS-PREROUTING\n"
                + "-A OUTPUT -j NETNS-OUTPUT\n"
                + "-A POSTROUTING -j NETNS-POSTROUTING\n"
                + "-A NETNS-POSTROUTING -s 192.168.15.0/24 -m comment --comment netns:a1 -j MASQUERADE\n"
                + "COMMIT\n");
    }

    @Test
    void laterApplyOnlyAppendsAndNeverRedeclaresAnExistingChain() {
        NatState ready = new NatState(
                Set.of("PREROUTING", "OUTPUT", "POSTROUTING", "NETNS-PREROUTING", "NETNS-OUTPUT", "NETNS-POSTROUTING"),
                Map.of(SdkChain.PREROUTING, List.of("-j NETNS-PREROUTING"), SdkChain.OUTPUT, List.of("-j NETNS-OUTPUT"),
                        SdkChain.POSTROUTING, List.of("-j NETNS-POSTROUTING")),
                List.of(), 3);
        assertThat(ready.ready()).isTrue();
        List<RenderedRule> r = RuleRenderer.render(NatRule.snat("10.0.0.0/8", "203.0.113.1"), "z", List.of());
        assertThat(RuleRenderer.applyScript(ready, r)).isEqualTo(""
                + "*nat\n"
                + "-A NETNS-POSTROUTING -s 10.0.0.0/8 -m comment --comment netns:z -j SNAT --to-source 203.0.113.1\n"
                + "COMMIT\n");
        // Only the missing jump is added back.
        NatState noOutputJump = new NatState(ready.natChains(),
                Map.of(SdkChain.PREROUTING, List.of("-j NETNS-PREROUTING"), SdkChain.POSTROUTING, List.of("-j NETNS-POSTROUTING")),
                List.of(), 2);
        assertThat(RuleRenderer.applyScript(noOutputJump, r)).isEqualTo(""
                + "*nat\n"
                + "-A OUTPUT -j NETNS-OUTPUT\n"
                + "-A NETNS-POSTROUTING -s 10.0.0.0/8 -m comment --comment netns:z -j SNAT --to-source 203.0.113.1\n"
                + "COMMIT\n");
    }

    @Test
    void deleteScriptMatchesBySpec() {
        List<RenderedRule> r = RuleRenderer.render(NatRule.masquerade("192.168.15.0/24"), "a1", List.of());
        assertThat(RuleRenderer.deleteScript(r)).isEqualTo(""
                + "*nat\n"
                + "-D NETNS-POSTROUTING -s 192.168.15.0/24 -m comment --comment netns:a1 -j MASQUERADE\n"
                + "COMMIT\n");
        assertThat(RuleRenderer.deleteSavedScript(List.of(
                "-A NETNS-POSTROUTING -s 192.168.15.0/24 -m comment --comment \"netns:a1\" -j MASQUERADE")))
                .isEqualTo("*nat\n"
                        + "-D NETNS-POSTROUTING -s 192.168.15.0/24 -m comment --comment \"netns:a1\" -j MASQUERADE\n"
                        + "COMMIT\n");
    }

    @Test
    void clearRemovesJumpsThenChainsAndNothingElse() {
        NatState s = NatState.parse(NatStateTest.SAVE);
        assertThat(RuleRenderer.clearScript(s)).isEqualTo(""
                + "*nat\n"
                + "-D PREROUTING -j NETNS-PREROUTING\n"
                + "-D OUTPUT -j NETNS-OUTPUT\n"
                + "-D POSTROUTING -j NETNS-POSTROUTING\n"
                + "-F NETNS-PREROUTING\n"
                + "-X NETNS-PREROUTING\n"
                + "-F NETNS-OUTPUT\n"
                + "-X NETNS-OUTPUT\n"
                + "-F NETNS-POSTROUTING\n"
                + "-X NETNS-POSTROUTING\n"
                + "COMMIT\n");
        assertThat(RuleRenderer.clearScript(NatState.empty())).isNull();
    }
}
