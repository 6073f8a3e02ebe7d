package dev.netns.it.reliability;

import dev.netns.Impairment;
import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import dev.netns.KernelException;
import dev.netns.LinkType;
import dev.netns.MacAddress;
import dev.netns.NamespaceClosedException;
import dev.netns.NatRule;
import dev.netns.NatRule.PortRange;
import dev.netns.NatRule.Protocol;
import dev.netns.Neighbour;
import dev.netns.NetnsException;
import dev.netns.NextHop;
import dev.netns.NotFoundException;
import dev.netns.Route;
import dev.netns.Rule;
import dev.netns.FilterRule;
import dev.netns.FilterRule.Direction;
import dev.netns.testkit.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The bad-input corpus, in one table: every case is a call through the public API ({@code dev.netns})
 * or the testkit ({@code dev.netns.testkit}) with one bad value or a handle used after close, the
 * typed exception it must give, and the text its message must contain (the value, printed as the
 * SDK prints it: control characters as {@code \}{@code uXXXX}).
 *
 * <p>The policy it checks: bad values, nulls included, are {@link InvalidInputException} (before
 * anything changes); a name that does not exist is {@link NotFoundException}; a value only the
 * kernel can judge is a {@link KernelException} subtype naming the value; a handle of a closed
 * namespace is {@link NamespaceClosedException}. Never IllegalArgumentException,
 * NullPointerException or anything untyped.
 */
final class BadInputs {
    private BadInputs() {
    }

    /** A prepared call: preparing may make a stale handle; the call is what must fail. */
    interface Prepare {
        Call prepare(BadInputCorpusTest.Fixture f) throws Exception;
    }

    /** The call that must fail. */
    interface Call {
        void call() throws Exception;
    }

    /** Which namespaces are dumped before and after. */
    enum Scope { NAMESPACE, NAMESPACE_AND_SYSCTLS, NETWORK }

    /**
     * @param name the case, as shown in the report
     * @param error the exception type the call must throw (or a subtype)
     * @param names text the message must contain
     */
    record Case(String name, Class<? extends Throwable> error, String names, Scope scope, Prepare prepare) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Interface names the kernel or iproute2 would refuse, each for another rule. */
    static final List<String> BAD_IFNAMES = List.of("", "abcdefghijklmnop" /* 16 bytes */,
            "éééééééé" /* 8 chars, 16 UTF-8 bytes */, "ab€€€€€" /* 7 chars, 17 bytes */, "ünïcödé-näme-xyz" /* 21 bytes */,
            ".", "..", "a/b", "../x", "a:b", "a b", "a\tb", "a\0b", "a\nb", "\u0007bell", "a\u007fb", "x\u2028y");

    static final List<String> BAD_PREFIXES = List.of("10.0.0.1/33", "10.0.0.1/-1", "10.0.0.256/24", "10.0.0/24", "",
            "/24", "10.0.0.1/", "fe80::1/129", "10.0.0.1/24/1", "abc/8", "10.0.0.1 /24", "10.0.0.1/0x10", "1.2.3.4.5/32",
            "::1::2/64", "10.0.0.1/2147483648");

    /** Not address literals; "localhost" and a DNS name must be refused, never looked up. */
    static final List<String> BAD_ADDRESSES = List.of("300.1.1.1", "10.0.0", "localhost", "netns.invalid", "",
            "fe80::zz", "10.0.0.1/24", "1.2.3.4.5");

    static final List<String> BAD_MACS = List.of("00:11:22:33:44", "00:11:22:33:44:55:66", "gg:11:22:33:44:55", "",
            "0011.2233.4455", "00:11:22:33:44:555", "00;11;22;33;44;55");

    static final List<String> BAD_SYSCTL_KEYS = List.of("../../../etc/passwd", "/proc/sys/net/ipv4/ip_forward",
            "/etc/passwd", "kernel.hostname", "vm.swappiness", "net/../../kernel/hostname", "net.ipv4.", "",
            "net..ipv4.ip_forward", "net.ipv4.ip_forward\0", "net.ipv4.ip_forward\n", "net.ipv4.conf.veth0/../../../..",
            "net", "net.ipv4.conf", "net.ipv4.../ip_forward", "net.ipv4.conf.all");

