package dev.netns.it.tutorial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Bridge;
import dev.netns.NatRule;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import dev.netns.Route;
import dev.netns.VethPair;
import dev.netns.it.support.HelloHttpServer;
import dev.netns.it.support.Json;
import dev.netns.testkit.RequiresRoot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The tutorial twice: once with {@code ip}/{@code iptables}/{@code sysctl} commands in one
 * sandbox, once with the SDK in another. Both must end in the same network: the same links (name,
 * kind, MTU, flags, state, master, veth peer), addresses and routes as iproute2's own
 * {@code ip -j} output shows them, the same {@code ip_forward}, and the same traffic outcome.
 * iproute2 is the oracle; the SDK is what is tested.
 */
@RequiresRoot
class TutorialDifferentialTest {

    private static final List<String> ROLES = List.of("red", "blue", "host", "wan");
    /** Link keys that differ between any two builds of the same network, however made. */
    private static final List<String> VOLATILE_LINK_KEYS = List.of(
            "ifindex", "link_index", "link_netnsid", // numbers the kernel hands out; the peer is resolved by name instead
            "address", "permaddr"); // random MACs

    @Test
    void theTutorialWithIpAndWithTheSdkGivesTheSameNetworkAndTraffic() throws Exception {
        long pid = ProcessHandle.current().pid();
        String ipPrefix = "dt-" + pid + "-ip-";
        String sdkPrefix = "dt-" + pid + "-sdk-";
        List<HelloHttpServer> servers = new ArrayList<>();
        List<NetNamespace> opened = new ArrayList<>();
        try (NetworkStack stack = NetworkStack.open()) {
            try {
                tutorialWithCommands(ipPrefix);
                tutorialWithSdk(stack, sdkPrefix);

                // The same web server in blue for both: it is the tutorial's workload, not its setup.
                NetNamespace ipBlue = stack.openNamespace(ipPrefix + "blue");
                opened.add(ipBlue);
                servers.add(HelloHttpServer.start(ipBlue, "blue", 80));
                servers.add(HelloHttpServer.start(stack.openNamespace(sdkPrefix + "blue"), "blue", 80));

                // Link states (operstate, carrier) settle asynchronously: give both a moment to agree.
                Map<String, List<String>> byCommands = snapshot(ipPrefix);
                Map<String, List<String>> bySdk = snapshot(sdkPrefix);
                for (long deadline = System.nanoTime() + 5_000_000_000L; !byCommands.equals(bySdk)
                        && System.nanoTime() < deadline; ) {
                    Thread.sleep(100);
                    byCommands = snapshot(ipPrefix);
                    bySdk = snapshot(sdkPrefix);
                }
                // Guard against two equally empty snapshots passing for "the same".
                assertThat(byCommands.get("host")).anyMatch(l -> l.startsWith("link v-net-0 ") && l.contains("kind=bridge"));
                assertThat(byCommands.get("red")).contains("route default via 192.168.15.5 dev veth-red");
                assertThat(bySdk).as("SDK-made network vs. ip-made network, per namespace").isEqualTo(byCommands);

                Traffic ipTraffic = traffic(ipPrefix);
                Traffic sdkTraffic = traffic(sdkPrefix);
                assertThat(ipTraffic.pingExit()).as("ip-made: red pings 203.0.113.1").isZero();
                assertThat(ipTraffic.http()).as("ip-made: HTTP from wan").startsWith("200 hello from blue to 203.0.113.1");
                assertThat(sdkTraffic).isEqualTo(ipTraffic);
            } finally {
                servers.forEach(HelloHttpServer::close);
                opened.forEach(NetNamespace::close); // releases the handle; the name stays for ip netns del
                for (String role : ROLES) {
                    if (stack.namespaceNames().contains(ipPrefix + role)) {
                        Commands.run("ip", "netns", "del", ipPrefix + role);
                    }
                }
                // The SDK's namespaces go when the stack closes; asserted below.
            }
        }
        List<String> left = Commands.run("ip", "netns", "list").orThrow().stdout().lines()
                .filter(l -> l.startsWith("dt-" + pid + "-")).toList();
        assertThat(left).as("namespaces left behind").isEmpty();
    }

