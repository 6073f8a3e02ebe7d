package dev.netns.iptables.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.ToolNotFoundException;
import dev.netns.NatRule;
import dev.netns.NatRule.Protocol;
import dev.netns.NatRuleHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NamespaceNatTest {

    private final FakeIptables fake = new FakeIptables();
    private final IptablesNatTable table = new IptablesNatTable(fake, new NamespaceNat(FakeIptables.BOTH));

    @Test
    void firstApplyCreatesChainsOnceAndLaterAppliesOnlyAppend() {
        NatRuleHandle h1 = table.apply(NatRule.masquerade("192.168.15.0/24"));
        NatRuleHandle h2 = table.apply(NatRule.snat("10.0.0.0/8", "203.0.113.1"));
        assertThat(fake.scripts.get(0)).contains("-N NETNS-POSTROUTING", "-A POSTROUTING -j NETNS-POSTROUTING");
        assertThat(fake.scripts.get(1)).doesNotContain("NETNS-PREROUTING", "-N ", "-A POSTROUTING");
        assertThat(fake.rules("nft", "POSTROUTING")).containsExactly("-j NETNS-POSTROUTING");
        assertThat(fake.rules("nft", "NETNS-POSTROUTING")).hasSize(2);
        assertThat(table.rules()).containsExactly(h1.rule(), h2.rule());
        assertThat(h1.id()).matches("[0-9a-f]{12}").isNotEqualTo(h2.id());
        assertThat(table.variant()).isEqualTo("nft");
        // Every restore is atomic and waits for the xtables lock.
        assertThat(fake.commands).filteredOn(c -> c.get(0).endsWith("restore"))
                .allSatisfy(c -> assertThat(c).containsExactly("/usr/sbin/iptables-nft-restore", "--noflush", "--wait=30"));
    }

    @Test
    void closeRemovesExactlyThatRuleAndIsIdempotent() {
        NatRuleHandle h1 = table.apply(NatRule.masquerade("192.168.15.0/24"));
        NatRuleHandle h2 = table.apply(NatRule.masquerade("192.168.16.0/24"));
        h1.close();
        h1.close();
        assertThat(h1.isActive()).isFalse();
        assertThat(h2.isActive()).isTrue();
        assertThat(fake.rules("nft", "NETNS-POSTROUTING")).singleElement().asString().contains("192.168.16.0/24");
        assertThat(table.rules()).containsExactly(h2.rule());
    }

    @Test
    void removalFallsBackToWhatIsLeftWhenARuleWasPartlyDeletedByHand() {
        NatRuleHandle h = table.apply(NatRule.portForward(Protocol.TCP, 80, "192.168.15.2", 80));
        List<String> pre = fake.rules("nft", "NETNS-PREROUTING");
        synchronized (fake) {
            fake.tables.get("nft").get("NETNS-PREROUTING").clear();
        }
        assertThat(pre).hasSize(1);
        h.close();
        assertThat(h.isActive()).isFalse();
        assertThat(fake.rules("nft", "NETNS-OUTPUT")).isEmpty();
        assertThat(fake.rules("nft", "NETNS-POSTROUTING")).isEmpty();
    }

    @Test
    void portForwardSetsRouteLocalnetAndMasqueradesHairpinOnTheTargetsSubnet() {
        table.apply(NatRule.portForward(Protocol.TCP, 80, "192.168.15.2", 80));
        assertThat(fake.sysctls).containsEntry("net.ipv4.conf.all.route_localnet", "1");
        assertThat(fake.rules("nft", "NETNS-POSTROUTING")).anySatisfy(r -> assertThat(r)
                .startsWith("-s 192.168.15.0/24 -d 192.168.15.2/32 -p tcp -m tcp --dport 80 -m conntrack --ctstate DNAT"));
        assertThat(fake.rules("nft", "NETNS-POSTROUTING")).noneMatch(r -> r.startsWith("-s 203.0.113.0/24"));
    }

    @Test
    void routeLocalnetIsPutBackWhenTheLastPortForwardGoes() {
        NatRuleHandle masq = table.apply(NatRule.masquerade("192.168.15.0/24"));
        assertThat(fake.sysctlWrites).isEmpty();
        NatRuleHandle f1 = table.apply(NatRule.portForward(Protocol.TCP, 80, "192.168.15.2", 80));
        NatRuleHandle f2 = table.apply(NatRule.portForward(Protocol.TCP, 81, "192.168.15.2", 81));
        assertThat(fake.sysctlWrites).containsExactly(NamespaceNat.ROUTE_LOCALNET + "=1");
        f1.close();
        assertThat(fake.sysctls).containsEntry(NamespaceNat.ROUTE_LOCALNET, "1");
        f2.close();
        assertThat(fake.sysctls).containsEntry(NamespaceNat.ROUTE_LOCALNET, "0");
        masq.close();
        assertThat(fake.sysctlWrites).containsExactly(NamespaceNat.ROUTE_LOCALNET + "=1", NamespaceNat.ROUTE_LOCALNET + "=0");
        // A new first forward records the value afresh.
        table.apply(NatRule.portForward(Protocol.TCP, 80, "192.168.15.2", 80));
        table.clear();
        assertThat(fake.sysctls).containsEntry(NamespaceNat.ROUTE_LOCALNET, "0");
    }

    @Test
    void routeLocalnetThatWasOnAlreadyIsLeftAlone() {
        fake.sysctls.put(NamespaceNat.ROUTE_LOCALNET, "1");
        table.apply(NatRule.portForward(Protocol.TCP, 80, "192.168.15.2", 80)).close();
        assertThat(fake.sysctlWrites).isEmpty();
        assertThat(fake.sysctls).containsEntry(NamespaceNat.ROUTE_LOCALNET, "1");
    }

    @Test
    void aPortForwardWithAnInputInterfaceDoesNotNeedRouteLocalnet() {
        table.apply(NatRule.portForward(Protocol.TCP, 80, "192.168.15.2", 80).arrivingOn("eth0"));
        assertThat(fake.sysctlWrites).isEmpty();
    }

    @Test
    void routeLocalnetIsPutBackWhenThePortForwardFails() {
        fake.failWith = "iptables-restore: line 3 failed\n";
        assertThatThrownBy(() -> table.apply(NatRule.portForward(Protocol.TCP, 80, "192.168.15.2", 80)))
                .isInstanceOf(IptablesException.class).hasMessageContaining("nothing was changed");
        assertThat(fake.sysctls).containsEntry(NamespaceNat.ROUTE_LOCALNET, "0");
        fake.failWith = null;
        table.apply(NatRule.portForward(Protocol.TCP, 80, "192.168.15.2", 80)).close();
        assertThat(fake.sysctls).containsEntry(NamespaceNat.ROUTE_LOCALNET, "0");
    }

    @Test
    void routeLocalnetOfAGoneNamespaceIsNotWritten() {
        NatRuleHandle f = table.apply(NatRule.portForward(Protocol.TCP, 80, "192.168.15.2", 80));
        fake.closed = true;
        fake.namespaceGone = true;
        f.close();
        assertThat(fake.sysctlWrites).containsExactly(NamespaceNat.ROUTE_LOCALNET + "=1");
    }

    @Test
    void batchIsOneRestore() {
        List<NatRule> rules = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rules.add(NatRule.portForward(Protocol.UDP, 10000 + i, "192.168.15.2", 10000 + i));
        }
        List<NatRuleHandle> handles = table.applyAll(rules);
        assertThat(handles).hasSize(100);
        assertThat(fake.scripts).hasSize(1);
        assertThat(fake.rules("nft", "NETNS-PREROUTING")).hasSize(100);
        assertThat(table.rules()).isEqualTo(rules);
    }

    @Test
    void failingRestoreCarriesStderrAndLeavesNothing() {
        table.apply(NatRule.masquerade("192.168.15.0/24"));
        fake.failWith = "iptables-restore v1.8.9 (nf_tables): Couldn't load match `comment'\nline 2 failed\n";
        assertThatThrownBy(() -> table.apply(NatRule.masquerade("192.168.16.0/24")))
                .isInstanceOf(IptablesException.class)
                .hasMessageContaining("Couldn't load match `comment'")
                .hasMessageContaining("[input line: -A NETNS-POSTROUTING -s 192.168.16.0/24")
                .satisfies(e -> assertThat(((IptablesException) e).input()).contains("192.168.16.0/24"))
                .satisfies(e -> assertThat(((IptablesException) e).stderr()).contains("comment"));
        fake.failWith = null;
        assertThat(table.rules()).hasSize(1);
        assertThat(fake.rules("nft", "NETNS-POSTROUTING")).hasSize(1);
    }

    @Test
    void recoversWhenTheTableWasFlushedBehindItsBack() {
        table.apply(NatRule.masquerade("192.168.15.0/24"));
        synchronized (fake) {
            fake.tables.put("nft", FakeIptables.newTable());
        }
        NatRuleHandle h = table.apply(NatRule.masquerade("192.168.16.0/24"));
        assertThat(fake.rules("nft", "NETNS-POSTROUTING")).hasSize(1);
        assertThat(table.rules()).containsExactly(h.rule());
    }

    @Test
    void clearLeavesNoChainAndKeepsTheUsersRules() {
        synchronized (fake) {
            fake.tables.get("nft").get("POSTROUTING").add("-s 10.9.0.0/16 -j MASQUERADE");
        }
        NatRuleHandle h = table.apply(NatRule.masquerade("192.168.15.0/24"));
        table.apply(NatRule.portForward(Protocol.TCP, 80, "192.168.15.2", 80));
        table.clear();
        String save = FakeIptables.save(fake.tables.get("nft"));
        assertThat(save).doesNotContain("NETNS");
        assertThat(fake.rules("nft", "POSTROUTING")).containsExactly("-s 10.9.0.0/16 -j MASQUERADE");
        assertThat(table.rules()).isEmpty();
        assertThat(h.isActive()).isFalse();
        h.close();
        table.clear();
        table.apply(NatRule.masquerade("192.168.15.0/24"));
        assertThat(fake.rules("nft", "NETNS-POSTROUTING")).hasSize(1);
    }

    @Test
    void firstRuleInAFreshNamespaceIsOneProcess() {
        table.apply(NatRule.masquerade("192.168.15.0/24"));
        // No *-save at all: /proc tells legacy is unused, and the chains are created blindly.
        assertThat(fake.commands).singleElement()
                .isEqualTo(List.of("/usr/sbin/iptables-nft-restore", "--noflush", "--wait=30"));
        assertThat(fake.legacyTableReads).hasValue(1);
        assertThat(fake.scripts.get(0)).startsWith("*nat\n-N NETNS-PREROUTING\n-N NETNS-OUTPUT\n-N NETNS-POSTROUTING\n");
        assertThat(fake.rules("nft", "PREROUTING")).containsExactly("-j NETNS-PREROUTING");
        assertThat(fake.rules("nft", "OUTPUT")).containsExactly("-j NETNS-OUTPUT");
        assertThat(fake.rules("nft", "NETNS-POSTROUTING")).hasSize(1);
        assertThat(fake.tables.get("legacy")).as("legacy nat table created").isEmpty();
        table.apply(NatRule.masquerade("192.168.16.0/24"));
        assertThat(fake.commands).hasSize(2);
        assertThat(table.variant()).isEqualTo("nft");
        assertThat(fake.legacyTableReads).hasValue(1);
    }

    @Test
    void existingSdkChainsAreNeverFlushedByTheBlindFirstApply() {
        // Left by another JVM (or handle) in a named namespace: chain, jump and a rule.
        String theirs = "-s 10.1.0.0/16 -m comment --comment netns:0123456789ab -j MASQUERADE";
        synchronized (fake) {
            fake.tables.get("nft").put("NETNS-POSTROUTING", new ArrayList<>(List.of(theirs)));
            fake.tables.get("nft").get("POSTROUTING").add("-j NETNS-POSTROUTING");
            fake.tables.get("nft").get("POSTROUTING").add("-s 10.9.0.0/16 -j MASQUERADE");
        }
        NatRuleHandle h = table.apply(NatRule.masquerade("192.168.15.0/24"));
        // The blind -N fails as a whole; the table is read and the apply retried.
        assertThat(fake.commands).extracting(c -> Path.of(c.get(0)).getFileName().toString())
                .containsExactly("iptables-nft-restore", "iptables-nft-save", "iptables-nft-restore");
        assertThat(fake.rules("nft", "NETNS-POSTROUTING")).hasSize(2).first().isEqualTo(theirs);
        // The user's rule keeps its place; the existing jump is not repeated, the missing ones added.
        assertThat(fake.rules("nft", "POSTROUTING")).containsExactly("-j NETNS-POSTROUTING", "-s 10.9.0.0/16 -j MASQUERADE");
        assertThat(fake.rules("nft", "PREROUTING")).containsExactly("-j NETNS-PREROUTING");
        assertThat(table.rules()).containsExactly(h.rule());
        h.close();
        assertThat(fake.rules("nft", "NETNS-POSTROUTING")).containsExactly(theirs);
    }

    @Test
    void chainsCreatedBehindAStaleBeliefAreNotFlushed() {
        table.apply(NatRule.masquerade("192.168.15.0/24"));
        table.clear();
        // Another process creates the chains after our clear(), while we believe they are gone.
        String theirs = "-s 10.1.0.0/16 -m comment --comment netns:0123456789ab -j MASQUERADE";
        synchronized (fake) {
            fake.tables.get("nft").put("NETNS-POSTROUTING", new ArrayList<>(List.of(theirs)));
        }
        table.apply(NatRule.masquerade("192.168.16.0/24"));
        assertThat(fake.rules("nft", "NETNS-POSTROUTING")).hasSize(2).first().isEqualTo(theirs);
        assertThat(fake.rules("nft", "POSTROUTING")).containsExactly("-j NETNS-POSTROUTING");
    }

    @Test
    void failingBlindFirstApplyLeavesNothingAndIsNotRetried() {
        fake.failWith = "iptables-restore v1.8.9 (nf_tables): Couldn't load match `comment'\nline 5 failed\n";
        assertThatThrownBy(() -> table.apply(NatRule.masquerade("192.168.15.0/24")))
                .isInstanceOf(IptablesException.class)
                .hasMessageContaining("Couldn't load match `comment'")
                .hasMessageContaining("[input line: -A PREROUTING -j NETNS-PREROUTING]");
        // One probe shows no SDK chain, so the failure was not our guess: no second restore.
        assertThat(fake.commands).extracting(c -> Path.of(c.get(0)).getFileName().toString())
                .containsExactly("iptables-nft-restore", "iptables-nft-save");
        assertThat(FakeIptables.save(fake.tables.get("nft"))).doesNotContain("NETNS");
        fake.failWith = null;
        table.apply(NatRule.masquerade("192.168.15.0/24"));
        assertThat(fake.rules("nft", "NETNS-POSTROUTING")).hasSize(1);
        assertThat(fake.commands).hasSize(3);
    }

    @Test
    void aLegacyTableWithoutRulesStillMeansReadingBoth() {
        synchronized (fake) {
            fake.tables.put("legacy", FakeIptables.newTable());
        }
        table.apply(NatRule.masquerade("192.168.15.0/24"));
        assertThat(fake.commands).extracting(c -> Path.of(c.get(0)).getFileName().toString())
                .containsExactly("iptables-nft-save", "iptables-legacy-save", "iptables-nft-restore");
        assertThat(table.variant()).isEqualTo("nft");
    }

    @Test
    void unreadableLegacyTableListMeansReadingBoth() {
        fake.legacyTablesUnreadable = true;
        table.apply(NatRule.masquerade("192.168.15.0/24"));
        assertThat(fake.commands).extracting(c -> Path.of(c.get(0)).getFileName().toString())
                .containsExactly("iptables-nft-save", "iptables-legacy-save", "iptables-nft-restore");
    }

    @Test
    void preferredLegacyWithoutLegacyTablesReadsOnlyNft() {
        var legacyFirst = new Binaries(FakeIptables.NFT, FakeIptables.LEGACY, FakeIptables.LEGACY, List.of());
        var t = new IptablesNatTable(fake, new NamespaceNat(legacyFirst));
        t.apply(NatRule.masquerade("192.168.15.0/24"));
        assertThat(fake.commands).extracting(c -> Path.of(c.get(0)).getFileName().toString())
                .containsExactly("iptables-nft-save", "iptables-legacy-restore");
        assertThat(t.variant()).isEqualTo("legacy");
        assertThat(fake.rules("legacy", "NETNS-POSTROUTING")).hasSize(1);
    }

    @Test
    void preferredLegacyYieldsToNftRulesEvenWithoutLegacyTables() {
        synchronized (fake) {
            fake.tables.get("nft").get("POSTROUTING").add("-s 10.9.0.0/16 -j MASQUERADE");
        }
        var legacyFirst = new Binaries(FakeIptables.NFT, FakeIptables.LEGACY, FakeIptables.LEGACY, List.of());
        var t = new IptablesNatTable(fake, new NamespaceNat(legacyFirst));
        t.apply(NatRule.masquerade("192.168.15.0/24"));
        assertThat(t.variant()).isEqualTo("nft");
        assertThat(fake.rules("nft", "POSTROUTING")).containsExactly("-s 10.9.0.0/16 -j MASQUERADE", "-j NETNS-POSTROUTING");
    }

    @Test
    void variantWithExistingRulesWins() {
        synchronized (fake) {
            fake.tables.put("legacy", FakeIptables.newTable());
            fake.tables.get("legacy").get("POSTROUTING").add("-s 10.9.0.0/16 -j MASQUERADE");
        }
        table.apply(NatRule.masquerade("192.168.15.0/24"));
        assertThat(table.variant()).isEqualTo("legacy");
        assertThat(fake.rules("legacy", "NETNS-POSTROUTING")).hasSize(1);
        assertThat(fake.rules("legacy", "POSTROUTING")).containsExactly("-s 10.9.0.0/16 -j MASQUERADE", "-j NETNS-POSTROUTING");
        assertThat(fake.rules("nft", "NETNS-POSTROUTING")).isNull();
    }

    @Test
    void preferredVariantWhenNeitherHasRules() {
        var b = new Binaries(FakeIptables.NFT, FakeIptables.LEGACY, FakeIptables.LEGACY, List.of());
        assertThat(NamespaceNat.choose(b, NatState.empty(), NatState.empty())).isEqualTo(FakeIptables.LEGACY);
        assertThat(NamespaceNat.choose(FakeIptables.BOTH, NatState.empty(), NatState.empty())).isEqualTo(FakeIptables.NFT);
    }

    @Test
    void noIptablesIsATypedErrorNamingThePackage() {
        var none = new IptablesNatTable(fake, new NamespaceNat(new Binaries(null, null, null, List.of(Path.of("/usr/sbin")))));
        assertThatThrownBy(() -> none.apply(NatRule.masquerade("192.168.15.0/24")))
                .isInstanceOf(ToolNotFoundException.class)
                .hasMessageContaining("/usr/sbin")
                .hasMessageContaining("apt-get install iptables")
                .satisfies(e -> assertThat(((ToolNotFoundException) e).debianPackage()).isEqualTo("iptables"));
        assertThat(fake.commands).isEmpty();
    }

    @Test
    void eightThreadsApplyingAndRemovingLoseNothingAndNeverOverlap() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CyclicBarrier start = new CyclicBarrier(8);
            List<Future<List<NatRuleHandle>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<NatRuleHandle> kept = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        NatRuleHandle h = table.apply(NatRule.portForward(Protocol.TCP, 1000 + thread * 100 + i, "192.168.15.2", 80));
                        if (i % 2 == 0) {
                            h.close();
                        } else {
                            kept.add(h);
                        }
                    }
                    return kept;
                }));
            }
            List<NatRuleHandle> kept = new ArrayList<>();
            for (Future<List<NatRuleHandle>> f : futures) {
                kept.addAll(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(kept).hasSize(80);
            assertThat(table.rules()).hasSize(80);
            assertThat(fake.rules("nft", "NETNS-PREROUTING")).hasSize(80);
            assertThat(fake.overlapped).as("two iptables processes ran at once in one namespace").isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closingARuleOfAGoneNamespaceOnlyForgetsIt() {
        NatRuleHandle h = table.apply(NatRule.masquerade("192.168.15.0/24"));
        int before = fake.commands.size();
        fake.closed = true;
        fake.namespaceGone = true;
        h.close();
        assertThat(h.isActive()).isFalse();
        assertThat(fake.commands).hasSize(before);
    }

    @Test
    void closingARuleThroughAClosedHandleOfANamespaceThatLivesOnRemovesIt() {
        NatRuleHandle keep = table.apply(NatRule.masquerade("192.168.16.0/24"));
        NatRuleHandle h = table.apply(NatRule.masquerade("192.168.15.0/24"));
        fake.closed = true; // released, but the named namespace is still there
        h.close();
        assertThat(h.isActive()).isFalse();
        assertThat(fake.rules("nft", "NETNS-POSTROUTING")).singleElement().asString().contains("192.168.16.0/24");
        assertThat(fake.released).hasValue(1);
        assertThat(keep.isActive()).isTrue();
    }

    @Test
    void closingARuleThroughAClosedHandleGoesThroughAnotherOpenHandle() {
        NamespaceNat state = new NamespaceNat(FakeIptables.BOTH);
        boolean[] closedA = {false};
        dev.netns.NetNamespace a = handle(closedA);
        dev.netns.NetNamespace b = handle(new boolean[] {false});
        state.adopt(a);
        state.adopt(b);
        IptablesNatTable viaA = new IptablesNatTable(fake, state);
        NatRuleHandle h = viaA.apply(NatRule.masquerade("192.168.15.0/24"));
        closedA[0] = true;
        fake.closed = true;
        h.close();
        assertThat(fake.reopenedWith).containsExactly(b);
        assertThat(fake.rules("nft", "NETNS-POSTROUTING")).isEmpty();
        assertThat(h.isActive()).isFalse();
    }

    @Test
    void stateIsKeptWhileAHandleIsOpenAndReplacedOnceAllAreClosed() {
        boolean[] closedA = {false};
        dev.netns.NetNamespace a = handle(closedA);
        dev.netns.NetNamespace b = handle(new boolean[] {false});
        NamespaceNat state = new NamespaceNat(FakeIptables.BOTH);
        assertThat(state.adopt(a)).isTrue();
        assertThat(state.adopt(a)).isTrue();
        assertThat(state.adopt(b)).isTrue();
        closedA[0] = true;
        assertThat(state.adopt(a)).isTrue(); // b still holds the namespace alive
        NamespaceNat other = new NamespaceNat(FakeIptables.BOTH);
        boolean[] closedC = {false};
        assertThat(other.adopt(handle(closedC))).isTrue();
        closedC[0] = true;
        // Every handle it knew is closed: the id may belong to a new namespace now.
        assertThat(other.adopt(handle(new boolean[] {false}))).isFalse();
    }

    private static dev.netns.NetNamespace handle(boolean[] closed) {
        return (dev.netns.NetNamespace) java.lang.reflect.Proxy.newProxyInstance(NamespaceNatTest.class.getClassLoader(),
                new Class<?>[] {dev.netns.NetNamespace.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "isClosed":
                            return closed[0];
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    @Test
    void nullRulesAreRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> table.apply(null)).isInstanceOf(dev.netns.InvalidInputException.class);
        assertThatThrownBy(() -> table.applyAll(null)).isInstanceOf(dev.netns.InvalidInputException.class);
        assertThat(fake.commands).isEmpty();
        assertThat(table.applyAll(List.of())).isEmpty();
    }
}
