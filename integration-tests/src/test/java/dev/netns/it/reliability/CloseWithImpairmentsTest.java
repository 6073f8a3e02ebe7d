package dev.netns.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Impairment;
import dev.netns.ImpairmentHandle;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import dev.netns.VethPair;
import dev.netns.it.support.Footprint;
import dev.netns.it.support.Procfs;
import dev.netns.testkit.RequiresRoot;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Found by the storm's first runs: a namespace closed while one of its links is still impaired in
 * userspace must not keep the impairment running: its queue thread and socket would hold the namespace.
 */
@RequiresRoot
@Tag("reliability")
class CloseWithImpairmentsTest {

    @Test
    void closingTheNamespaceEndsItsImpairments() throws Exception {
        try (NetworkStack stack = NetworkStack.open()) {
            NetNamespace ns = stack.createAnonymousNamespace();
            String id = "net:[" + ns.id().inode() + "]";
            VethPair pair = ns.createVeth("a0", "b0");
            pair.local().up();
            pair.peer().up();
            ImpairmentHandle slow = pair.local().impair(Impairment.builder().delay(Duration.ofMillis(5)).build());
            // A new thread shows its name in /proc only once it runs (until then: "java").
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInSameThread().untilAsserted(() ->
                    assertThat(Procfs.threadNames()).anyMatch(t -> t.startsWith("netns-nfqueue")));
            ns.close(); // without closing the impairment first
            long deadline = System.nanoTime() + 5_000_000_000L;
            while ((Footprint.namespacesHeld().contains(id) || Procfs.threadNames().stream().anyMatch(t -> t.startsWith("netns-nfqueue")))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Footprint.namespacesHeld()).as("namespaces held by this JVM").doesNotContain(id);
            assertThat(Procfs.threadNames()).noneMatch(t -> t.startsWith("netns-nfqueue"));
            slow.close(); // late: harmless
        }
    }
}
