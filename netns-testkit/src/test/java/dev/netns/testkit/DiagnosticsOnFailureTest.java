package dev.netns.testkit;

import static dev.netns.testkit.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.NatRule;
import dev.netns.NetNamespace;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/** A failing test's report carries each namespace's links, addresses, routes and NAT rules. */
@RequiresRoot
class DiagnosticsOnFailureTest {

    @OnlyInEngineTestKit
    @NetnsTest
    static class FailingExample {
        @NetworkTopology
        static Topology lan() {
            return Topology.builder().host("red").host("blue")
                    .bridge("v-net-0", "192.168.15.5/24")
                    .link("red", "v-net-0", "192.168.15.1/24")
                    .link("blue", "v-net-0", "192.168.15.2/24")
                    .defaultRoute("red", "192.168.15.5")
                    .nat(NatRule.masquerade("192.168.15.0/24"))
                    .build();
        }

        @Test
        void blueIsNotListening(@Host("red") NetNamespace red) {
            assertThat(red).withTimeout(Duration.ofMillis(500)).canConnect("192.168.15.2", 80);
        }
    }

    @Test
    void failureCarriesTheNetworkState() {
        EngineExecutionResults results = EngineRuns.run(FailingExample.class);
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        Throwable failure = results.testEvents().failed().stream().findFirst()
                .flatMap(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class))
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElseThrow();
        assertThat(failure).hasMessageContaining("expected red (net:[").hasMessageContaining("192.168.15.2:80")
                .hasMessageContaining("connection refused");
        List<Throwable> suppressed = Arrays.asList(failure.getSuppressed());
        assertThat(suppressed).hasAtLeastOneElementOfType(NetworkDiagnostics.class);
        String report = suppressed.stream().filter(NetworkDiagnostics.class::isInstance).findFirst().orElseThrow().getMessage();
        assertThat(report)
                .contains("== sandbox (net:[", "== red (net:[", "== blue (net:[")
                .contains("-- links", "v-net-0 (bridge) UP", "eth0 (veth) UP")
                .contains("-- addresses", "192.168.15.1/24", "192.168.15.2/24", "192.168.15.5/24")
                .contains("-- routes", "default via 192.168.15.5")
                .contains("-- rules and their tables: none", "-- neighbours")
                .contains("-- NAT rules (SDK)", "192.168.15.0/24")
                .contains("-- packet filter", "(nftables)", "postrouting: meta nfproto ipv4 ip saddr 192.168.15.0/24 masquerade # netns:");
        // after the state, the timeline of what the SDK did to build it, in the hosts' names
        String timeline = report.substring(report.indexOf("-- events"));
        assertThat(report.indexOf("-- events")).isGreaterThan(report.lastIndexOf("-- packet filter"));
        assertThat(timeline)
                .containsPattern("\\d+\\.\\d{3} ms  NAMESPACE_CREATED  sandbox  ")
                .contains("NAMESPACE_CREATED  red  ", "NAMESPACE_CREATED  blue  ")
                .contains("LINK_CREATED  sandbox  bridge v-net-0 (")
                .contains("ADDRESS_ADDED  sandbox  192.168.15.5/24 on v-net-0 (")
                .contains("ADDRESS_ADDED  red  192.168.15.1/24 on eth0 (")
                .contains("ROUTE_ADDED  red  default via 192.168.15.5 (")
                .contains("NAT_RULE_APPLIED  sandbox  Masquerade[source=192.168.15.0/24")
                .doesNotContain("PROCESS_STARTED"); // nothing of it started a process
        assertThat(timeline.indexOf("NAMESPACE_CREATED  red")).isLessThan(timeline.indexOf("ADDRESS_ADDED  red"));

        List<ReportEntry> entries = results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class)).toList();
        assertThat(entries).anySatisfy(e -> assertThat(e.getKeyValuePairs().get("netns.diagnostics"))
                .contains("192.168.15.1/24", "ADDRESS_ADDED  red  192.168.15.1/24"));
        assertThat(results.testEvents().failed().stream().map(Event::getTestDescriptor).findFirst().orElseThrow()
                .getDisplayName()).contains("blueIsNotListening");
    }
}
