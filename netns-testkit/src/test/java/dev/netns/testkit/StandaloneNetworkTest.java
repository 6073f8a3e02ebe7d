package dev.netns.testkit;

import static dev.netns.testkit.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.InvalidInputException;
import dev.netns.NetworkStack;
import dev.netns.NatRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Topology#build} without the extension, as a program would use it. */
@RequiresRoot
class StandaloneNetworkTest {
    private static NetworkStack stack;

    @BeforeAll
    static void open() {
        stack = NetworkStack.open();
    }

    @AfterAll
    static void close() {
        stack.close();
    }

    @Test
    void tutorialTopologyWorksAndLeavesNothing() {
        MachineState before = MachineState.capture();
        Network net = TopologyTest.tutorial().build(stack);
        try (net) {
            assertThat(net.host("red")).canPing("192.168.15.2").canPing("192.168.15.5");
            assertThat(net.host("blue")).canPing("192.168.15.1");
            assertThat(net.link("red-v-net-0").local().name()).isEqualTo("eth0");
            assertThat(net.sandbox().findLink("v-net-0")).isPresent();
            assertThat(net.sandbox().sysctl("net.ipv4.ip_forward")).isEqualTo("1");
            assertThat(net.describe()).contains("192.168.15.1/24", "v-net-0", "default via 192.168.15.5");
        }
        assertThat(net.isClosed()).isTrue();
        assertThat(LeakCheck.leaks(net.namespaceIds(), List.of(), 2000)).isEmpty();
        assertThat(MachineState.capture().machineLinks()).isEqualTo(before.machineLinks());
    }

    @Test
    void theNamespacesOfAnOpenNetworkAreNeverReportedAsLeaks() {
        Topology t = Topology.builder().host("red").build();
        try (Network live = t.build(stack)) {
            // Its id may also be a closed network's whose inode the kernel handed on: whatever
            // sits in it (here its own worker thread and descriptor) belongs to the live one.
            assertThat(LeakCheck.scan(live.namespaceIds(), List.of())).isEmpty();
            dev.netns.NetNamespace stray = stack.createAnonymousNamespace();
            try {
                // Not a network's: its worker and descriptor are found, matched by device and inode.
                assertThat(LeakCheck.scan(List.of(stray.id()), List.of()))
                        .anyMatch(l -> l.contains("still inside " + stray.id()) || l.contains("refers to " + stray.id()));
            } finally {
                stray.close();
            }
        }
    }

    @Test
    void natAndFaultsStartNoProcess() {
        Topology t = Topology.builder().host("red").host("blue")
                .bridge("v-net-0", "192.168.15.5/24")
                .link("red", "v-net-0", "192.168.15.1/24")
                .link("blue", "v-net-0", "192.168.15.2/24")
                .defaultRoute("red", "192.168.15.5").defaultRoute("blue", "192.168.15.5")
                .forwarding(Topology.SANDBOX)
                .nat(NatRule.masquerade("192.168.15.0/24"))
                .build();
        java.util.concurrent.atomic.AtomicInteger processes = new java.util.concurrent.atomic.AtomicInteger();
        try (var listening = stack.addListener(e -> {
                    if (e.kind() == dev.netns.NetnsEvent.Kind.PROCESS_STARTED) {
                        processes.incrementAndGet();
                    }
                });
                Network net = t.build(stack)) {
            assertThat(net.host("red")).canPing("192.168.15.2");
            try (Fault cut = net.partition("red", "blue"); Fault oneWay = net.partitionOneWay("blue", "sandbox");
                    Fault loss = net.packetLoss("sandbox", 0.5)) {
                assertThat(net.host("red")).withTimeout(java.time.Duration.ofMillis(300)).cannotPing("192.168.15.2");
                assertThat(net.describe()).contains("drop # netns:", "masquerade # netns:");
            }
            assertThat(net.host("red")).canPing("192.168.15.2");
            assertThat(net.host("red").packetFilter().filter().rules()).isEmpty();
        }
        assertThat(processes.get()).isZero();
        assertThat(stack.initialNamespace().packetFilter().backend()).isEqualTo("nftables");
    }

