package dev.netns.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.netns.it.support.Procfs;
import dev.netns.testkit.RequiresRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Proves that {@code scripts/host-snapshot}, which {@code ./netns test} runs on the machine's own
 * namespace before and after the suite, sees every kind of change it claims to: each case changes
 * a namespace this test created (never the machine's own), requires the snapshot to differ and name
 * the change, reverts it, and requires the snapshot to be identical again.
 */
@RequiresRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostSnapshotScriptTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "host-snapshot").toAbsolutePath().normalize();
    private final String ns = Procfs.uniquePrefix() + "hs";
    private String baseline;

    /**
     * One change: the commands that make it (run inside the namespace), what the snapshot's
     * difference must show, and the commands that undo it ({@code null}: cannot be undone).
     */
    private record Change(String name, List<String> apply, String shows, List<String> revert) {
    }

    private static List<String> cmd(String... args) {
        return List.of(args);
    }

    private static final List<Change> CHANGES = List.of(
            new Change("a new link", cmd("ip link add hs0 type veth peer name hs1"), "hs0",
                    cmd("ip link del hs0")),
            new Change("a link's MTU", cmd("ip link set lo mtu 1280"), "mtu 1280", cmd("ip link set lo mtu 65536")),
            new Change("a link's state", cmd("ip link set lo down"), "lo:", cmd("ip link set lo up")),
            new Change("an IPv4 address", cmd("ip addr add 10.255.0.1/32 dev lo"), "10.255.0.1/32",
                    cmd("ip addr del 10.255.0.1/32 dev lo")),
            new Change("an IPv6 address", cmd("ip addr add 2001:db8::1/128 dev lo"), "2001:db8::1/128",
                    cmd("ip addr del 2001:db8::1/128 dev lo")),
            new Change("an IPv4 route", cmd("ip route add 10.255.1.0/24 dev lo"), "10.255.1.0/24",
                    cmd("ip route del 10.255.1.0/24 dev lo")),
            new Change("a route in another table", cmd("ip route add 10.255.2.0/24 dev lo table 100"), "table 100",
                    cmd("ip route del 10.255.2.0/24 dev lo table 100")),
            new Change("an IPv6 route", cmd("ip -6 route add 2001:db8:1::/64 dev lo"), "2001:db8:1::/64",
                    cmd("ip -6 route del 2001:db8:1::/64 dev lo")),
            new Change("an IPv4 rule", cmd("ip rule add from 10.255.3.0/24 table 100 priority 1000"), "10.255.3.0/24",
                    cmd("ip rule del priority 1000")),
            new Change("an IPv6 rule", cmd("ip -6 rule add from 2001:db8:2::/64 table 100 priority 1000"),
                    "2001:db8:2::/64", cmd("ip -6 rule del priority 1000")),
            new Change("a global sysctl", cmd("sysctl -qw net.ipv4.ip_forward=1"), "ip_forward:1",
                    cmd("sysctl -qw net.ipv4.ip_forward=0")),
            new Change("an interface's sysctl", cmd("sysctl -qw net.ipv4.conf.lo.rp_filter=2"), "rp_filter:2",
                    cmd("sysctl -qw net.ipv4.conf.lo.rp_filter=0")),
            new Change("an IPv6 sysctl", cmd("sysctl -qw net.ipv6.conf.all.forwarding=1"), "forwarding:1",
                    cmd("sysctl -qw net.ipv6.conf.all.forwarding=0")),
            new Change("an nf_tables table", cmd("nft add table inet hs_test"), "table inet hs_test",
                    cmd("nft delete table inet hs_test")),
            new Change("an nf_tables rule", cmd("nft add table inet hs_test",
                    "nft add chain inet hs_test c { type filter hook input priority 0 ; }",
                    "nft add rule inet hs_test c ip saddr 10.255.5.1 drop"), "10.255.5.1",
                    cmd("nft delete table inet hs_test")),
            new Change("an iptables rule (nf_tables)", cmd("iptables-nft -A INPUT -s 10.255.4.1 -j DROP"), "10.255.4.1",
                    cmd("iptables-nft -D INPUT -s 10.255.4.1 -j DROP", "nft delete table ip filter")),
            new Change("an ip6tables rule (nf_tables)", cmd("ip6tables-nft -A INPUT -s 2001:db8:4::1 -j DROP"),
                    "2001:db8:4::1", cmd("ip6tables-nft -D INPUT -s 2001:db8:4::1 -j DROP", "nft delete table ip6 filter")),
            // A legacy table, once there, stays until its namespace goes: the last case, not undone.
            new Change("an iptables rule (legacy)", cmd("iptables-legacy -A INPUT -s 10.255.6.1 -j DROP"), "10.255.6.1",
                    null));

    @BeforeAll
    void createNamespace() throws Exception {
        run("ip", "netns", "add", ns);
        inside("ip link set lo up");
        baseline = snapshot();
    }

    @AfterAll
    void deleteNamespace() throws Exception {
        run("ip", "netns", "del", ns);
    }

    @Test
    void aSnapshotOfAnUnchangedNamespaceIsStable() throws Exception {
        assertThat(baseline).contains("== links", "== addresses", "== routes -4", "== routes -6", "== rules -4",
                "== rules -6", "== sysctls", "== nftables", "/proc/sys/net/ipv4/ip_forward:0");
        assertThat(snapshot()).isEqualTo(baseline);
        assertThat(diff(baseline, baseline).exit).isZero();
    }

    @TestFactory
    Stream<DynamicTest> everyKindOfChangeIsSeenAndItsUndoingToo() {
        return CHANGES.stream().map(c -> dynamicTest(c.name(), () -> {
            for (String a : c.apply()) {
                inside(a);
            }
            Result changed = diff(baseline, snapshot());
            assertThat(changed.exit).as("host-snapshot --diff after %s", c.name()).isEqualTo(1);
            assertThat(changed.out).as("the difference after %s", c.name()).contains(c.shows());
            if (c.revert() != null) {
                for (String r : c.revert()) {
                    inside(r);
                }
                Result undone = diff(baseline, snapshot());
                assertThat(undone.exit).as("host-snapshot --diff after undoing %s:%n%s", c.name(), undone.out).isZero();
            }
        }));
    }

    private String snapshot() throws Exception {
        Result r = run(SCRIPT.toString(), ns);
        assertThat(r.exit).as("host-snapshot %s: %s", ns, r.out).isZero();
        return r.out;
    }

    private Result diff(String before, String after) throws Exception {
        Path a = Files.createTempFile("host-snapshot", ".before");
        Path b = Files.createTempFile("host-snapshot", ".after");
        try {
            Files.writeString(a, before);
            Files.writeString(b, after);
            return run(SCRIPT.toString(), "--diff", a.toString(), b.toString());
        } finally {
            Files.delete(a);
            Files.delete(b);
        }
    }

    private void inside(String command) throws Exception {
        List<String> args = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        args.addAll(List.of(command.split(" ")));
        Result r = run(args.toArray(new String[0]));
        assertThat(r.exit).as("%s: %s", command, r.out).isZero();
    }

    private record Result(int exit, String out) {
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }
}