    // ---- the tutorial, typed -------------------------------------------------------------------

    private static void tutorialWithCommands(String p) {
        String red = p + "red";
        String blue = p + "blue";
        String host = p + "host";
        String wan = p + "wan";
        // 1. ip netns add red; ip netns add blue. The SDK's namespaces come with lo up (documented
        // on createNamespace), so the typed version sets it up too instead of the comparison hiding lo.
        ip("netns", "add", red);
        ip("-n", red, "link", "set", "lo", "up");
        ip("netns", "add", blue);
        ip("-n", blue, "link", "set", "lo", "up");
        // 2. the cable, then removed again when the switch replaces it
        ip("-n", red, "link", "add", "veth-red", "type", "veth", "peer", "name", "veth-blue", "netns", blue);
        ip("-n", red, "addr", "add", "192.168.15.1/24", "dev", "veth-red");
        ip("-n", blue, "addr", "add", "192.168.15.2/24", "dev", "veth-blue");
        ip("-n", red, "link", "set", "veth-red", "up");
        ip("-n", blue, "link", "set", "veth-blue", "up");
        ip("-n", red, "link", "del", "veth-red");
        // 3. the switch in the host
        ip("netns", "add", host);
        ip("-n", host, "link", "set", "lo", "up");
        ip("-n", host, "link", "add", "v-net-0", "type", "bridge");
        ip("-n", host, "link", "set", "v-net-0", "up");
        ip("-n", host, "addr", "add", "192.168.15.5/24", "dev", "v-net-0");
        plugWithCommands(host, red, "veth-red", "veth-red-br", "192.168.15.1/24");
        plugWithCommands(host, blue, "veth-blue", "veth-blue-br", "192.168.15.2/24");
        // 4. the outside world (a namespace), default routes, forwarding, MASQUERADE
        ip("netns", "add", wan);
        ip("-n", wan, "link", "set", "lo", "up");
        ip("-n", host, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", wan);
        ip("-n", host, "addr", "add", "203.0.113.2/24", "dev", "eth0");
        ip("-n", host, "link", "set", "eth0", "up");
        ip("-n", wan, "addr", "add", "203.0.113.1/24", "dev", "eth0");
        ip("-n", wan, "link", "set", "eth0", "up");
        ip("-n", red, "route", "add", "default", "via", "192.168.15.5");
        ip("-n", blue, "route", "add", "default", "via", "192.168.15.5");
        ip("netns", "exec", host, "sysctl", "-w", "net.ipv4.ip_forward=1");
        ip("netns", "exec", host, "iptables", "-t", "nat", "-A", "POSTROUTING", "-s", "192.168.15.0/24", "-j", "MASQUERADE");
        // 5. port forwarding (the tutorial's line without -p tcp is refused by iptables)
        ip("netns", "exec", host, "iptables", "-t", "nat", "-A", "PREROUTING", "-p", "tcp", "--dport", "80",
                "-j", "DNAT", "--to-destination", "192.168.15.2:80");
    }

    private static void plugWithCommands(String host, String ns, String inside, String port, String address) {
        ip("-n", ns, "link", "add", inside, "type", "veth", "peer", "name", port, "netns", host);
        ip("-n", host, "link", "set", port, "master", "v-net-0");
        ip("-n", host, "link", "set", port, "up");
        ip("-n", ns, "addr", "add", address, "dev", inside);
        ip("-n", ns, "link", "set", inside, "up");
    }

    private static void ip(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(List.of(args));
        Commands.run(cmd).orThrow();
    }

    // ---- the tutorial, with the SDK ------------------------------------------------------------

    private static void tutorialWithSdk(NetworkStack stack, String p) {
        // 1.
        NetNamespace red = stack.createNamespace(p + "red");
        NetNamespace blue = stack.createNamespace(p + "blue");
        // 2.
        VethPair cable = red.createVeth("veth-red", "veth-blue", blue);
        cable.local().addAddress("192.168.15.1/24");
        cable.peer().addAddress("192.168.15.2/24");
        cable.local().up();
        cable.peer().up();
        cable.local().delete();
        // 3.
        NetNamespace host = stack.createNamespace(p + "host");
        Bridge vnet0 = host.createBridge("v-net-0");
        vnet0.up();
        vnet0.addAddress("192.168.15.5/24");
        plugWithSdk(host, vnet0, red, "veth-red", "veth-red-br", "192.168.15.1/24");
        plugWithSdk(host, vnet0, blue, "veth-blue", "veth-blue-br", "192.168.15.2/24");
        // 4.
        NetNamespace wan = stack.createNamespace(p + "wan");
        VethPair uplink = host.createVeth("eth0", "eth0", wan);
        uplink.local().addAddress("203.0.113.2/24").up();
        uplink.peer().addAddress("203.0.113.1/24").up();
        red.addRoute(Route.defaultVia("192.168.15.5"));
        blue.addRoute(Route.defaultVia("192.168.15.5"));
        host.setSysctl("net.ipv4.ip_forward", "1");
        host.nat().apply(NatRule.masquerade("192.168.15.0/24"));
        // 5.
        host.nat().apply(NatRule.portForward(NatRule.Protocol.TCP, 80, "192.168.15.2", 80));
    }

    private static void plugWithSdk(NetNamespace host, Bridge bridge, NetNamespace ns, String inside, String port,
            String address) {
        VethPair v = ns.createVeth(inside, port, host);
        v.peer().attachTo(bridge);
        v.peer().up();
        v.local().addAddress(address);
        v.local().up();
    }

    // ---- the workload and the traffic -----------------------------------------------------------

    /** What a person would see: ping's exit status and what curl printed (status, then body). */
    record Traffic(int pingExit, String http) {
    }

    private static Traffic traffic(String p) {
        Commands.Result ping = Commands.run("ip", "netns", "exec", p + "red", "ping", "-c", "1", "-W", "2", "203.0.113.1");
        Commands.Result curl = Commands.run("ip", "netns", "exec", p + "wan", "curl", "-s", "-m", "3",
                "-w", "\n%{http_code}", "http://203.0.113.2/");
        // curl prints the body, then the -w text: the status after the last newline.
        String out = curl.stdout();
        int nl = out.lastIndexOf('\n');
        String http = curl.exitCode() != 0 || nl < 0 ? "no answer (curl exit " + curl.exitCode() + ")"
                : out.substring(nl + 1) + " " + out.substring(0, nl);
        return new Traffic(ping.exitCode(), http);
    }

    // ---- normalised ip -j output ---------------------------------------------------------------

    /** Per role, the sorted lines describing its links, addresses, routes and forwarding. */
    private static Map<String, List<String>> snapshot(String p) {
        Map<String, List<Map<String, Object>>> links = new HashMap<>();
        Map<String, Map<Integer, String>> nsidToRole = new HashMap<>();
        for (String role : ROLES) {
            links.put(role, ipJson("-d", "-n", p + role, "link"));
            Map<Integer, String> ids = new HashMap<>();
            for (Map<String, Object> id : ipJson("-n", p + role, "netns", "list-id")) {
                String name = String.valueOf(id.get("name"));
                ids.put(Integer.parseInt(id.get("nsid").toString()), name.startsWith(p) ? name.substring(p.length()) : name);
            }
            nsidToRole.put(role, ids);
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String role : ROLES) {
            List<String> lines = new ArrayList<>();
            for (Map<String, Object> l : links.get(role)) {
                lines.add(linkLine(role, l, links, nsidToRole.get(role)));
            }
            for (Map<String, Object> l : ipJson("-n", p + role, "addr")) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> infos = (List<Map<String, Object>>) l.get("addr_info");
                for (Map<String, Object> a : infos) {
                    // Link-local IPv6 addresses derive from the random MACs.
                    if ("inet6".equals(a.get("family")) && "link".equals(a.get("scope"))) {
                        continue;
                    }
                    lines.add("addr " + l.get("ifname") + " " + new TreeMap<>(a));
                }
            }
            for (String family : List.of("-4", "-6")) {
                for (Map<String, Object> r : ipJson(family, "-n", p + role, "route")) {
                    lines.add(routeLine(r));
                }
            }
            lines.add("sysctl net.ipv4.ip_forward=" + Commands.run("ip", "netns", "exec", p + role,
                    "sysctl", "-n", "net.ipv4.ip_forward").orThrow().stdout().strip());
            lines.sort(null);
            out.put(role, lines);
        }
        return out;
    }