    @Test
    void faultsAreDropRulesInTheSdkTableThatHealingRemoves() {
        Topology t = Topology.builder().host("red").host("blue").link("red", "10.9.0.1/30", "blue", "10.9.0.2/30").build();
        try (Network net = t.build(stack)) {
            dev.netns.NetNamespace red = net.host("red");
            try (Fault cut = net.partition("red", "blue")) {
                String ruleset = red.exec("nft", "list", "ruleset").orThrow().stdout();
                // An anonymous namespace goes with the JVM anyway: its table has no owner (see NamespaceRules).
                assertThat(ruleset).doesNotContain("flags owner");
                assertThat(ruleset).contains("table inet netns", "chain input",
                        "ip saddr 10.9.0.2 ip daddr 10.9.0.1 drop comment \"netns:");
                assertThat(net.host("red")).withTimeout(java.time.Duration.ofMillis(300)).cannotPing("10.9.0.2");
            }
            assertThat(red.exec("nft", "list", "ruleset").orThrow().stdout()).isBlank();
            assertThat(net.host("red")).canPing("10.9.0.2");
        }
    }

    @Test
    void anHttpServerPutsNoThreadInsideItsNamespace() throws Exception {
        Topology t = Topology.builder().host("red").host("blue").link("red", "10.9.0.1/30", "blue", "10.9.0.2/30").build();
        try (Network net = t.build(stack)) {
            dev.netns.NamespaceId blue = net.host("blue").id();
            List<String> before = threadsInside(blue);
            HttpService server = net.serveHttp("blue", 80, r -> HttpReply.of(201, r.method() + " " + r.body()));
            assertThat(net.host("red")).httpGet("http://10.9.0.2/").hasStatus(201).bodyContains("GET ");
            assertThat(net.host("red")).usingBinaries().httpGet("http://10.9.0.2/x").hasStatus(201);
            // Its socket is in blue; none of its threads is.
            assertThat(threadsInside(blue)).isEqualTo(before);
            assertThat(server.port()).isEqualTo(80);
            server.close();
            assertThat(net.host("red")).cannotConnect("10.9.0.2", 80);
        }
    }

