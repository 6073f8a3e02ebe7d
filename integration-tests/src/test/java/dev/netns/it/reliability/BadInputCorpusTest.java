package dev.netns.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.netns.ExecRequest;
import dev.netns.ExecResult;
import dev.netns.FilterRule;
import dev.netns.FilterTable;
import dev.netns.Link;
import dev.netns.NatRule;
import dev.netns.Neighbour;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import dev.netns.Route;
import dev.netns.Rule;
import dev.netns.VethPair;
import dev.netns.it.reliability.BadInputs.Case;
import dev.netns.it.reliability.BadInputs.Scope;
import dev.netns.testkit.Network;
import dev.netns.testkit.RequiresRoot;
import dev.netns.testkit.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs the bad-input corpus ({@link BadInputs}) against a namespace with something of every kind
 * in it (a veth to a second namespace with addresses, a bridge, a route, a rule, a permanent
 * neighbour, a NAT rule and a filter rule) and a testkit network: each case must throw its typed
 * exception, whose message names the value, and leave every namespace it could touch exactly as it
 * was, as iproute2 and nft see it (links, addresses, routes of every table, neighbours, rules,
 * the nf_tables ruleset and every net.* sysctl).
 */
@RequiresRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusTest {
    /** What iproute2 and nft show of a namespace; run inside it with one process. */
    private static final String DUMP = "ip -d link show; ip addr show; ip route show table all; ip -6 route show table all;"
            + " ip neigh show; ip rule show; ip -6 rule show; nft list ruleset";
    /** Every net.* sysctl, for the sysctl cases (it triples a dump's cost, so only there). */
    private static final String SYSCTLS = "; grep -r '' /proc/sys/net 2>/dev/null | grep -v -e nf_conntrack_count -e tcp_fastopen_key";

    private static final Duration CALL_LIMIT = Duration.ofSeconds(20);
    private final ExecutorService dumpers = Executors.newFixedThreadPool(3, r -> new Thread(r, "namespace-dump"));

    private final Fixture f = new Fixture();

    /** What the cases work on; its methods make the stale handles some cases need. */
    static final class Fixture {
        NetworkStack stack;
        NetNamespace ns;
        NetNamespace peer;
        Network net;
        private final List<AutoCloseable> extra = new ArrayList<>();

        Link veth() {
            return ns.link("veth0");
        }

        /** @return a handle to a link that was deleted (the namespace is as before) */
        Link deletedLink() {
            VethPair v = ns.createVeth("gone0", "gone1");
            v.local().delete();
            return v.local();
        }

        /** @return a namespace handle that was closed */
        NetNamespace closedNamespace() {
            NetNamespace n = stack.createAnonymousNamespace();
            n.close();
            return n;
        }

        Link linkOfClosedNamespace() {
            NetNamespace n = stack.createAnonymousNamespace();
            Link lo = n.link("lo");
            n.close();
            return lo;
        }

        FilterTable filterOfClosedNamespace() {
            NetNamespace n = stack.createAnonymousNamespace();
            FilterTable t = n.packetFilter().filter();
            n.close();
            return t;
        }

        NetworkStack closedStack() {
            NetworkStack s = NetworkStack.open();
            s.close();
            return s;
        }

        Network closedNetwork() {
            Network n = Topology.builder().host("a").host("b").link("a", "10.9.1.1/24", "b", "10.9.1.2/24").build()
                    .build(stack);
            n.close();
            return n;
        }
    }

    @BeforeAll
    void build() {
        f.stack = NetworkStack.open();
        f.ns = f.stack.createAnonymousNamespace();
        f.peer = f.stack.createAnonymousNamespace();
        for (NetNamespace n : List.of(f.ns, f.peer)) {
            n.setSysctl("net.ipv6.conf.default.accept_dad", "0"); // no tentative addresses turning valid mid-case
            n.link("lo").up();
        }
        VethPair v = f.ns.createVeth("veth0", "veth1", f.peer);
        v.local().addAddress("10.1.0.1/24").addAddress("fd00:1::1/64").up();
        v.peer().addAddress("10.1.0.2/24").up();
        v.local().awaitOperational(Duration.ofSeconds(5));
        v.peer().awaitOperational(Duration.ofSeconds(5));
        f.ns.createBridge("br0");
        f.ns.addRoute(Route.to("10.2.0.0/24").via("10.1.0.2"));
        f.ns.addRule(Rule.lookup(100).from("10.3.0.0/24").priority(1000));
        f.ns.addNeighbour(Neighbour.permanent("10.1.0.7", "02:00:00:00:00:07", "veth0"));
        f.ns.nat().apply(NatRule.masquerade("10.1.0.0/24"));
        f.ns.packetFilter().filter().apply(FilterRule.drop(FilterRule.Direction.INPUT).from("10.4.0.0/24").build());
        f.net = Topology.builder().host("a").host("b").link("a", "10.9.0.1/24", "b", "10.9.0.2/24").build().build(f.stack);
    }

    @AfterAll
    void tearDown() {
        dumpers.shutdownNow();
        if (f.net != null) {
            f.net.close();
        }
        if (f.stack != null) {
            f.stack.close(); // closes every namespace of the stack, the throwaway ones included
        }
    }

    @Test
    void theCorpusHasAtLeast200Cases() {
        assertThat(BadInputs.all()).hasSizeGreaterThanOrEqualTo(200).extracting(Case::name).doesNotHaveDuplicates();
    }

    @TestFactory
    Stream<DynamicTest> eachBadInputIsATypedErrorNamingItAndChangesNothing() {
        return BadInputs.all().stream().map(c -> dynamicTest(c.name(), () -> check(c)));
    }

    private void check(Case c) throws Exception {
        BadInputs.Call call = c.prepare().prepare(f);
        String before = dump(c.scope());
        Throwable t = withinTimeLimit(c, call);
        String after = dump(c.scope());
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(after).as("%s: the namespaces after", c.name()).isEqualTo(before);
            soft.assertThat(t).as("%s: the exception", c.name()).isInstanceOf(c.error());
            if (t != null) {
                soft.assertThat(t.getMessage()).as("%s: the message", c.name()).isNotNull().contains(c.names());
            }
        });
    }

    /** Runs the call on a thread of its own, so that a call that never returns fails the case instead of the run. */
    private static Throwable withinTimeLimit(Case c, BadInputs.Call call) throws InterruptedException {
        Throwable[] thrown = new Throwable[1];
        Thread t = new Thread(() -> thrown[0] = catchThrowable(call::call), "bad-input");
        t.setDaemon(true);
        t.start();
        t.join(CALL_LIMIT.toMillis());
        assertThat(t.isAlive()).as("%s: still running after %s", c.name(), CALL_LIMIT).isFalse();
        return thrown[0];
    }

    private String dump(Scope scope) {
        String script = scope == Scope.NAMESPACE_AND_SYSCTLS ? DUMP + SYSCTLS : DUMP;
        List<NetNamespace> where = scope != Scope.NETWORK ? List.of(f.ns, f.peer)
                : Stream.concat(Stream.of(f.net.sandbox()), f.net.hosts().values().stream()).toList();
        // The namespaces are dumped at once: the processes, not the kernel, are the cost.
        List<CompletableFuture<String>> dumps = where.stream().map(n -> CompletableFuture.supplyAsync(() -> {
            ExecResult r = n.exec(ExecRequest.builder("sh", "-c", script).timeout(Duration.ofSeconds(20)).build());
            assertThat(r.exitCode()).as("dump of %s: %s", n, r.stderr()).isZero();
            return "== " + n + "\n" + r.stdout();
        }, dumpers)).toList();
        StringBuilder sb = new StringBuilder();
        for (CompletableFuture<String> d : dumps) {
            sb.append(d.join());
        }
        return sb.toString();
    }
}
