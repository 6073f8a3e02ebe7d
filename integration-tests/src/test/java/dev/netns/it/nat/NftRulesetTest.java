package dev.netns.it.nat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.FilterRule;
import dev.netns.FilterRule.Direction;
import dev.netns.FilterRule.IpProtocol;
import dev.netns.FilterRuleHandle;
import dev.netns.NatRule;
import dev.netns.NatRule.Protocol;
import dev.netns.NatRuleHandle;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import dev.netns.it.support.Json;
import dev.netns.testkit.RequiresRoot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@code nft -j list ruleset} shows inside a namespace is exactly the SDK's rules: one table
 * ({@code inet netns}), base chains at the standard hooks, and one rule per rendered rule, each
 * commented with the id of the handle that removes it; and nothing once they are removed.
 */
@RequiresRoot
class NftRulesetTest {

    @Test
    void theRulesetIsExactlyTheSdksRules() {
        try (NetworkStack stack = NatLab.openStack(NatLab.NFTABLES); NetNamespace ns = stack.createAnonymousNamespace()) {
            NatRuleHandle masq = ns.nat().apply(NatRule.masquerade("192.168.15.0/24"));
            NatRuleHandle forward = ns.nat().apply(NatRule.portForward(Protocol.TCP, 80, "192.168.15.2", 80));
            FilterRuleHandle drop = ns.packetFilter().filter().apply(FilterRule.drop(Direction.INPUT).from("10.0.0.1").build());
            FilterRuleHandle reject = ns.packetFilter().filter().apply(FilterRule.reject(Direction.FORWARD)
                    .protocol(IpProtocol.TCP).destinationPort(22).newConnectionsOnly().build());

            List<Map<String, Object>> entries = entries(ns);
            assertThat(of(entries, "table")).singleElement().satisfies(t -> {
                assertThat(t.get("family")).isEqualTo("inet");
                assertThat(t.get("name")).isEqualTo("netns");
            });
            assertThat(of(entries, "chain")).extracting(c -> c.get("name") + " " + c.get("type") + " " + c.get("hook")
                    + " " + c.get("prio")).containsExactlyInAnyOrder("postrouting nat postrouting 100",
                    "prerouting nat prerouting -100", "nat-output nat output -100", "input filter input 0",
                    "forward filter forward 0");
            List<Map<String, Object>> rules = of(entries, "rule");
            assertThat(rules).allSatisfy(r -> assertThat(r.get("table")).isEqualTo("netns"));
            // A port forward is three rules here (prerouting, output, and the 127.0.0.1 masquerade).
            assertThat(rules).extracting(r -> r.get("comment")).containsExactlyInAnyOrder("netns:" + masq.id(),
                    "netns:" + forward.id(), "netns:" + forward.id(), "netns:" + forward.id(), "netns:" + drop.id(),
                    "netns:" + reject.id());

            forward.close();
            assertThat(of(entries(ns), "rule")).hasSize(3);
            masq.close();
            drop.close();
            reject.close();
            List<Map<String, Object>> after = entries(ns);
            assertThat(of(after, "table")).isEmpty();
            assertThat(of(after, "rule")).isEmpty();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(NetNamespace ns) {
        Map<String, Object> root = (Map<String, Object>) Json.parse(ns.exec("nft", "-j", "list", "ruleset").orThrow().stdout());
        return (List<Map<String, Object>>) root.get("nftables");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> of(List<Map<String, Object>> entries, String kind) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> e : entries) {
            if (e.containsKey(kind)) {
                out.add((Map<String, Object>) e.get(kind));
            }
        }
        return out;
    }
}