    static List<Case> all() {
        List<Case> c = new ArrayList<>();
        interfaceNames(c);
        namespaceNames(c);
        prefixes(c);
        addresses(c);
        macs(c);
        mtus(c);
        ports(c);
        sysctls(c);
        routesRulesNeighbours(c);
        natAndFilterRules(c);
        impairments(c);
        topologies(c);
        faults(c);
        closedHandles(c);
        wrongThread(c);
        return c;
    }

    private static Case ns(String name, Class<? extends Throwable> error, String names, Prepare p) {
        return new Case(name, error, names, Scope.NAMESPACE, p);
    }

    private static Case sysctl(String name, Class<? extends Throwable> error, String names, Prepare p) {
        return new Case(name, error, names, Scope.NAMESPACE_AND_SYSCTLS, p);
    }

    private static Case net(String name, Class<? extends Throwable> error, String names, Prepare p) {
        return new Case(name, error, names, Scope.NETWORK, p);
    }

    /** @return the value as the SDK prints it in messages */
    static String shown(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            sb.append(Character.isISOControl(ch) ? String.format("\\u%04x", (int) ch) : String.valueOf(ch));
        }
        return sb.toString();
    }

    private static String q(String s) {
        return "\"" + shown(s) + "\"";
    }

    private static void interfaceNames(List<Case> c) {
        Class<InvalidInputException> bad = InvalidInputException.class;
        for (String n : BAD_IFNAMES) {
            String s = q(n);
            c.add(ns("bridge named " + s, bad, s, f -> () -> f.ns.createBridge(n)));
            c.add(ns("veth named " + s, bad, s, f -> () -> f.ns.createVeth(n, "okpeer")));
            c.add(ns("veth peer named " + s, bad, s, f -> () -> f.ns.createVeth("okname", n, f.peer)));
            c.add(ns("rename to " + s, bad, s, f -> () -> f.veth().rename(n)));
            c.add(ns("route via device " + s, bad, s, f -> () -> f.ns.addRoute(Route.to("10.7.0.0/24").dev(n))));
            c.add(ns("masquerade leaving by " + s, bad, s,
                    f -> () -> f.ns.nat().apply(NatRule.masquerade("10.1.0.0/24").leavingBy(n))));
        }
        for (String n : BAD_IFNAMES.subList(0, 6)) {
            String s = q(n);
            c.add(ns("tap named " + s, bad, s, f -> () -> f.ns.createLink(n, LinkType.tap())));
            c.add(ns("filter arriving on " + s, bad, s,
                    f -> () -> f.ns.packetFilter().filter().apply(FilterRule.drop(Direction.INPUT).arrivingOn(n).build())));
            c.add(ns("rule iif " + s, bad, s, f -> () -> f.ns.addRule(Rule.lookup(100).iif(n))));
            c.add(ns("look up link " + s, bad, s, f -> () -> f.ns.link(n)));
        }
        // Topology host names: 1-64 of [A-Za-z0-9_.-] (they name namespaces and files).
        for (String n : List.of("", "a/b", "a b", "a\0b", "\u0007bell", "x".repeat(65), "é", "a:b")) {
            String s = q(n);
            c.add(net("topology host " + s, bad, s, f -> () -> Topology.builder().host(n).build()));
        }
        Class<InvalidInputException> nul = InvalidInputException.class;
        c.add(ns("bridge named null", nul, "name", f -> () -> f.ns.createBridge(null)));
        c.add(ns("veth peer named null", nul, "name", f -> () -> f.ns.createVeth("okname", null)));
        c.add(ns("rename to null", nul, "name", f -> () -> f.veth().rename(null)));
        c.add(ns("look up link null", nul, "name", f -> () -> f.ns.link(null)));
        c.add(ns("veth peer in a null namespace", nul, "namespace", f -> () -> f.ns.createVeth("okname", "okpeer", null)));
    }

    private static void namespaceNames(List<Case> c) {
        for (String n : List.of("", "a/b", "..", ".", "/x", "a b", "a\0b", "a\nb", "../../etc", "x".repeat(256))) {
            String s = q(n.length() > 40 ? n.substring(0, 40) : n);
            String names = n.length() > 40 ? n.substring(0, 40) : shown(n);
            c.add(ns("namespace named " + s, InvalidInputException.class, names, f -> () -> f.stack.createNamespace(n)));
        }
        c.add(ns("open namespace \"../..\"", InvalidInputException.class, "..", f -> () -> f.stack.openNamespace("../..")));
        c.add(ns("delete namespace \"a/b\"", InvalidInputException.class, "a/b", f -> () -> f.stack.deleteNamespace("a/b")));
    }

    private static void prefixes(List<Case> c) {
        Class<InvalidInputException> bad = InvalidInputException.class;
        for (String p : BAD_PREFIXES) {
            String s = q(p);
            c.add(ns("address " + s, bad, s, f -> () -> f.veth().addAddress(p)));
            c.add(ns("route to " + s, bad, s, f -> () -> f.ns.addRoute(Route.to(p))));
            c.add(ns("masquerade of " + s, bad, s, f -> () -> f.ns.nat().apply(NatRule.masquerade(p))));
        }
        for (String p : BAD_PREFIXES.subList(0, 5)) {
            String s = q(p);
            c.add(ns("rule from " + s, bad, s, f -> () -> f.ns.addRule(Rule.lookup(100).from(p))));
            c.add(ns("filter from " + s, bad, s,
                    f -> () -> f.ns.packetFilter().filter().apply(FilterRule.drop(Direction.INPUT).from(p).build())));
        }
        c.add(ns("address null", bad, "address", f -> () -> f.veth().addAddress((IpPrefix) null)));
    }

    private static void addresses(List<Case> c) {
        Class<InvalidInputException> bad = InvalidInputException.class;
        for (String a : BAD_ADDRESSES) {
            String s = q(a);
            c.add(ns("default route via " + s, bad, shown(a), f -> () -> f.ns.addRoute(Route.defaultVia(a))));
            c.add(ns("port forward to " + s, bad, shown(a),
                    f -> () -> f.ns.nat().apply(NatRule.portForward(Protocol.TCP, 80, a, 80))));
        }
        for (String a : BAD_ADDRESSES.subList(0, 4)) {
            String s = q(a);
            c.add(ns("neighbour " + s, bad, shown(a),
                    f -> () -> f.ns.addNeighbour(Neighbour.permanent(a, "02:00:00:00:00:09", "veth0"))));
            c.add(ns("ping " + s, bad, shown(a), f -> () -> f.ns.ping(a)));
        }
    }

    private static void macs(List<Case> c) {
        for (String m : BAD_MACS) {
            String s = q(m);
            c.add(ns("MAC " + s, InvalidInputException.class, shown(m), f -> () -> f.veth().setMac(MacAddress.parse(m))));
            c.add(ns("neighbour with MAC " + s, InvalidInputException.class, shown(m),
                    f -> () -> f.ns.addNeighbour(Neighbour.permanent("10.1.0.9", m, "veth0"))));
        }
        // Well-formed, but no Ethernet device may have them: the kernel says so, and the message names the MAC.
        for (String m : List.of("ff:ff:ff:ff:ff:ff", "01:00:5e:00:00:01", "00:00:00:00:00:00")) {
            c.add(ns("MAC " + m, NetnsException.class, m, f -> () -> f.veth().setMac(MacAddress.parse(m))));
        }
    }

    private static void mtus(List<Case> c) {
        for (int mtu : new int[] {-1, 0, 1, 67, 65536, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            c.add(ns("MTU " + mtu, InvalidInputException.class, Integer.toString(mtu), f -> () -> f.veth().setMtu(mtu)));
        }
    }

    private static void ports(List<Case> c) {
        Class<InvalidInputException> bad = InvalidInputException.class;
        for (int p : new int[] {0, -1, 65536, Integer.MIN_VALUE}) {
            c.add(ns("port forward from port " + p, bad, Integer.toString(p),
                    f -> () -> f.ns.nat().apply(NatRule.portForward(Protocol.TCP, p, "10.1.0.2", 80))));
            c.add(ns("port forward to port " + p, bad, Integer.toString(p),
                    f -> () -> f.ns.nat().apply(NatRule.portForward(Protocol.UDP, 80, "10.1.0.2", p))));
            c.add(ns("filter on port " + p, bad, Integer.toString(p), f -> () -> f.ns.packetFilter().filter()
                    .apply(FilterRule.drop(Direction.INPUT).protocol(FilterRule.IpProtocol.TCP).destinationPort(p).build())));
            c.add(net("testkit listens on port " + p, bad, Integer.toString(p), f -> () -> f.net.listenTcp("a", p)));
        }
        c.add(ns("port range 10-5", bad, "10-5",
                f -> () -> f.ns.nat().apply(NatRule.portForward(Protocol.TCP, PortRange.of(10, 5), "10.1.0.2"))));
        c.add(ns("port range 0-10", bad, "0", f -> () -> f.ns.nat().apply(NatRule.portForward(Protocol.TCP,
                PortRange.of(0, 10), "10.1.0.2"))));
        c.add(net("testkit HTTP on port 70000", bad, "70000", f -> () -> f.net.serveHttp("a", 70000, 200, "x")));
        c.add(net("testkit UDP echo on port -5", bad, "-5", f -> () -> f.net.udpEcho("a", -5)));
        c.add(net("testkit HTTP status 99", bad, "99", f -> () -> f.net.serveHttp("a", 8080, 99, "x")));
    }

    private static void sysctls(List<Case> c) {
        for (String k : BAD_SYSCTL_KEYS) {
            String s = q(k);
            c.add(sysctl("read sysctl " + s, InvalidInputException.class, shown(k), f -> () -> f.ns.sysctl(k)));
            c.add(sysctl("write sysctl " + s, InvalidInputException.class, shown(k), f -> () -> f.ns.setSysctl(k, "1")));
        }
        c.add(sysctl("read sysctl that does not exist", NotFoundException.class, "net.ipv4.no_such_key",
                f -> () -> f.ns.sysctl("net.ipv4.no_such_key")));
        c.add(sysctl("write sysctl that does not exist", NotFoundException.class, "net.ipv4.no_such_key",
                f -> () -> f.ns.setSysctl("net.ipv4.no_such_key", "1")));
        c.add(sysctl("sysctl value with a newline", InvalidInputException.class, "1\\u000a0",
                f -> () -> f.ns.setSysctl("net.ipv4.ip_forward", "1\n0")));
        c.add(sysctl("sysctl value with a NUL", InvalidInputException.class, "1\\u00000",
                f -> () -> f.ns.setSysctl("net.ipv4.ip_forward", "1\u00000")));
        c.add(sysctl("sysctl value null", InvalidInputException.class, "value",
                f -> () -> f.ns.setSysctl("net.ipv4.ip_forward", null)));
        c.add(sysctl("sysctl value the kernel refuses", NetnsException.class, "net.ipv4.ip_forward",
                f -> () -> f.ns.setSysctl("net.ipv4.ip_forward", "abc")));
        c.add(sysctl("sysctl key null", InvalidInputException.class, "key", f -> () -> f.ns.sysctl(null)));
    }

    private static void routesRulesNeighbours(List<Case> c) {
        Class<InvalidInputException> bad = InvalidInputException.class;
        c.add(ns("route via a gateway of the other family", bad, "fe80::1",
                f -> () -> f.ns.addRoute(Route.to("10.7.0.0/24").via("fe80::1"))));
        c.add(ns("route metric -1", bad, "-1", f -> () -> f.ns.addRoute(Route.to("10.7.0.0/24").dev("veth0").metric(-1))));
        c.add(ns("route metric 2^32", bad, "4294967296",
                f -> () -> f.ns.addRoute(Route.to("10.7.0.0/24").dev("veth0").metric(1L << 32))));
        c.add(ns("route table -1", bad, "-1", f -> () -> f.ns.addRoute(Route.to("10.7.0.0/24").dev("veth0").table(-1))));
        c.add(ns("route table 2^32", bad, "4294967296",
                f -> () -> f.ns.addRoute(Route.to("10.7.0.0/24").dev("veth0").table(1L << 32))));
        c.add(ns("multipath route without next hops", bad, "10.7.0.0/24", f -> () -> f.ns.addRoute(Route.multipath("10.7.0.0/24"))));
        c.add(ns("multipath next hop via a bad address", bad, "10.1.0.300",
                f -> () -> f.ns.addRoute(Route.multipath("10.7.0.0/24", NextHop.via("10.1.0.300")))));
        c.add(ns("route via a device that does not exist", NotFoundException.class, "nosuch0",
                f -> () -> f.ns.addRoute(Route.to("10.7.0.0/24").dev("nosuch0"))));
        c.add(ns("route via an unreachable gateway", KernelException.class, "192.0.2.99",
                f -> () -> f.ns.addRoute(Route.to("10.7.0.0/24").via("192.0.2.99"))));
        c.add(ns("route that exists already", KernelException.class, "10.2.0.0/24",
                f -> () -> f.ns.addRoute(Route.to("10.2.0.0/24").via("10.1.0.2"))));
        c.add(ns("delete a route that does not exist", NotFoundException.class, "10.9.9.0/24",
                f -> () -> f.ns.deleteRoute(Route.to("10.9.9.0/24").dev("veth0"))));
        c.add(ns("routes of table -1", bad, "-1", f -> () -> f.ns.routes(-1)));
        c.add(ns("route lookup of a bad address", bad, "10.0.0.256", f -> () -> f.ns.lookupRoute("10.0.0.256")));
        c.add(ns("rule priority -1", bad, "-1", f -> () -> f.ns.addRule(Rule.lookup(100).priority(-1))));
        c.add(ns("rule priority 2^32", bad, "4294967296", f -> () -> f.ns.addRule(Rule.lookup(100).priority(1L << 32))));
        c.add(ns("rule fwmark -1", bad, "-1", f -> () -> f.ns.addRule(Rule.lookup(100).fwmark(-1))));
        c.add(ns("rule lookup table -1", bad, "-1", f -> () -> f.ns.addRule(Rule.lookup(-1))));
        c.add(ns("rule lookup table 2^32", bad, "4294967296", f -> () -> f.ns.addRule(Rule.lookup(1L << 32))));
        c.add(ns("delete a rule that does not exist", NotFoundException.class, "10.9.9.0/24",
                f -> () -> f.ns.deleteRule(Rule.lookup(100).from("10.9.9.0/24").priority(4242))));
        c.add(ns("neighbour on a device that does not exist", NotFoundException.class, "nosuch0",
                f -> () -> f.ns.addNeighbour(Neighbour.permanent("10.1.0.9", "02:00:00:00:00:09", "nosuch0"))));
        c.add(ns("neighbour that exists already", KernelException.class, "10.1.0.7",
                f -> () -> f.ns.addNeighbour(Neighbour.permanent("10.1.0.7", "02:00:00:00:00:07", "veth0"))));
        c.add(ns("delete a neighbour that does not exist", NotFoundException.class, "10.1.0.99",
                f -> () -> f.ns.deleteNeighbour("veth0", java.net.InetAddress.getByName("10.1.0.99"))));
        c.add(ns("flush neighbours of a device that does not exist", NotFoundException.class, "nosuch0",
                f -> () -> f.ns.flushNeighbours("nosuch0")));
        c.add(ns("neighbours of a device that does not exist", NotFoundException.class, "nosuch0",
                f -> () -> f.ns.neighbours("nosuch0")));
        c.add(ns("look up link index -1", bad, "-1", f -> () -> f.ns.link(-1)));
        c.add(ns("look up link index 0", bad, "0", f -> () -> f.ns.link(0)));
        c.add(ns("look up link index that does not exist", NotFoundException.class, "99999", f -> () -> f.ns.link(99999)));
        c.add(ns("veth named like an existing link", KernelException.class, "veth0", f -> () -> f.ns.createVeth("veth0", "okpeer")));
        c.add(ns("bridge named like an existing link", KernelException.class, "br0", f -> () -> f.ns.createBridge("br0")));
        c.add(ns("attach to itself", NetnsException.class, "br0", f -> () -> f.ns.bridge("br0").attachTo(f.ns.bridge("br0"))));
        c.add(ns("bridge lookup of a veth", NetnsException.class, "veth0", f -> () -> f.ns.bridge("veth0")));
        c.add(ns("vxlan VNI 2^24", bad, "16777216", f -> () -> f.ns.createLink("vx0", LinkType.vxlan(1 << 24))));
        c.add(ns("vxlan VNI -1", bad, "-1", f -> () -> f.ns.createLink("vx0", LinkType.vxlan(-1))));
        c.add(ns("vlan id 4095", bad, "4095", f -> () -> f.ns.createLink("vl0", LinkType.vlan("veth0", 4095))));
        c.add(ns("macvlan of a device that does not exist", NetnsException.class, "nosuch0",
                f -> () -> f.ns.createLink("mv0", LinkType.macvlan("nosuch0", LinkType.MacvlanMode.BRIDGE))));
    }

    private static void natAndFilterRules(List<Case> c) {
        Class<InvalidInputException> bad = InvalidInputException.class;
        c.add(ns("masquerade except a bad prefix", bad, "10.0.0.1/99",
                f -> () -> f.ns.nat().apply(NatRule.masquerade("10.1.0.0/24").except("10.0.0.1/99"))));
        c.add(ns("port forward to host address not an address", bad, "10.1.0.x",
                f -> () -> f.ns.nat().apply(NatRule.portForward(Protocol.TCP, 80, "10.1.0.2", 80).toHostAddress("10.1.0.x"))));
        c.add(ns("SNAT of IPv4 to an IPv6 address", bad, "fd00::1", f -> () -> f.ns.nat().apply(NatRule.snat("10.1.0.0/24", "fd00::1"))));
        c.add(ns("SNAT to a bad address", bad, "10.1.0.256", f -> () -> f.ns.nat().apply(NatRule.snat("10.1.0.0/24", "10.1.0.256"))));
        c.add(ns("port forward of IPv6 host address to IPv4", bad, "fd00::1", f -> () -> f.ns.nat()
                .apply(NatRule.portForward(Protocol.TCP, 80, "10.1.0.2", 80).toHostAddress("fd00::1"))));
        c.add(ns("NAT rule null", bad, "rule", f -> () -> f.ns.nat().apply(null)));
        c.add(ns("filter rule null", bad, "rule", f -> () -> f.ns.packetFilter().filter().apply(null)));
        for (double p : new double[] {-0.1, 1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            c.add(ns("filter probability " + p, bad, Double.toString(p), f -> () -> f.ns.packetFilter().filter()
                    .apply(FilterRule.drop(Direction.INPUT).probability(p).build())));
        }
        c.add(ns("filter from IPv4 to IPv6", bad, "fd00::/64", f -> () -> f.ns.packetFilter().filter()
                .apply(FilterRule.drop(Direction.INPUT).from("10.1.0.0/24").to("fd00::/64").build())));
        c.add(ns("filter on a port without a protocol", bad, "port", f -> () -> f.ns.packetFilter().filter()
                .apply(FilterRule.drop(Direction.INPUT).destinationPort(80).build())));
        c.add(ns("input filter leaving by an interface", bad, "veth0", f -> () -> f.ns.packetFilter().filter()
                .apply(FilterRule.drop(Direction.INPUT).leavingBy("veth0").build())));
    }

    private static void impairments(List<Case> c) {
        Class<InvalidInputException> bad = InvalidInputException.class;
        for (double share : new double[] {-0.01, 1.01, 100, Double.NaN, Double.POSITIVE_INFINITY}) {
            String v = Double.toString(share);
            c.add(ns("impairment loss " + v, bad, v, f -> () -> f.veth().impair(Impairment.builder().loss(share).build())));
            c.add(ns("impairment duplicate " + v, bad, v, f -> () -> f.veth().impair(Impairment.builder().duplicate(share).build())));
            c.add(ns("impairment corrupt " + v, bad, v, f -> () -> f.veth().impair(Impairment.builder().corrupt(share).build())));
            c.add(ns("impairment reorder " + v, bad, v, f -> () -> f.veth().impair(Impairment.builder()
                    .delay(Duration.ofMillis(10)).reorder(share).build())));
        }
        c.add(ns("impairment delay -1 ms", bad, "-", f -> () -> f.veth().impair(Impairment.builder()
                .delay(Duration.ofMillis(-1)).build())));
        c.add(ns("impairment jitter -1 ms", bad, "-", f -> () -> f.veth().impair(Impairment.builder()
                .delay(Duration.ofMillis(10)).jitter(Duration.ofMillis(-1)).build())));
        c.add(ns("impairment delay of 400 days", bad, "P", f -> () -> f.veth().impair(Impairment.builder()
                .delay(Duration.ofDays(400)).build())));
        c.add(ns("impairment rate 0", bad, "0", f -> () -> f.veth().impair(Impairment.builder().rate(0).build())));
        c.add(ns("impairment rate -1", bad, "-1", f -> () -> f.veth().impair(Impairment.builder().rate(-1).build())));
        c.add(ns("impairment null", bad, "impairment", f -> () -> f.veth().impair(null)));
        c.add(ns("empty impairment", bad, "impairment", f -> () -> f.veth().impair(Impairment.builder().build())));
    }

    private static void topologies(List<Case> c) {
        Class<InvalidInputException> bad = InvalidInputException.class;
        c.add(net("topology host twice", bad, "\"a\"", f -> () -> Topology.builder().host("a").host("a").build()));
        c.add(net("topology link to a bridge that does not exist", bad, "nosuch",
                f -> () -> Topology.builder().host("a").link("a", "nosuch", "10.0.0.1/24").build()));
        c.add(net("topology link of a host that does not exist", bad, "ghost",
                f -> () -> Topology.builder().host("a").link("a", "10.0.0.1/24", "ghost", "10.0.0.2/24").build()));
        c.add(net("topology bridge address bad", bad, "10.0.0.1/99",
                f -> () -> Topology.builder().bridge("br0", "10.0.0.1/99").build()));
        c.add(net("topology default route of a host that does not exist", bad, "ghost",
                f -> () -> Topology.builder().host("a").defaultRoute("ghost", "10.0.0.1").build()));
        c.add(net("topology default route via a bad address", bad, "10.0.0.300",
                f -> () -> Topology.builder().host("a").defaultRoute("a", "10.0.0.300").build()));
        c.add(net("topology forwarding of a host that does not exist", bad, "ghost",
                f -> () -> Topology.builder().host("a").forwarding("ghost").build()));
        c.add(net("topology NAT in a host that does not exist", bad, "ghost",
                f -> () -> Topology.builder().host("a").nat("ghost", NatRule.masquerade("10.0.0.0/24")).build()));
        c.add(net("topology link address bad", bad, "10.0.0.1/33", f -> () -> Topology.builder().host("a").host("b")
                .link("a", "10.0.0.1/33", "b", "10.0.0.2/24").build()));
        c.add(net("topology link of a host to itself", bad, "a-a", f -> () -> Topology.builder().host("a")
                .link("a", "10.0.0.1/24", "a", "10.0.0.2/24").build()));
        c.add(net("topology host named like the sandbox", bad, Topology.SANDBOX,
                f -> () -> Topology.builder().host(Topology.SANDBOX).build()));
        c.add(net("topology host null", bad, "name", f -> () -> Topology.builder().host(null).build()));
        c.add(net("topology bridge named like a host", bad, "\"a\"", f -> () -> Topology.builder().host("a").bridge("a").build()));
    }

    private static void faults(List<Case> c) {
        Class<InvalidInputException> bad = InvalidInputException.class;
        for (double p : new double[] {-0.5, 1.5, Double.NaN}) {
            c.add(net("testkit packet loss " + p, bad, Double.toString(p), f -> () -> f.net.packetLoss("a", p)));
        }
        c.add(net("testkit delay -5 ms", bad, "-", f -> () -> f.net.delay("a-b", Duration.ofMillis(-5), Duration.ZERO)));
        c.add(net("testkit impairment loss 2", bad, "2.0", f -> () -> f.net.impair("a-b", Impairment.builder().loss(2).build())));
        c.add(net("testkit impairment of a link that does not exist", bad, "nosuch",
                f -> () -> f.net.impair("nosuch", Impairment.builder().loss(0.1).build())));
        c.add(net("testkit partition from a host that does not exist", bad, "ghost", f -> () -> f.net.partition("a", "ghost")));
        c.add(net("testkit partition of a host from itself", bad, "\"a\"", f -> () -> f.net.partition("a", "a")));
        c.add(net("testkit link down of a link that does not exist", bad, "nosuch", f -> () -> f.net.linkDown("nosuch")));
        c.add(net("testkit isolate a host that does not exist", bad, "ghost", f -> () -> f.net.isolate("ghost")));
        c.add(net("testkit drop new connections to a host that does not exist", bad, "ghost",
                f -> () -> f.net.dropNewConnections("a", "ghost")));
        c.add(net("testkit host that does not exist", bad, "ghost", f -> () -> f.net.host("ghost")));
        c.add(net("testkit packet loss of a host that does not exist", bad, "ghost", f -> () -> f.net.packetLoss("ghost", 0.5)));
    }

    private static void closedHandles(List<Case> c) {
        Class<NotFoundException> gone = NotFoundException.class;
        // A link handle whose link was deleted: the message names the link.
        c.add(ns("deleted link: up", gone, "gone0", f -> f.deletedLink()::up));
        c.add(ns("deleted link: down", gone, "gone0", f -> f.deletedLink()::down));
        c.add(ns("deleted link: MTU", gone, "gone0", f -> { var l = f.deletedLink(); return () -> l.setMtu(1400); }));
        c.add(ns("deleted link: address", gone, "gone0", f -> { var l = f.deletedLink(); return () -> l.addAddress("10.8.0.1/24"); }));
        c.add(ns("deleted link: rename", gone, "gone0", f -> { var l = f.deletedLink(); return () -> l.rename("gone2"); }));
        c.add(ns("deleted link: attach", gone, "gone0", f -> { var l = f.deletedLink(); return () -> l.attachTo(f.ns.bridge("br0")); }));
        c.add(ns("deleted link: move", gone, "gone0", f -> { var l = f.deletedLink(); return () -> l.moveTo(f.peer); }));
        c.add(ns("deleted link: info", gone, "gone0", f -> f.deletedLink()::info));
        c.add(ns("deleted link: statistics", gone, "gone0", f -> f.deletedLink()::statistics));
        c.add(ns("deleted link: impair", gone, "gone0",
                f -> { var l = f.deletedLink(); return () -> l.impair(Impairment.builder().loss(0.1).build()); }));
        c.add(ns("deleted link: delete", gone, "gone0", f -> f.deletedLink()::delete));
        // A closed namespace: every operation says so and names it.
        Class<NamespaceClosedException> closed = NamespaceClosedException.class;
        c.add(ns("closed namespace: bridge", closed, "closed", f -> () -> f.closedNamespace().createBridge("x0")));
        c.add(ns("closed namespace: links", closed, "closed", f -> f.closedNamespace()::links));
        c.add(ns("closed namespace: route", closed, "closed", f -> () -> f.closedNamespace().addRoute(Route.to("10.7.0.0/24").dev("lo"))));
        c.add(ns("closed namespace: sysctl", closed, "closed", f -> () -> f.closedNamespace().sysctl("net.ipv4.ip_forward")));
        c.add(ns("closed namespace: set sysctl", closed, "closed",
                f -> () -> f.closedNamespace().setSysctl("net.ipv4.ip_forward", "1")));
        c.add(ns("closed namespace: exec", closed, "closed", f -> () -> f.closedNamespace().exec("true")));
        c.add(ns("closed namespace: NAT", closed, "closed",
                f -> () -> f.closedNamespace().nat().apply(NatRule.masquerade("10.1.0.0/24"))));
        c.add(ns("closed namespace: call", closed, "closed", f -> () -> f.closedNamespace().call(() -> 1)));
        c.add(ns("closed namespace: socket", closed, "closed", f -> f.closedNamespace()::openSocketChannel));
        c.add(ns("closed namespace: watch", closed, "closed", f -> () -> f.closedNamespace().watch(change -> { })));
        c.add(ns("closed namespace: ping", closed, "closed", f -> () -> f.closedNamespace().ping("127.0.0.1")));
        c.add(ns("closed namespace: link handle", closed, "closed", f -> f.linkOfClosedNamespace()::up));
        c.add(ns("closed namespace: packet filter taken before", closed, "closed",
                f -> { var t = f.filterOfClosedNamespace(); return () -> t.apply(FilterRule.drop(Direction.INPUT).build()); }));
        c.add(ns("closed stack: new namespace", NetnsException.class, "closed", f -> f.closedStack()::createAnonymousNamespace));
        c.add(net("closed network: partition", NetnsException.class, "closed", f -> () -> f.closedNetwork().partition("a", "b")));
    }

    private static void wrongThread(List<Case> c) {
        // A namespace's worker waiting for another namespace's worker that waits for it would never return.
        c.add(ns("call back into a namespace whose worker waits", NetnsException.class, "call inside a call",
                f -> () -> f.ns.call(() -> f.peer.call(() -> f.ns.call(() -> 1)))));
        c.add(ns("call back through a third namespace", NetnsException.class, "call inside a call",
                f -> () -> f.ns.call(() -> f.peer.call(() -> f.net.sandbox().call(() -> f.ns.call(() -> 1))))));
    }
}
