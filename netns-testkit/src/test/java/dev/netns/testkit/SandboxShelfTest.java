package dev.netns.testkit;

import static dev.netns.testkit.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.netns.LinkInfo;
import dev.netns.NamespaceId;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The extension keeps a bridged sandbox from one test to the next of its topology: the tests see
 * it as a fresh build leaves it, a sandbox a test reached is not kept, a reset that does not show
 * the sandbox clean deletes it, and nothing is left after the run.
 */
@RequiresRoot
class SandboxShelfTest {
    static final List<NamespaceId> SANDBOXES = new CopyOnWriteArrayList<>();
    static final List<String> LOOKED = new CopyOnWriteArrayList<>();

    static Topology bridged() {
        return Topology.builder().hosts("red", "blue")
                .bridge("br0", "10.31.0.254/24")
                .link("red", "br0", "10.31.0.1/24")
                .link("blue", "br0", "10.31.0.2/24")
                .defaultRoute("red", "10.31.0.254")
                .defaultRoute("blue", "10.31.0.254")
                .forwarding(Topology.SANDBOX)
                .build();
    }

    @OnlyInEngineTestKit
    @NetnsTest
    static class KeptExample {
        @NetworkTopology
        static Topology topology() {
            return bridged();
        }

        @RepeatedTest(8)
        void trafficThroughTheKeptSandbox(Network net, @Host("red") NetNamespace red, RepetitionInfo rep) {
            SANDBOXES.add(net.namespaceIds().get(0));
            if (rep.getCurrentRepetition() == rep.getTotalRepetitions()) {
                // The last test looks: what the earlier ones left must be gone (their ports, the
                // sandbox's neighbour entries for their hosts), and only this test's ports there.
                NetNamespace sandbox = net.sandbox();
                assertThat(sandbox.links()).extracting(LinkInfo::name)
                        .containsExactlyInAnyOrder("lo", "br0", net.link("red-br0").peer().name(),
                                net.link("blue-br0").peer().name());
                // NOARP entries map multicast addresses to their fixed MACs: nothing learnt.
                assertThat(sandbox.neighbours("br0")).allMatch(n -> n.state() == dev.netns.NeighbourState.NOARP);
                LOOKED.add("looked");
            }
            assertThat(red).canPing("10.31.0.2").canPing("10.31.0.254");
        }
    }

    @OnlyInEngineTestKit
    @NetnsTest
    static class ReachedExample {
        @NetworkTopology
        static Topology topology() {
            return bridged();
        }

        @RepeatedTest(3)
        void aReachedSandboxIsNotKept(Network net, RepetitionInfo rep) {
            NetNamespace sandbox = net.sandbox();
            // Every test finds no mark, so none got the sandbox an earlier one marked.
            assertThat(sandbox.findLink("mark0")).isEmpty();
            sandbox.createVeth("mark0", "mark1");
            LOOKED.add("marked " + rep.getCurrentRepetition());
        }
    }

    @Test
    void testsOfOneTopologyShareTwoSandboxesAndSeeThemFresh() throws Exception {
        SANDBOXES.clear();
        LOOKED.clear();
        MachineState before = MachineState.capture();
        EngineExecutionResults r = EngineRuns.run(KeptExample.class);
        assertThat(r.testEvents().failed().stream().map(e -> e.getRequiredPayload(
                org.junit.platform.engine.TestExecutionResult.class).getThrowable().map(Throwable::toString).orElse("?")))
                .isEmpty();
        r.testEvents().assertStatistics(s -> s.started(8).succeeded(8));
        assertThat(LOOKED).containsExactly("looked");
        // Two sandboxes take turns (one is reset while the other is used); a third means a reset
        // did not show its sandbox clean.
        assertThat(SANDBOXES).hasSize(8);
        assertThat(SANDBOXES.stream().distinct().count()).isLessThanOrEqualTo(SandboxShelf.PER_TOPOLOGY);
        MachineState after = MachineState.capture();
        assertThat(after.netnsFds()).as("descriptors on namespaces after the run").isEqualTo(before.netnsFds());
        assertThat(routeFlushFds()).as("the kept sandboxes' route flush files after the run").isZero();
        assertThat(after.runNetns()).isEqualTo(before.runNetns());
    }

    @Test
    void aSandboxTheTestReachedIsNotKept() throws Exception {
        LOOKED.clear();
        EngineExecutionResults r = EngineRuns.run(ReachedExample.class);
        r.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
        assertThat(LOOKED).containsExactly("marked 1", "marked 2", "marked 3");
        assertThat(routeFlushFds()).as("route flush files of sandboxes closed with the network that reached them").isZero();
    }

