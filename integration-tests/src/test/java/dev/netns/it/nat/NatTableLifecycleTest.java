package dev.netns.it.nat;

import static dev.netns.it.nat.NatLab.BLUE;
import static dev.netns.it.nat.NatLab.HOST_WAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.netns.NatRule;
import dev.netns.NatRule.Protocol;
import dev.netns.NatRuleHandle;
import dev.netns.NatTable;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import dev.netns.testkit.RequiresRoot;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Handles remove exactly their rule; clearing leaves nothing of the SDK; user rules stay put. */
@RequiresRoot
class NatTableLifecycleTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {NatLab.NFTABLES, NatLab.IPTABLES})
    void closingTheHandleStopsForwarding(String backend) {
        try (NatLab lab = NatLab.create(backend)) {
            HttpServer server = Traffic.httpServer(lab.blue, BLUE, 80, "blue");
            try {
                NatTable nat = lab.host.nat();
                NatRuleHandle other = nat.apply(NatRule.masquerade("192.168.15.0/24"));
                NatRuleHandle forward = nat.apply(NatRule.portForward(Protocol.TCP, 80, BLUE, 80));
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Traffic.httpGet(lab.wan, HOST_WAN, 80))
                        .get().extracting(Traffic.Http::status).isEqualTo(200));

                forward.close();
                assertThat(forward.isActive()).isFalse();
                assertThat(Traffic.httpGet(lab.wan, HOST_WAN, 80)).isEmpty();
                assertThat(lab.hostRules()).doesNotContain("netns:" + forward.id()).contains("netns:" + other.id());
                assertThat(nat.rules()).containsExactly(other.rule());

                forward.close(); // idempotent
                other.close();
                // nf_tables: the table goes with the last rule; iptables keeps its (empty) chains.
                assertThat(lab.hostRules()).doesNotContain("netns:").doesNotContain("table inet netns");
            } finally {
                server.stop(0);
            }
        }
    }

    @Test
    void clearLeavesNoSdkChainAndTheUsersRulesUnchangedInOrder() {
        try (NetworkStack stack = NatLab.openStack(NatLab.IPTABLES); NetNamespace ns = stack.createAnonymousNamespace()) {
            ns.exec("iptables", "-t", "nat", "-A", "POSTROUTING", "-s", "10.9.0.0/16", "-j", "MASQUERADE").orThrow();
            ns.exec("iptables", "-t", "nat", "-A", "PREROUTING", "-p", "tcp", "--dport", "81", "-j", "DNAT",
                    "--to-destination", "10.9.0.2:81").orThrow();
            ns.exec("iptables", "-t", "nat", "-A", "POSTROUTING", "-s", "10.8.0.0/16", "-j", "MASQUERADE").orThrow();
            List<String> before = userRules(save(ns));

            NatTable nat = ns.nat();
            nat.apply(NatRule.masquerade("192.168.15.0/24"));
            nat.applyAll(List.of(NatRule.portForward(Protocol.TCP, 80, BLUE, 80),
                    NatRule.portForward(Protocol.UDP, 53, BLUE, 53), NatRule.snat("10.7.0.0/16", "203.0.113.1")));
            String during = save(ns);
            assertThat(during).contains(":NETNS-PREROUTING", ":NETNS-OUTPUT", ":NETNS-POSTROUTING");
            assertThat(userRules(during)).isEqualTo(before);
            assertThat(nat.rules()).hasSize(4);

            nat.clear();
            String after = save(ns);
            assertThat(after).doesNotContain("NETNS").doesNotContain("netns:");
            assertThat(userRules(after)).isEqualTo(before);
            assertThat(nat.rules()).isEmpty();

            // Usable again, and close() is clear().
            nat.apply(NatRule.masquerade("192.168.15.0/24"));
            nat.close();
            assertThat(save(ns)).doesNotContain("NETNS");
        }
    }

    @Test
    void aNamespaceWithLegacyRulesGetsLegacyRules() {
        try (NetworkStack stack = NatLab.openStack(NatLab.IPTABLES); NetNamespace ns = stack.createAnonymousNamespace()) {
            if (!ns.exec("iptables-legacy", "-t", "nat", "-A", "POSTROUTING", "-s", "10.9.0.0/16", "-j", "MASQUERADE")
                    .succeeded()) {
                org.junit.jupiter.api.Assumptions.abort("iptables-legacy is not usable here");
            }
            NatTable nat = ns.nat();
            NatRuleHandle h = nat.apply(NatRule.masquerade("192.168.15.0/24"));
            assertThat(ns.exec("iptables-legacy-save", "-t", "nat").orThrow().stdout()).contains("netns:" + h.id());
            assertThat(ns.exec("iptables-nft-save").orThrow().stdout()).doesNotContain("NETNS");
            nat.clear();
            assertThat(ns.exec("iptables-legacy-save", "-t", "nat").orThrow().stdout()).doesNotContain("NETNS");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {NatLab.NFTABLES, NatLab.IPTABLES})
    void aRuleOfAReleasedNamedNamespaceIsRemovedWhenItsHandleIsClosed(String backend) {
        String name = "nt-nat-release-" + ProcessHandle.current().pid();
        try (NetworkStack stack = NatLab.openStack(backend)) {
            NetNamespace ns = stack.createNamespace(name);
            try {
                NatRuleHandle h = ns.nat().apply(NatRule.masquerade("192.168.15.0/24"));
                if (backend.equals(NatLab.NFTABLES)) {
                    // Created by this JVM and named: the table belongs to its socket until released.
                    assertThat(NatLab.rules(ns, backend)).contains("flags owner", "netns:" + h.id());
                }
                ns.release(); // the namespace, and the rule, live on under /run/netns
                try (NetNamespace again = stack.openNamespace(name)) {
                    assertThat(NatLab.rules(again, backend)).contains("netns:" + h.id());
                    if (backend.equals(NatLab.NFTABLES)) {
                        // Re-created without an owner, so it outlived the socket of the released handle.
                        assertThat(NatLab.rules(again, backend)).contains("table inet netns").doesNotContain("flags owner");
                    }
                    h.close();
                    assertThat(h.isActive()).isFalse();
                    assertThat(NatLab.rules(again, backend)).doesNotContain("netns:" + h.id());
                }
            } finally {
                stack.deleteNamespace(name);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {NatLab.NFTABLES, NatLab.IPTABLES})
    void aRuleOfADeletedNamespaceIsOnlyForgotten(String backend) {
        try (NetworkStack stack = NatLab.openStack(backend)) {
            NetNamespace ns = stack.createNamespace("nt-nat-delete-" + ProcessHandle.current().pid());
            NatRuleHandle h = ns.nat().apply(NatRule.masquerade("192.168.15.0/24"));
            ns.delete();
            h.close(); // nothing to reach: the rule went with the namespace
            assertThat(h.isActive()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {NatLab.NFTABLES, NatLab.IPTABLES})
    void routeLocalnetIsOnOnlyWhileAPortForwardIs(String backend) {
        String key = "net.ipv4.conf.all.route_localnet";
        try (NetworkStack stack = NatLab.openStack(backend); NetNamespace ns = stack.createAnonymousNamespace()) {
            assertThat(ns.sysctl(key)).isEqualTo("0");
            NatRuleHandle a = ns.nat().apply(NatRule.portForward(Protocol.TCP, 80, BLUE, 80));
            NatRuleHandle b = ns.nat().apply(NatRule.portForward(Protocol.TCP, 81, BLUE, 81));
            assertThat(ns.sysctl(key)).isEqualTo("1");
            a.close();
            assertThat(ns.sysctl(key)).isEqualTo("1");
            b.close();
            assertThat(ns.sysctl(key)).isEqualTo("0");
        }
    }

    @Test
    void nftablesClearLeavesOnlyTheUsersTablesWhichKeepWorkingBesideTheSdks() {
        try (NetworkStack stack = NatLab.openStack(NatLab.NFTABLES); NetNamespace ns = stack.createAnonymousNamespace()) {
            // A user's own table (nft) and iptables-nft rules, in the same namespace.
            ns.exec("nft", "add table ip user; add chain ip user post { type nat hook postrouting priority 100; };"
                    + " add rule ip user post ip saddr 10.9.0.0/16 masquerade").orThrow();
            ns.exec("iptables-nft", "-t", "nat", "-A", "POSTROUTING", "-s", "10.8.0.0/16", "-j", "MASQUERADE").orThrow();
            String before = ns.exec("nft", "list", "ruleset").orThrow().stdout();

            NatTable nat = ns.nat();
            nat.apply(NatRule.masquerade("192.168.15.0/24"));
            nat.applyAll(List.of(NatRule.portForward(Protocol.TCP, 80, BLUE, 80),
                    NatRule.portForward(Protocol.UDP, 53, BLUE, 53), NatRule.snat("10.7.0.0/16", "203.0.113.1")));
            String during = ns.exec("nft", "list", "ruleset").orThrow().stdout();
            assertThat(during).contains("table inet netns", "table ip user", "ip saddr 10.9.0.0/16 masquerade",
                    "ip saddr 10.8.0.0/16");
            assertThat(nat.rules()).hasSize(4);
            // Exactly the SDK's rules in its table: one comment per rendered rule, each one ours.
            assertThat(ns.packetFilter().ruleset().lines().count()).isEqualTo(1 + 3 + 3 + 1);

            nat.clear();
            assertThat(ns.exec("nft", "list", "ruleset").orThrow().stdout()).isEqualTo(before).doesNotContain("netns");
            assertThat(nat.rules()).isEmpty();
        }
    }

    static String save(NetNamespace ns) {
        return ns.exec("iptables-save", "-t", "nat").orThrow().stdout();
    }

    static List<String> userRules(String save) {
        return save.lines().filter(l -> l.startsWith("-A ") && !l.contains("NETNS")).collect(Collectors.toList());
    }
}
