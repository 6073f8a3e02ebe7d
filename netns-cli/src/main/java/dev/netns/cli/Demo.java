package dev.netns.cli;

import dev.netns.Bridge;
import dev.netns.IpPrefix;
import dev.netns.NatRule;
import dev.netns.NatRuleHandle;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import dev.netns.PingResult;
import dev.netns.Route;
import dev.netns.VethPair;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The tutorial, step by step, inside a sandbox: a namespace plays the host (bridge, forwarding,
 * NAT) and another plays the internet ({@code wan}, 203.0.113.0/24). The machine's own namespace
 * is never touched and no packet leaves the sandbox.
 */
final class Demo {
    static final String KEEP_PREFIX = "netns-demo-";
    private static final List<String> ROLES = List.of("red", "blue", "host", "wan");
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
    private static final Duration LINK_UP_TIMEOUT = Duration.ofSeconds(3);
    /** How long a check that expects traffic to flow keeps trying. */
    private static final Duration SETTLE = Duration.ofSeconds(3);

    private final PrintStream out;
    private final boolean keep;
    private final String prefix;
    private int failures;

    Demo(PrintStream out, boolean keep) {
        this.out = out;
        this.keep = keep;
        this.prefix = keep ? KEEP_PREFIX : "netns-demo-" + ProcessHandle.current().pid() + "-";
    }

    /** Removes what {@code --keep} left. */
    static int clean(PrintStream out) {
        try (NetworkStack stack = NetworkStack.open()) {
            int removed = 0;
            for (String role : ROLES) {
                String name = KEEP_PREFIX + role;
                if (stack.namespaceNames().contains(name)) {
                    stack.deleteNamespace(name);
                    out.println("  $ ip netns del " + name);
                    removed++;
                }
            }
            out.println(removed == 0 ? "Nothing to clean: no netns-demo-* namespace exists." : "Removed " + removed + " namespaces.");
            return 0;
        }
    }

