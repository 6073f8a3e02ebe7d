package dev.netns.it.tutorial;

import dev.netns.it.support.Json;
import static dev.netns.testkit.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.LinkInfo;
import dev.netns.NetNamespace;
import dev.netns.testkit.Host;
import dev.netns.testkit.NetnsTest;
import dev.netns.testkit.Network;
import dev.netns.testkit.NetworkTopology;
import dev.netns.testkit.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Step 1 of the tutorial: {@code ip netns add red}, {@code ip netns add blue}, {@code ip netns},
 * {@code ip -n red link}.
 */
@NetnsTest
class Step1NamespacesTest {

    /** ip netns add red; ip netns add blue (named, so that {@code ip netns} lists them). */
    @NetworkTopology
    static Topology redAndBlue() {
        return Topology.builder().host("red").host("blue").namedNamespaces().build();
    }

    @Test
    void namespacesRedAndBlueExistAreListedAndHaveOnlyLoopback(@Host("red") NetNamespace red,
            @Host("blue") NetNamespace blue, Network net) throws Exception {
        String redName = red.name().orElseThrow();
        String blueName = blue.name().orElseThrow();

        // ip netns: iproute2 itself lists both (it only reads /run/netns).
        String listed = Commands.run("ip", "netns", "list").orThrow().stdout();
        assertThat(listed.lines().map(l -> l.split(" ")[0])).contains(redName, blueName);

        // ip -n red link: a fresh namespace has its loopback and nothing else, seen by the SDK
        // and by iproute2 alike.
        for (NetNamespace ns : List.of(red, blue)) {
            assertThat(ns.links()).extracting(LinkInfo::name).containsExactly("lo");
            List<Map<String, Object>> links = Json.objects(
                    Commands.run("ip", "-j", "-n", ns.name().orElseThrow(), "link").orThrow().stdout());
            assertThat(links).extracting(l -> l.get("ifname")).containsExactly("lo");
        }
        assertThat(red.id()).isNotEqualTo(blue.id());

        // Traffic: each has its own working loopback ...
        assertThat(red).canPing("127.0.0.1");
        assertThat(blue).canPing("127.0.0.1");
        // ... and they are isolated: a service on blue's 127.0.0.1 is not on red's 127.0.0.1.
        net.listenTcp("blue", 8080);
        assertThat(blue).canConnect("127.0.0.1", 8080);
        assertThat(red).withTimeout(Duration.ofMillis(300)).cannotConnect("127.0.0.1", 8080);
        // No cable yet: red has no route to the tutorial's subnet at all.
        assertThat(red).withTimeout(Duration.ofMillis(300)).cannotPing("192.168.15.2");
    }
}