    /** @return the names of this JVM's threads inside namespace {@code id}, but for the SDK's own worker there */
    private static List<String> threadsInside(dev.netns.NamespaceId id) throws java.io.IOException {
        List<String> out = new java.util.ArrayList<>();
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    if (Files.readSymbolicLink(task.resolve("ns/net")).toString().equals(id.toString())
                            && !comm.startsWith("netns-worker")) {
                        out.add(comm);
                    }
                } catch (java.io.IOException gone) {
                    // the thread ended while we looked
                }
            }
        }
        java.util.Collections.sort(out);
        return out;
    }

    @Test
    void servicesOfAClosedNetworkAreRefusedWithANetnsException() {
        Network net = Topology.builder().host("red").build().build(stack);
        net.close();
        assertThatThrownBy(() -> net.closeAtEnd(() -> { }))
                .isInstanceOf(dev.netns.NamespaceClosedException.class).hasMessage("cannot register a resource to close with it: network [sandbox, red] is closed, and its namespaces with it");
    }

    @Test
    void namedNamespacesAreVisibleWithARunUniquePrefixAndGoAway() {
        Topology t = Topology.builder().host("red").host("blue").link("red", "10.9.0.1/30", "blue", "10.9.0.2/30")
                .namedNamespaces().build();
        List<String> names;
        try (Network net = t.build(stack)) {
            names = net.namespaceNames();
            assertThat(names).hasSize(3).allMatch(n -> n.startsWith(NetworkFactory.RUN_PREFIX + "-"));
            assertThat(names).anyMatch(n -> n.endsWith("-red"));
            names.forEach(n -> assertThat(Files.exists(Path.of("/run/netns", n))).as(n).isTrue());
            assertThat(stack.namespaceNames()).containsAll(names);
            assertThat(net.host("red")).canPing("10.9.0.2");
        }
        names.forEach(n -> assertThat(Files.exists(Path.of("/run/netns", n))).as(n).isFalse());
    }

    /**
     * The count of the JVM's namespace descriptors once the SDK's namespaces made ahead of time are
     * all there: from its first namespace on the stack keeps a few ready, refilled in the background
     * after every take, so the count is steady only when no refill is running.
     */
    private static int steadyNetnsFds() {
        stack.createAnonymousNamespace().close();
        // The same count over 300 ms: longer than the pool's pause after a burst plus a refill.
        int[] last = {-1};
        int[] same = {0};
        org.awaitility.Awaitility.await().pollInSameThread().pollInterval(java.time.Duration.ofMillis(100))
                .atMost(java.time.Duration.ofSeconds(5)).until(() -> {
                    int now = MachineState.capture().netnsFds();
                    same[0] = now == last[0] ? same[0] + 1 : 0;
                    last[0] = now;
                    return same[0] >= 3;
                });
        return last[0];
    }

    @Test
    void aFailedBuildRemovesWhatItMade() {
        // the second address on the same link is the same as the first: the kernel refuses it
        Topology bad = Topology.builder().host("red").host("blue")
                .link("red", "10.9.1.1/24", "blue", "10.9.1.2/24")
                .route("red", dev.netns.Route.to("10.50.0.0/16").via("10.77.0.1")) // unreachable gateway
                .build();
        int fds = steadyNetnsFds();
        assertThatThrownBy(() -> bad.build(stack)).isInstanceOf(RuntimeException.class);
        org.awaitility.Awaitility.await().pollInSameThread().atMost(java.time.Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(MachineState.capture().netnsFds()).isEqualTo(fds));
    }

    @Test
    void unknownNamesAreExplained() {
        try (Network net = Topology.builder().host("red").build().build(stack)) {
            assertThatThrownBy(() -> net.host("blue")).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("[sandbox, red]");
            assertThatThrownBy(() -> net.link("x")).hasMessageContaining("no link \"x\"");
        }
    }

    @Test
    void natIsAppliedInTheSandboxOnly() {
        Topology t = Topology.builder().host("red").host("wan")
                .bridge("br0", "192.168.15.5/24")
                .link("red", "br0", "192.168.15.1/24")
                .link(Topology.SANDBOX, "203.0.113.254/24", "wan", "203.0.113.1/24")
                .defaultRoute("red", "192.168.15.5")
                .forwarding(Topology.SANDBOX)
                .nat(NatRule.masquerade("192.168.15.0/24"))
                .build();
        try (Network net = t.build(stack)) {
            assertThat(net.host("red")).canPing("203.0.113.1");
            assertThat(net.sandbox().nat().rules()).hasSize(1);
        }
    }

    @Test
    void aFailingStepNamesTheTopologysElementAndLeavesNothing() {
        int fds = steadyNetnsFds();
        Topology t = Topology.builder().hosts("n1", "n2").link("n1", "10.0.0.1/24", "n2", "10.0.0.2/24")
                .route("n1", dev.netns.Route.defaultVia("10.9.9.9")).build();
        assertThatThrownBy(() -> t.build(stack)).isInstanceOf(TopologyException.class)
                .hasMessageStartingWith("cannot build the topology: host \"n1\": add route default via 10.9.9.9: ")
                .hasMessageContaining("ENETUNREACH")
                .satisfies(e -> assertThat(((TopologyException) e).element()).isEqualTo("host \"n1\""))
                .hasCauseInstanceOf(dev.netns.KernelException.class);
        // The SDK prepares namespaces in the background: the count settles back to where it was.
        org.awaitility.Awaitility.await().pollInSameThread().atMost(java.time.Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(MachineState.capture().netnsFds()).isEqualTo(fds));
    }

    @Test
    void aClosedNamespaceNamesTheOperation() {
        Network net = Topology.builder().host("red").build().build(stack);
        dev.netns.NetNamespace red = net.host("red");
        net.close();
        assertThatThrownBy(() -> red.createBridge("br0")).isInstanceOf(dev.netns.NamespaceClosedException.class)
                .hasMessageStartingWith("cannot NetNamespace.createBridge: namespace ").hasMessageEndingWith(" is closed");
    }
}
