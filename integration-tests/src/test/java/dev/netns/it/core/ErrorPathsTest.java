package dev.netns.it.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.AlreadyExistsException;
import dev.netns.CommandFailedException;
import dev.netns.ExecResult;
import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import dev.netns.Link;
import dev.netns.LinkInfo;
import dev.netns.MacAddress;
import dev.netns.NamespaceClosedException;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import dev.netns.NotFoundException;
import dev.netns.Route;
import dev.netns.VethPair;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Every error path of the core: the kernel's EEXIST and ENOENT/ENODEV as typed exceptions that name
 * the object and the namespace, bad input refused before anything changes, closed handles, failing
 * processes, and an operation that fails half way leaving nothing behind.
 */
class ErrorPathsTest extends StackTestSupport {
    /** Interface names the kernel or iproute2 would reject, each for a different rule. */
    private static final List<String> BAD_IFNAMES = List.of("", "abcdefghijklmnop" /* 16 bytes */,
            "éééééééé" /* 8 chars, 16 UTF-8 bytes */, "ab€€€€€" /* 7 chars, 17 bytes */, ".", "..",
            "a/b", "a:b", "a b", "a\tb", "a\0b");
    private static final List<String> BAD_NS_NAMES = List.of("", "a/b", "..", ".", "/x", "a b", "a\0b");

    // ---- EEXIST -----------------------------------------------------------------------------

    @Test
    void namespaceNameTaken() {
        String name = P + "taken";
        try (NetNamespace first = stack.createNamespace(name)) {
            first.createBridge("keep0");
            assertThatThrownBy(() -> stack.createNamespace(name)).isInstanceOf(AlreadyExistsException.class)
                    .hasMessageContaining(name);
            // The failed attempt must not have unmounted or replaced the existing name.
            assertThat(Ip.json(name, "link", "show")).extracting(l -> l.get("ifname")).contains("keep0");
            assertThat(stack.namespaceNames()).filteredOn(n -> n.startsWith(P)).containsExactly(name);
        }
        // Also when iproute2 made the name.
        String ipMade = P + "ipmade";
        Ip.run("netns", "add", ipMade);
        try {
            assertThatThrownBy(() -> stack.createNamespace(ipMade)).isInstanceOf(AlreadyExistsException.class)
                    .hasMessageContaining(ipMade);
            assertThat(Ip.run("netns", "exec", ipMade, "true")).isEmpty();
        } finally {
            Ip.run("netns", "del", ipMade);
        }
    }

    @Test
    void linkNameTakenNamesLinkAndNamespace() {
        String name = P + "links";
        try (NetNamespace ns = stack.createNamespace(name)) {
            ns.createVeth("a0", "b0");
            List<LinkInfo> before = ns.links();
            assertThatThrownBy(() -> ns.createVeth("a0", "c0")).isInstanceOf(AlreadyExistsException.class)
                    .hasMessageContaining("a0").hasMessageContaining(name);
            assertThatThrownBy(() -> ns.createBridge("b0")).isInstanceOf(AlreadyExistsException.class)
                    .hasMessageContaining("b0").hasMessageContaining(name);
            assertThatThrownBy(() -> ns.link("a0").down().rename("b0")).isInstanceOf(AlreadyExistsException.class)
                    .hasMessageContaining("b0").hasMessageContaining(name);
            assertThat(names(ns)).containsExactlyInAnyOrderElementsOf(names(before));
        }
    }

