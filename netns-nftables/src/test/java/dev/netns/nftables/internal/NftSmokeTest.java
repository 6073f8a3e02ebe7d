package dev.netns.nftables.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.FilterRule;
import dev.netns.FilterRule.Direction;
import dev.netns.FilterRule.IpProtocol;
import dev.netns.NatRule;
import dev.netns.NatRuleHandle;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import org.junit.jupiter.api.Test;

class NftSmokeTest {
    @Test
    void smoke() {
        try (NetworkStack stack = NetworkStack.open(); NetNamespace ns = stack.createAnonymousNamespace()) {
            assertThat(ns.packetFilter().backend()).isEqualTo("nftables");
            NatRuleHandle h = ns.nat().apply(NatRule.masquerade("192.168.15.0/24"));
            ns.nat().apply(NatRule.portForward(NatRule.Protocol.TCP, 80, "192.168.15.2", 8080));
            ns.nat().apply(NatRule.masquerade("fd00::/64", "eth0").except("fd00::/64"));
            ns.packetFilter().filter().apply(FilterRule.drop(Direction.INPUT).from("10.0.0.1").to("10.0.0.2")
                    .protocol(IpProtocol.TCP).destinationPort(80).newConnectionsOnly().probability(0.25).build());
            ns.packetFilter().filter().apply(FilterRule.reject(Direction.FORWARD).protocol(IpProtocol.ICMP).build());
            System.out.println(ns.exec("nft", "list", "ruleset").stdout());
            h.close();
            ns.nat().clear();
            ns.packetFilter().filter().clear();
            System.out.println("AFTER:" + ns.exec("nft", "list", "ruleset").stdout());
        }
    }
}
