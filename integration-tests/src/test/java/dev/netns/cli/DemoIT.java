package dev.netns.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netns.testkit.RequiresRoot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./netns demo}, the README's first command, run in-process through {@link Main#run} (in
 * this package because it is package-private): it must pass every step and leave nothing behind;
 * {@code --keep} must leave an explorable topology and {@code --clean} must remove it.
 */
@RequiresRoot
class DemoIT {

    /** The demo's step headings, in order: what a reader of its output follows. */
    private static final List<String> HEADINGS = List.of(
            "1. Two namespaces, red and blue",
            "2. A virtual cable: a veth pair between red and blue",
            "3. A virtual switch: bridge v-net-0 in the host, one veth per namespace",
            "4. The outside world: default route, forwarding, MASQUERADE",
            "5. Port forwarding: the host's port 80 to a web server in blue");
    private static final List<String> KEPT = List.of("netns-demo-red", "netns-demo-blue", "netns-demo-host", "netns-demo-wan");

    @Test
    void demoPassesEveryStepAndLeavesNothingBehind() throws Exception {
        List<String> before = demoNamespaces();
        Run r = run("demo");

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).containsSubsequence(HEADINGS).contains("All checks passed").doesNotContain("FAIL");
        // Each step ran at least one check with traffic and reported it.
        assertThat(r.output()).contains("ok    red reaches blue over the cable: reply from 192.168.15.2")
                .contains("ok    with MASQUERADE red reaches the internet: reply from 203.0.113.1")
                .contains("HTTP 200");
        assertThat(demoNamespaces()).as("netns-demo-* namespaces after the demo").isEqualTo(before);
    }

    @Test
    void keepLeavesAnExplorableTopologyAndCleanRemovesIt() throws Exception {
        // On a shared machine a person may be exploring a kept demo right now: do not take it away.
        assumeTrue(demoNamespaces().stream().noneMatch(KEPT::contains),
                "a kept demo (netns-demo-*) already exists on this machine; not touching it");
        try {
            Run keep = run("demo", "--keep");
            assertThat(keep.exitCode()).as(keep.output()).isZero();
            assertThat(keep.output()).containsSubsequence(HEADINGS).contains("All checks passed")
                    .contains("./netns demo --clean");
            assertThat(demoNamespaces()).containsAll(KEPT);

            // What the demo tells the reader to do works: ip netns exec into the kept namespaces.
            String redLinks = command("ip", "netns", "exec", "netns-demo-red", "ip", "-br", "link");
            assertThat(redLinks).contains("lo").contains("veth-red");
            assertThat(command("ip", "netns", "exec", "netns-demo-red", "ping", "-c", "1", "-W", "2", "203.0.113.1"))
                    .contains("1 received");

            Run clean = run("demo", "--clean");
            assertThat(clean.exitCode()).as(clean.output()).isZero();
            assertThat(clean.output()).contains("Removed 4 namespaces.");
            assertThat(demoNamespaces()).doesNotContainAnyElementsOf(KEPT);

            Run again = run("demo", "--clean");
            assertThat(again.exitCode()).isZero();
            assertThat(again.output()).contains("Nothing to clean");
        } finally {
            run("demo", "--clean"); // after a failure above, still leave nothing behind
        }
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            code = Main.run(List.of(args), out);
        }
        return new Run(code, buf.toString(StandardCharsets.UTF_8));
    }

    private static List<String> demoNamespaces() throws Exception {
        return command("ip", "netns", "list").lines().map(l -> l.split(" ")[0])
                .filter(n -> n.startsWith("netns-demo-")).sorted().toList();
    }

    /** Runs a command without a shell; fails the test with its output if it fails. */
    private static String command(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in 30 s");
        }
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", cmd), out).isZero();
        return out;
    }
}