    @Test
    void addressAndRouteExist() {
        try (NetNamespace ns = stack.createAnonymousNamespace()) {
            Link l = ns.createVeth("a0", "b0").local().addAddress("10.50.0.1/24").up();
            assertThatThrownBy(() -> l.addAddress("10.50.0.1/24")).isInstanceOf(AlreadyExistsException.class)
                    .hasMessageContaining("10.50.0.1/24").hasMessageContaining("a0")
                    .hasMessageContaining(ns.id().toString());
            l.addAddress("fd00:50::1/64");
            assertThatThrownBy(() -> l.addAddress("fd00:50::1/64")).isInstanceOf(AlreadyExistsException.class)
                    .hasMessageContaining("fd00:50::1/64");
            Route r = Route.to("10.51.0.0/16").via("10.50.0.2");
            ns.addRoute(r);
            List<Route> routes = ns.routes();
            assertThatThrownBy(() -> ns.addRoute(r)).isInstanceOf(AlreadyExistsException.class)
                    .hasMessageContaining("10.51.0.0/16").hasMessageContaining(ns.id().toString());
            assertThatThrownBy(() -> ns.addRoute(Route.to("10.51.0.0/16").dev("a0"))).isInstanceOf(AlreadyExistsException.class);
            assertThat(ns.routes()).isEqualTo(routes);
        }
    }

    // ---- ENOENT / ENODEV --------------------------------------------------------------------