    @Test
    void aResetThatDoesNotShowTheSandboxCleanDeletesIt() {
        try (NetworkStack stack = NetworkStack.open(); SandboxShelf shelf = new SandboxShelf(true)) {
            // Two networks of the topology side by side: two sandboxes.
            Network first = NetworkFactory.build(bridged(), stack, shelf);
            Network second = NetworkFactory.build(bridged(), stack, shelf);
            NetNamespace kept = first.sandboxUnreached();
            NetNamespace other = second.sandboxUnreached();
            assertThat(other).isNotSameAs(kept);
            first.close();
            // Changed behind the testkit's back, as nothing in a test can: the check must catch it.
            other.bridge("br0").addAddress("10.31.9.9/32");
            second.close();
            await().atMost(Duration.ofSeconds(10)).until(other::isClosed);
            assertThat(kept.isClosed()).isFalse();
            try (Network third = NetworkFactory.build(bridged(), stack, shelf)) {
                assertThat(third.sandboxUnreached()).isSameAs(kept);
                assertThat(third.sandbox().addresses()).noneMatch(a -> a.prefix().toString().equals("10.31.9.9/32"));
            }
        }
    }

    @Test
    void theLastTestsPortsAreRenamedAndDownUntilTheKernelDeletesThemAndTheBridgeKeepsItsMac() throws Exception {
        try (NetworkStack stack = NetworkStack.open(); SandboxShelf shelf = new SandboxShelf(true)) {
            Network first = NetworkFactory.build(bridged(), stack, shelf);
            NetNamespace kept = first.sandboxUnreached();
            dev.netns.MacAddress bridgeMac = kept.link("br0").info().mac();
            // Its own MAC, locally administered and unicast, not one of its ports'.
            int firstOctet = Integer.parseInt(bridgeMac.toString().substring(0, 2), 16);
            assertThat(firstOctet & 0x03).isEqualTo(0x02);
            assertThat(kept.links()).filteredOn(l -> l.masterIndex() > 0).extracting(LinkInfo::mac).doesNotContain(bridgeMac);
            // A socket in red keeps red alive after its handle is closed, and with it red's veth
            // pair: its sandbox end stays until the socket goes.
            java.nio.channels.DatagramChannel holdsRed = first.host("red").openDatagramChannel();
            try {
                first.close();
                assertThatThrownBy(first::sandbox).isInstanceOf(dev.netns.NamespaceClosedException.class);
                // Taken once its reset is done (before, the shelf would have a second one built).
                SandboxShelf.Kept[] taken = new SandboxShelf.Kept[1];
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> (taken[0] = SandboxShelf.join(shelf.take(bridged()))) != null);
                SandboxShelf.Kept k = taken[0];
                assertThat(k.sandbox()).isSameAs(kept);
                assertThat(routeFlushFds()).as("written by the first reset; the sandbox's handle keeps it open").isEqualTo(1);
                List<LinkInfo> tombstones = kept.links().stream().filter(l -> l.name().startsWith("nsgone")).toList();
                assertThat(tombstones).isNotEmpty().allSatisfy(l -> {
                    assertThat(l.up()).isFalse();
                    assertThat(k.tombstones()).contains(l.index());
                });
                assertThat(kept.links()).filteredOn(l -> l.kind() != null && l.kind().equals("veth"))
                        .allSatisfy(l -> assertThat(l.name()).startsWith("nsgone"));
                // Red goes, and with it its pair: the bridge loses its last port and keeps its MAC.
                holdsRed.close();
                await().atMost(Duration.ofSeconds(10)).until(() -> kept.links().stream().noneMatch(l -> l.name().startsWith("nsgone")));
                assertThat(kept.link("br0").info().mac()).isEqualTo(bridgeMac);
                SandboxShelf.discard(java.util.concurrent.CompletableFuture.completedFuture(k));
                assertThat(routeFlushFds()).as("closed with the sandbox").isZero();
            } finally {
                holdsRed.close();
            }
        }
    }

    /** Descriptors this JVM has open on a {@code /proc/sys/net/.../route/flush} file. */
    static long routeFlushFds() throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    String target = java.nio.file.Files.readSymbolicLink(fd).toString();
                    return target.startsWith("/proc/sys/net/") && target.endsWith("/route/flush");
                } catch (java.io.IOException gone) {
                    return false; // closed meanwhile, or the directory's own descriptor
                }
            }).count();
        }
    }

    @Test
    void offWhenAskedAndForTopologiesItCannotCheck() {
        assertThat(new SandboxShelf(false).keeps(bridged())).isFalse();
        assertThat(new SandboxShelf(true).keeps(bridged())).isTrue();
        assertThat(SandboxShelf.eligible(bridged().toBuilder().nat(dev.netns.NatRule.masquerade("10.31.0.0/24")).build()))
                .isFalse();
        assertThat(SandboxShelf.eligible(bridged().toBuilder().namedNamespaces().build())).isFalse();
        assertThat(SandboxShelf.eligible(Topology.builder().hosts("a", "b").link("a", "10.32.0.1/24", "b", "10.32.0.2/24")
                .build())).isFalse();
    }
}