    int run() {
        long t0 = System.nanoTime();
        out.println("netns demo: the tutorial, replayed inside a sandbox. The namespace " + prefix + "host plays the host,");
        out.println(prefix + "wan plays the internet (203.0.113.0/24); the machine's own namespace is not touched.");
        List<NetNamespace> all = new ArrayList<>();
        PageServer server = null;
        try (NetworkStack stack = NetworkStack.open()) {
            for (String role : ROLES) {
                if (stack.namespaceNames().contains(prefix + role)) {
                    out.println("netns demo: namespace " + prefix + role + " already exists (left by --keep?): run ./netns demo --clean first");
                    return 1;
                }
            }
            // ---- 1 -----------------------------------------------------------------
            step("1. Two namespaces, red and blue");
            NetNamespace red = track(all, stack.createNamespace(prefix + "red"));
            cmd("ip netns add " + red.name().orElseThrow());
            NetNamespace blue = track(all, stack.createNamespace(prefix + "blue"));
            cmd("ip netns add " + blue.name().orElseThrow());
            cmd("ip netns");
            List<String> names = stack.namespaceNames();
            check("ip netns lists both", names.contains(prefix + "red") && names.contains(prefix + "blue"),
                    names.stream().filter(n -> n.startsWith(prefix)).toList().toString());
            cmd("ip -n " + red.name().orElseThrow() + " link");
            var redLinks = red.links();
            check("red has only its loopback", redLinks.size() == 1 && redLinks.get(0).name().equals("lo"),
                    redLinks.stream().map(l -> l.index() + ": " + l.name() + (l.up() ? " UP" : " DOWN")).toList().toString());

            // ---- 2 -----------------------------------------------------------------
            step("2. A virtual cable: a veth pair between red and blue");
            VethPair cable = red.createVeth("veth-red", "veth-blue", blue);
            cmd("ip link add veth-red netns " + red.name().orElseThrow() + " type veth peer name veth-blue netns " + blue.name().orElseThrow());
            cable.local().addAddress("192.168.15.1/24").up();
            cmd("ip -n " + red.name().orElseThrow() + " addr add 192.168.15.1/24 dev veth-red && ip -n " + red.name().orElseThrow() + " link set veth-red up");
            cable.peer().addAddress("192.168.15.2/24").up();
            cmd("ip -n " + blue.name().orElseThrow() + " addr add 192.168.15.2/24 dev veth-blue && ip -n " + blue.name().orElseThrow() + " link set veth-blue up");
            awaitUp(cable);
            cmd("ip netns exec " + red.name().orElseThrow() + " ping 192.168.15.2");
            ping("red reaches blue over the cable", red, "192.168.15.2", true);
            cable.local().delete();
            cmd("ip -n " + red.name().orElseThrow() + " link del veth-red      # the switch replaces the cable");

            // ---- 3 -----------------------------------------------------------------
            step("3. A virtual switch: bridge v-net-0 in the host, one veth per namespace");
            NetNamespace host = track(all, stack.createNamespace(prefix + "host"));
            String h = host.name().orElseThrow();
            Bridge sw = host.createBridge("v-net-0");
            cmd("ip -n " + h + " link add v-net-0 type bridge");
            sw.addAddress("192.168.15.5/24").up();
            cmd("ip -n " + h + " addr add 192.168.15.5/24 dev v-net-0 && ip -n " + h + " link set v-net-0 up");
            plug(host, sw, red, "veth-red", "veth-red-br", "192.168.15.1/24");
            plug(host, sw, blue, "veth-blue", "veth-blue-br", "192.168.15.2/24");
            ping("red reaches blue through the bridge", red, "192.168.15.2", true);
            ping("the host reaches red on the bridge", host, "192.168.15.1", true);

            // ---- 4 -----------------------------------------------------------------
            step("4. The outside world: default route, forwarding, MASQUERADE");
            NetNamespace wan = track(all, stack.createNamespace(prefix + "wan"));
            VethPair uplink = host.createVeth("eth0", "eth0", wan);
            uplink.local().addAddress("203.0.113.2/24").up();
            uplink.peer().addAddress("203.0.113.1/24").up();
            awaitUp(uplink);
            cmd("# sandbox only: " + wan.name().orElseThrow() + " plays the internet at 203.0.113.1, the host's eth0 is 203.0.113.2");
            ping("before the default route red cannot reach 203.0.113.1", red, "203.0.113.1", false);
            for (NetNamespace ns : List.of(red, blue)) {
                ns.addRoute(Route.defaultVia("192.168.15.5"));
                cmd("ip -n " + ns.name().orElseThrow() + " route add default via 192.168.15.5");
            }
            host.setSysctl("net.ipv4.ip_forward", "1");
            cmd("ip netns exec " + h + " sysctl -w net.ipv4.ip_forward=1");
            ping("routed but not translated: the internet cannot answer 192.168.15.1", red, "203.0.113.1", false);
            host.nat().apply(NatRule.masquerade("192.168.15.0/24"));
            cmd("ip netns exec " + h + " iptables -t nat -A POSTROUTING -s 192.168.15.0/24 -j MASQUERADE");
            ping("with MASQUERADE red reaches the internet", red, "203.0.113.1", true);
            ping("and so does blue", blue, "203.0.113.1", true);

            // ---- 5 -----------------------------------------------------------------
            step("5. Port forwarding: the host's port 80 to a web server in blue");
            server = PageServer.start(blue, "192.168.15.2", 80, "hello from blue\n");
            cmd("ip netns exec " + blue.name().orElseThrow() + " <web server on 192.168.15.2:80>");
            http("before the rule the internet gets no answer from 203.0.113.2:80", wan, false);
            NatRuleHandle dnat = host.nat().apply(NatRule.portForward(NatRule.Protocol.TCP, 80, "192.168.15.2", 80));
            cmd("ip netns exec " + h + " iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 192.168.15.2:80");
            out.println("        (the tutorial's line lacks -p tcp, which iptables requires for --dport)");
            http("a client in the internet gets blue's page through 203.0.113.2:80", wan, true);
            if (!keep) {
                dnat.close();
                http("closing the rule's handle removes the forwarding again", wan, false);
            }

            server.close();
            server = null;
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.println();
            if (keep) {
                for (NetNamespace ns : all) {
                    ns.release(); // the names stay under /run/netns for exploring
                }
                out.println("Kept: " + String.join(", ", stack.namespaceNames().stream().filter(n -> n.startsWith(prefix)).toList()));
                out.println("Explore, e.g.: ip netns exec " + prefix + "red ping -c 1 203.0.113.1");
                out.println("               ip netns exec " + prefix + "host iptables -t nat -S");
                out.println("Remove with:   ./netns demo --clean");
            }
            out.printf("%s in %.2f s%n", failures == 0 ? "All checks passed" : failures + " check(s) FAILED", seconds);
            return failures == 0 ? 0 : 1;
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private NetNamespace track(List<NetNamespace> all, NetNamespace ns) {
        all.add(ns);
        return ns;
    }

    private void plug(NetNamespace host, Bridge sw, NetNamespace ns, String inside, String port, String address) {
        String h = host.name().orElseThrow();
        String n = ns.name().orElseThrow();
        VethPair v = host.createVeth(port, inside, ns);
        cmd("ip link add " + port + " netns " + h + " type veth peer name " + inside + " netns " + n);
        v.local().attachTo(sw).up();
        cmd("ip -n " + h + " link set " + port + " master v-net-0 up");
        v.peer().addAddress(address).up();
        awaitUp(v);
        cmd("ip -n " + n + " addr add " + address + " dev " + inside + " && ip -n " + n + " link set " + inside + " up");
    }

    /** The kernel finishes bringing a veth up asynchronously; a packet sent before is dropped. */
    private static void awaitUp(VethPair pair) {
        pair.local().awaitOperational(LINK_UP_TIMEOUT);
        pair.peer().awaitOperational(LINK_UP_TIMEOUT);
    }

    private void step(String title) {
        out.println();
        out.println(title);
    }

    private void cmd(String command) {
        out.println("  $ " + command);
    }

    private void ping(String what, NetNamespace from, String target, boolean expectReply) {
        PingResult r = from.ping(IpPrefix.parseAddress(target), PROBE_TIMEOUT);
        // A link that was just plugged passes traffic only once the kernel has activated it; on a
        // busy machine the first ARP request can be lost and is retried only after 1 s. So a check
        // that expects a reply keeps asking for a while; one that expects none asks once.
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (expectReply && !r.reachable() && System.nanoTime() < deadline) {
            pause();
            r = from.ping(IpPrefix.parseAddress(target), PROBE_TIMEOUT);
        }
        String detail = r.reachable() ? String.format("reply from %s in %.3f ms", target, r.roundTrip().toNanos() / 1e6)
                : r.failureReason().orElse("no reply");
        check(what, r.reachable() == expectReply, detail);
    }

    private void http(String what, NetNamespace from, boolean expectOk) {
        HttpGet.Result r = HttpGet.get(from, "203.0.113.2", 80, PROBE_TIMEOUT);
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (expectOk && !(r.ok() && r.status() == 200) && System.nanoTime() < deadline) {
            pause(); // as for ping: only a check that expects an answer retries
            r = HttpGet.get(from, "203.0.113.2", 80, PROBE_TIMEOUT);
        }
        boolean ok = r.ok() && r.status() == 200;
        String detail = r.ok() ? "HTTP " + r.status() + " \"" + r.body().strip() + "\"" : r.failure();
        check(what, ok == expectOk, detail);
    }

    private static void pause() {
        try {
            Thread.sleep(50); // a refused or unreachable probe returns at once: do not spin
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void check(String what, boolean ok, String detail) {
        if (!ok) {
            failures++;
        }
        out.println("  " + (ok ? "ok  " : "FAIL") + "  " + what + ": " + detail);
    }
}