    @Test
    void missingThingsAreNotFound() {
        String missing = P + "missing";
        assertThatThrownBy(() -> stack.openNamespace(missing)).isInstanceOf(NotFoundException.class).hasMessageContaining(missing);
        assertThatThrownBy(() -> stack.deleteNamespace(missing)).isInstanceOf(NotFoundException.class).hasMessageContaining(missing);
        try (NetNamespace ns = stack.createAnonymousNamespace()) {
            assertThatThrownBy(() -> ns.link("nope0")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("nope0").hasMessageContaining(ns.id().toString());
            assertThat(ns.findLink("nope0")).isEmpty();
            assertThatThrownBy(() -> ns.link(4242)).isInstanceOf(NotFoundException.class).hasMessageContaining("4242");
            assertThatThrownBy(() -> ns.bridge("nope0")).isInstanceOf(NotFoundException.class);
            Link a = ns.createVeth("a0", "b0").local().addAddress("10.52.0.1/24").up();
            assertThatThrownBy(() -> ns.deleteRoute(Route.to("10.53.0.0/16").via("10.52.0.2")))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("10.53.0.0/16");
            assertThatThrownBy(() -> ns.addRoute(Route.to("10.53.0.0/16").dev("nope0")))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("nope0");
            assertThatThrownBy(() -> a.deleteAddress(IpPrefix.parse("10.52.0.9/24"))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> ns.sysctl("net.ipv4.no_such_knob")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("net.ipv4.no_such_knob");
            assertThatThrownBy(() -> ns.setSysctl("net.ipv4.conf.nope0.forwarding", "1")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("nope0");
            Link gone = ns.createBridge("br0");
            gone.delete();
            assertThatThrownBy(gone::up).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(gone::info).isInstanceOf(NotFoundException.class);
        }
    }

    // ---- invalid input ------------------------------------------------------------------------

    @Test
    void badInterfaceNamesChangeNothing() {
        try (NetNamespace ns = stack.createAnonymousNamespace(); NetNamespace other = stack.createAnonymousNamespace()) {
            Link a = ns.createVeth("a0", "b0").local();
            List<LinkInfo> before = ns.links();
            List<LinkInfo> otherBefore = other.links();
            for (String bad : BAD_IFNAMES) {
                invalid(() -> ns.createVeth(bad, "ok0"), bad);
                invalid(() -> ns.createVeth("ok0", bad), bad);
                invalid(() -> ns.createVeth("ok0", bad, other), bad);
                invalid(() -> ns.createBridge(bad), bad);
                invalid(() -> a.rename(bad), bad);
                invalid(() -> ns.findLink(bad), bad);
                invalid(() -> ns.addRoute(Route.to("10.0.0.0/8").dev(bad)), bad);
            }
            invalid(() -> ns.createVeth("same0", "same0"), "same0");
            assertThat(ns.links()).isEqualTo(before);
            assertThat(other.links()).isEqualTo(otherBefore);
            // A 15-byte multibyte name is the longest allowed and does work.
            String longest = "ééééééé" + "x"; // 7 x 2 + 1 = 15 bytes
            ns.createBridge(longest);
            assertThat(names(ns)).contains(longest);
        }
    }

    @Test
    void badNamespaceNamesCreateNothing() {
        List<String> before = stack.namespaceNames();
        for (String bad : BAD_NS_NAMES) {
            invalid(() -> stack.createNamespace(bad), bad);
            invalid(() -> stack.openNamespace(bad), bad);
            invalid(() -> stack.deleteNamespace(bad), bad);
        }
        invalid(() -> stack.createNamespace("x".repeat(256)), "256");
        assertThat(stack.namespaceNames()).isEqualTo(before);
        assertThat(Ip.netnsList()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void badValuesChangeNothing() {
        try (NetNamespace ns = stack.createAnonymousNamespace()) {
            Link a = ns.createVeth("a0", "b0").local().addAddress("10.54.0.1/24");
            LinkInfo before = a.info();
            List<Route> routes = ns.routes();
            invalid(() -> a.setMtu(67), "67");
            invalid(() -> a.setMtu(65536), "65536");
            invalid(() -> a.setMtu(-1), "-1");
            invalid(() -> MacAddress.parse("02:00:00:00:00"), "02:00:00:00:00");
            invalid(() -> MacAddress.parse("02:00:00:00:00:zz"), "zz");
            invalid(() -> MacAddress.parse("02:00:00:00:00:001"), "001");
            invalid(() -> a.setMac(MacAddress.parse("01:00:5e:00:00:01")), "multicast");
            invalid(() -> a.setMac(MacAddress.parse("ff:ff:ff:ff:ff:ff")), "multicast");
            invalid(() -> a.setMac(MacAddress.parse("00:00:00:00:00:00")), "zero");
            invalid(() -> IpPrefix.parse("10.0.0.1/33"), "33");
            invalid(() -> IpPrefix.parse("fd00::1/129"), "129");
            invalid(() -> IpPrefix.parse("10.0.0.256/24"), "256");
            invalid(() -> IpPrefix.parse("example.com/24"), "example.com");
            invalid(() -> ns.addRoute(Route.to("10.60.0.0/16")), "10.60.0.0/16");
            invalid(() -> ns.addRoute(Route.to("10.60.0.0/16").via("fd00::1")), "fd00::1");
            invalid(() -> ns.sysctl("kernel.hostname"), "kernel.hostname");
            invalid(() -> ns.sysctl("net/../../etc/passwd"), "..");
            assertThat(a.info()).isEqualTo(before);
            assertThat(ns.routes()).isEqualTo(routes);
            assertThat(a.addresses()).extracting(x -> x.prefix().toString()).containsExactly("10.54.0.1/24");
        }
    }

    // ---- closed handles ----------------------------------------------------------------------

    @Test
    void closedHandleRefusesEverything() {
        NetNamespace ns = stack.createAnonymousNamespace();
        NetNamespace peer = stack.createAnonymousNamespace();
        Link a;
        try {
            a = ns.createVeth("a0", "b0").local();
            ns.call(() -> 1); // start the worker, so its shutdown is exercised too
            ns.ping("127.0.0.1");
        } finally {
            ns.close();
        }
        ns.close(); // idempotent
        assertThat(ns.isClosed()).isTrue();
        List<ThrowingCallable> uses = List.of(ns::links, ns::addresses, ns::routes, () -> ns.link("lo"),
                () -> ns.createBridge("br0"), () -> ns.createVeth("x0", "y0"), () -> ns.call(() -> 1),
                () -> ns.run(() -> { }), () -> ns.exec("true"), () -> ns.sysctl("net.ipv4.ip_forward"),
                () -> ns.setSysctl("net.ipv4.ip_forward", "1"), () -> ns.ping("127.0.0.1"),
                () -> ns.addRoute(Route.to("10.0.0.0/8").dev("lo")), a::up, a::info, () -> a.setMtu(1400),
                () -> a.addAddress("10.0.0.1/8"));
        for (ThrowingCallable use : uses) {
            assertThatThrownBy(use).isInstanceOf(NamespaceClosedException.class);
        }
        try {
            // A closed namespace cannot be the far end of a new cable, and the near end is not left behind.
            assertThatThrownBy(() -> peer.createVeth("p0", "q0", ns)).isInstanceOf(NamespaceClosedException.class);
            assertThat(names(peer)).containsExactly("lo");
        } finally {
            peer.close();
        }
        // Closing the stack closes the handles it made.
        NetworkStack s2 = NetworkStack.open();
        NetNamespace viaS2 = s2.createAnonymousNamespace();
        s2.close();
        assertThat(viaS2.isClosed()).isTrue();
        assertThatThrownBy(viaS2::links).isInstanceOf(NamespaceClosedException.class);
    }

    // ---- processes -----------------------------------------------------------------------------

    @Test
    void failingCommandGivesExitCodeAndStderr() {
        try (NetNamespace ns = stack.createAnonymousNamespace()) {
            ExecResult r = ns.exec("ls", "/nonexistent-it-core");
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.succeeded()).isFalse();
            assertThat(r.stderr()).contains("/nonexistent-it-core").contains("No such file");
            assertThat(r.command()).containsExactly("ls", "/nonexistent-it-core");
            assertThatThrownBy(r::orThrow).isInstanceOf(CommandFailedException.class)
                    .hasMessageContaining("status 2").hasMessageContaining("No such file")
                    .satisfies(e -> assertThat(((CommandFailedException) e).result()).isEqualTo(r));
            ExecResult missing = ns.exec("/nonexistent-it-core-binary");
            assertThat(missing.exitCode()).isNotZero();
            assertThat(missing.stderr()).contains("nonexistent-it-core-binary");
            // Arguments are passed as they are: no shell interprets them.
            assertThat(ns.exec("echo", "$HOME; exit 3").orThrow().stdout()).isEqualTo("$HOME; exit 3\n");
            ExecResult slow = ns.exec(List.of("sleep", "5"), java.time.Duration.ofMillis(200));
            assertThat(slow.timedOut()).isTrue();
            assertThat(slow.succeeded()).isFalse();
            invalid(() -> ns.exec(), "empty");
        }
    }

    // ---- half-way failures --------------------------------------------------------------------

    @Test
    void vethWhosePeerNameIsTakenLeavesNoLocalEnd() {
        String r = P + "hr";
        String b = P + "hb";
        try (NetNamespace red = stack.createNamespace(r); NetNamespace blue = stack.createNamespace(b)) {
            blue.createBridge("taken0");
            List<LinkInfo> redBefore = red.links();
            List<LinkInfo> blueBefore = blue.links();
            assertThatThrownBy(() -> red.createVeth("mine0", "taken0", blue)).isInstanceOf(AlreadyExistsException.class)
                    .hasMessageContaining("taken0");
            assertThat(red.links()).isEqualTo(redBefore);
            assertThat(blue.links()).isEqualTo(blueBefore);
            assertThat(Ip.json(r, "link", "show")).extracting(l -> l.get("ifname")).containsExactly("lo");
            // The names are free: the same request with a free peer name works.
            VethPair ok = red.createVeth("mine0", "free0", blue);
            assertThat(ok.peer().namespace()).isEqualTo(blue);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static void invalid(ThrowingCallable call, String mentioned) {
        assertThatThrownBy(call).isInstanceOf(InvalidInputException.class).satisfies(e -> {
            // The message names the value, or for unprintable or empty values says what is wrong.
            if (!mentioned.isEmpty() && mentioned.chars().allMatch(c -> c >= 0x20) && !mentioned.contains("\0")) {
                assertThat(e.getMessage()).containsIgnoringCase(mentioned.length() > 40 ? "bytes" : mentioned);
            }
        });
    }

    private static List<String> names(NetNamespace ns) {
        return names(ns.links());
    }

    private static List<String> names(List<LinkInfo> links) {
        return links.stream().map(LinkInfo::name).toList();
    }
}