    private static String linkLine(String role, Map<String, Object> link, Map<String, List<Map<String, Object>>> all,
            Map<Integer, String> nsidToRole) {
        Map<String, Object> kept = new TreeMap<>();
        // From `ip -d`, only what identifies the link: its kind and the kind of its master.
        // The rest of -d (bridge timers, queue counts, GSO sizes) is kernel bookkeeping.
        for (String key : List.of("ifname", "flags", "mtu", "qdisc", "master", "operstate", "linkmode", "group",
                "txqlen", "link_type", "broadcast")) {
            if (link.containsKey(key)) {
                kept.put(key, link.get(key));
            }
        }
        for (String key : link.keySet()) {
            if (!kept.containsKey(key) && !VOLATILE_LINK_KEYS.contains(key) && !isDetail(key)) {
                kept.put(key, link.get(key)); // a key this list does not know: show it, do not hide it
            }
        }
        if (link.get("linkinfo") instanceof Map<?, ?> info) {
            kept.put("kind", info.get("info_kind"));
            if (info.get("info_slave_kind") != null) {
                kept.put("slave_kind", info.get("info_slave_kind"));
            }
        }
        if (link.containsKey("link_index")) {
            // A veth's peer, as role/ifname: in this namespace, or in the one its link_netnsid names.
            String peerRole = link.containsKey("link_netnsid")
                    ? nsidToRole.getOrDefault(Integer.parseInt(link.get("link_netnsid").toString()), "?")
                    : role;
            int peerIndex = Integer.parseInt(link.get("link_index").toString());
            String peerName = all.getOrDefault(peerRole, List.of()).stream()
                    .filter(l -> Integer.parseInt(l.get("ifindex").toString()) == peerIndex)
                    .map(l -> String.valueOf(l.get("ifname"))).findFirst().orElse("#" + peerIndex);
            kept.put("peer", peerRole + "/" + peerName);
        }
        StringBuilder b = new StringBuilder("link ").append(kept.remove("ifname"));
        kept.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }

    /** Keys only {@code ip -d} prints: per-kind details and counters, not the link's identity. */
    private static boolean isDetail(String key) {
        return List.of("linkinfo", "promiscuity", "allmulti", "min_mtu", "max_mtu", "inet6_addr_gen_mode",
                "num_tx_queues", "num_rx_queues", "gso_max_size", "gso_max_segs", "tso_max_size", "tso_max_segs",
                "gro_max_size", "gso_ipv4_max_size", "gro_ipv4_max_size", "parentbus", "parentdev").contains(key);
    }

    private static String routeLine(Map<String, Object> r) {
        StringBuilder b = new StringBuilder("route ").append(r.get("dst"));
        if (r.containsKey("gateway")) {
            b.append(" via ").append(r.get("gateway"));
        }
        b.append(" dev ").append(r.get("dev"));
        Map<String, Object> rest = new TreeMap<>(r);
        rest.keySet().removeAll(List.of("dst", "gateway", "dev"));
        rest.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString().replace(" flags=[]", "");
    }

    private static List<Map<String, Object>> ipJson(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-j"));
        cmd.addAll(List.of(args));
        String out = Commands.run(cmd).orThrow().stdout().strip();
        return out.isEmpty() ? List.of() : Json.objects(out);
    }
}
