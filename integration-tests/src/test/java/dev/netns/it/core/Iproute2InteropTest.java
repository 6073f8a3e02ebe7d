package dev.netns.it.core;

import dev.netns.it.support.Json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Bridge;
import dev.netns.IpPrefix;
import dev.netns.Link;
import dev.netns.LinkAddress;
import dev.netns.LinkInfo;
import dev.netns.MacAddress;
import dev.netns.NetNamespace;
import dev.netns.NotFoundException;
import dev.netns.Route;
import dev.netns.VethPair;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * iproute2 as the oracle, both ways: what the SDK makes, {@code ip -j -n NS} shows field by field;
 * what {@code ip} makes, the SDK reads back. Only named namespaces with this class's prefix are used
 * ({@code ip -n} needs a name); nothing runs in or changes the machine's own namespace.
 */
class Iproute2InteropTest extends StackTestSupport {
    @Test
    void namedNamespaceIsListedByIpAndUsableWithIpNetnsExec() {
        String name = P + "red";
        try (NetNamespace red = stack.createNamespace(name)) {
            assertThat(Ip.netnsList()).contains(name);
            assertThat(red.name()).contains(name);
            // ip netns exec enters the same namespace the handle names.
            assertThat(Ip.run("netns", "exec", name, "readlink", "/proc/self/ns/net").strip())
                    .isEqualTo("net:[" + red.id().inode() + "]");
            Map<String, Object> lo = Json.objects(Ip.run("netns", "exec", name, Ip.IP, "-j", "link", "show", "lo")).get(0);
            assertThat(Ip.flags(lo)).as("lo is up in a new namespace").contains("UP");
            assertThat(Ip.json(name, "link", "show")).extracting(l -> l.get("ifname")).containsExactly("lo");
        }
        assertThat(Ip.netnsList()).doesNotContain(name);
        assertThat(stack.namespaceNames()).doesNotContain(name);
    }

    @Test
    void topologyMadeBySdkIsShownExactlyByIp() {
        String r = P + "r";
        String b = P + "b";
        try (NetNamespace red = stack.createNamespace(r); NetNamespace blue = stack.createNamespace(b)) {
            VethPair cable = red.createVeth("v-red", "v-blue", blue);
            assertThat(Ip.link(r, "v-red").get("ifindex")).isEqualTo((long) cable.local().index());
            assertThat(Ip.link(b, "v-blue").get("ifindex")).isEqualTo((long) cable.peer().index());
            assertThat(Ip.json(r, "link", "show")).extracting(l -> l.get("ifname")).containsExactlyInAnyOrder("lo", "v-red");
            assertThat(Ip.json(b, "link", "show")).extracting(l -> l.get("ifname")).containsExactlyInAnyOrder("lo", "v-blue");
            assertThat(Ip.flags(Ip.link(r, "v-red"))).doesNotContain("UP");
            // One queue each way per end, the one a veth runs on (see LinkMessages.newVeth).
            for (Map<String, Object> end : List.of(Ip.json(r, "-d", "link", "show", "v-red").get(0),
                    Ip.json(b, "-d", "link", "show", "v-blue").get(0))) {
                assertThat(end).containsEntry("num_tx_queues", 1L).containsEntry("num_rx_queues", 1L);
            }

            Link red0 = cable.local();
            red0.setMtu(1400).setMac(MacAddress.parse("02:00:00:00:0a:01"));
            red0.addAddress("10.9.0.1/24").addAddress("fd00:9::1/64").up();
            cable.peer().addAddress("10.9.0.2/24").up();
            Map<String, Object> v = Ip.link(r, "v-red");
            assertThat(v.get("mtu")).isEqualTo(1400L);
            assertThat(v.get("address")).isEqualTo("02:00:00:00:0a:01");
            assertThat(Ip.flags(v)).contains("UP");
            assertThat(Ip.addresses(r, "v-red")).contains("10.9.0.1/24", "fd00:9::1/64");
            assertThat(Ip.addresses(b, "v-blue")).contains("10.9.0.2/24").noneMatch(a -> a.startsWith("10.9.0.1"));

            red.addRoute(Route.defaultVia("10.9.0.254"));
            red.addRoute(Route.to("10.20.0.0/16").dev("v-red"));
            red.addRoute(Route.to("fd00:20::/64").dev("v-red"));
            List<Map<String, Object>> v4 = Ip.json(r, "route", "show");
            assertThat(v4).anySatisfy(rt -> assertThat(rt).containsEntry("dst", "default")
                    .containsEntry("gateway", "10.9.0.254").containsEntry("dev", "v-red"));
            assertThat(v4).anySatisfy(rt -> assertThat(rt).containsEntry("dst", "10.20.0.0/16")
                    .containsEntry("dev", "v-red").containsEntry("scope", "link").doesNotContainKey("gateway"));
            assertThat(Ip.json(r, "-6", "route", "show")).anySatisfy(rt -> assertThat(rt)
                    .containsEntry("dst", "fd00:20::/64").containsEntry("dev", "v-red"));
            // Both views of the whole main table agree, not just on what we added.
            assertThat(sdkRoutes(red)).isEqualTo(ipRoutes(r));

            // Down, rename, up: same index, new name.
            red0.down().rename("v-red2").up();
            Map<String, Object> renamed = Ip.link(r, "v-red2");
            assertThat(renamed.get("ifindex")).isEqualTo((long) red0.index());
            assertThat(Ip.json(r, "link", "show")).extracting(l -> l.get("ifname")).doesNotContain("v-red");
            assertThat(red0.name()).isEqualTo("v-red2");
            red0.down();
            assertThat(Ip.flags(Ip.link(r, "v-red2"))).doesNotContain("UP");

            // A bridge with a port, then detached.
            Bridge br = blue.createBridge("br0");
            cable.peer().attachTo(br);
            assertThat(Ip.link(b, "v-blue")).containsEntry("master", "br0");
            assertThat(Ip.link(b, "br0")).containsEntry("ifindex", (long) br.index());
            assertThat(br.ports()).extracting(LinkInfo::name).containsExactly("v-blue");
            cable.peer().detach();
            assertThat(Ip.link(b, "v-blue")).doesNotContainKey("master");
            assertThat(br.ports()).isEmpty();

            // Move one end of a second pair from red to blue.
            VethPair second = red.createVeth("m0", "m1");
            Link moved = second.local().moveTo(blue);
            assertThat(Ip.json(r, "link", "show")).extracting(l -> l.get("ifname")).doesNotContain("m0");
            assertThat(Ip.link(b, "m0").get("ifindex")).isEqualTo((long) moved.index());
            assertThat(moved.namespace()).isEqualTo(blue);
            // The pair still spans the two namespaces: m1's peer lives in another namespace now.
            assertThat(Ip.link(r, "m1")).containsKey("link_netnsid");

            assertSameLinks(red, r);
            assertSameLinks(blue, b);
            assertSameAddresses(red, r);
            assertSameAddresses(blue, b);
        }
    }

    @Test
    void whatIpMakesTheSdkReadsBack() {
        String name = P + "ipmade";
        Ip.run("netns", "add", name);
        try {
            Ip.run("-n", name, "link", "add", "a1", "type", "veth", "peer", "name", "b1");
            Ip.run("-n", name, "link", "add", "br9", "type", "bridge");
            Ip.run("-n", name, "link", "set", "b1", "master", "br9");
            Ip.run("-n", name, "link", "set", "a1", "mtu", "1300", "address", "02:00:00:00:0b:01");
            Ip.run("-n", name, "addr", "add", "10.30.0.1/24", "dev", "a1");
            Ip.run("-n", name, "addr", "add", "fd00:30::1/64", "dev", "a1", "nodad");
            Ip.run("-n", name, "link", "set", "a1", "up");
            Ip.run("-n", name, "link", "set", "b1", "up");
            Ip.run("-n", name, "route", "add", "10.31.0.0/16", "via", "10.30.0.2");
            Ip.run("-n", name, "route", "add", "10.32.0.0/16", "dev", "a1");

            assertThat(stack.namespaceNames()).contains(name);
            try (NetNamespace ns = stack.openNamespace(name)) {
                assertThat(ns.id().inode()).hasToString(
                        Ip.run("netns", "exec", name, "stat", "-L", "-c", "%i", "/proc/self/ns/net").strip());
                LinkInfo a1 = ns.links().stream().filter(l -> l.name().equals("a1")).findFirst().orElseThrow();
                assertThat(a1.kind()).isEqualTo("veth");
                assertThat(a1.mtu()).isEqualTo(1300);
                assertThat(a1.mac()).isEqualTo(MacAddress.parse("02:00:00:00:0b:01"));
                assertThat(a1.up()).isTrue();
                Bridge br9 = ns.bridge("br9");
                assertThat(ns.link("b1").info().masterIndex()).isEqualTo(br9.index());
                assertThat(br9.ports()).extracting(LinkInfo::name).containsExactly("b1");
                assertThat(ns.link("a1").addresses()).extracting(a -> a.prefix().toString())
                        .contains("10.30.0.1/24", "fd00:30::1/64");
                assertThat(ns.routes()).contains(
                        Route.to("10.31.0.0/16").via("10.30.0.2").dev("a1"),
                        Route.to("10.32.0.0/16").dev("a1"));
                assertSameLinks(ns, name);
                assertSameAddresses(ns, name);
                assertThat(sdkRoutes(ns)).isEqualTo(ipRoutes(name));
            }
            // Closing a handle that only opened the namespace keeps it.
            assertThat(Ip.netnsList()).contains(name);
            assertThat(Ip.json(name, "link", "show")).extracting(l -> l.get("ifname")).contains("a1", "b1", "br9");

            stack.deleteNamespace(name);
            assertThat(Ip.netnsList()).doesNotContain(name);
            assertThat(stack.namespaceNames()).doesNotContain(name);
            assertThatThrownBy(() -> stack.openNamespace(name)).isInstanceOf(NotFoundException.class).hasMessageContaining(name);
        } finally {
            Ip.tryRun("netns", "del", name);
        }
    }

    @Test
    void namespaceDeletedByIpNetnsDel() {
        String name = P + "gone";
        NetNamespace ns = stack.createNamespace(name);
        try {
            ns.createBridge("br1");
            Ip.run("netns", "del", name);
            assertThat(stack.namespaceNames()).doesNotContain(name);
            assertThatThrownBy(() -> stack.openNamespace(name)).isInstanceOf(NotFoundException.class);
            // The handle still holds the namespace itself (a descriptor), as a process inside it would.
            assertThat(ns.links()).extracting(LinkInfo::name).contains("lo", "br1");
        } finally {
            // The name is gone already; closing must still release the handle without complaint.
            ns.close();
        }
        assertThat(ns.isClosed()).isTrue();
        assertThat(Ip.netnsList()).doesNotContain(name);
    }

    // ---- comparisons ------------------------------------------------------------------------

    /** Every link: same set of names, and per link the same index, MTU, MAC, up flag and master. */
    private static void assertSameLinks(NetNamespace ns, String name) {
        List<Map<String, Object>> ip = Ip.json(name, "link", "show");
        List<LinkInfo> sdk = ns.links();
        assertThat(sdk).extracting(LinkInfo::name)
                .containsExactlyInAnyOrderElementsOf(ip.stream().map(l -> (String) l.get("ifname")).toList());
        for (LinkInfo l : sdk) {
            Map<String, Object> j = ip.stream().filter(x -> l.name().equals(x.get("ifname"))).findFirst().orElseThrow();
            assertThat(Ip.intValue(j.get("ifindex"))).as("index of %s", l.name()).isEqualTo(l.index());
            assertThat(Ip.intValue(j.get("mtu"))).as("mtu of %s", l.name()).isEqualTo(l.mtu());
            assertThat(j.get("address")).as("mac of %s", l.name()).isEqualTo(l.mac() == null ? null : l.mac().toString());
            assertThat(Ip.flags(j).contains("UP")).as("up flag of %s", l.name()).isEqualTo(l.up());
            String master = (String) j.get("master");
            String sdkMaster = l.masterIndex() == 0 ? null : ns.link(l.masterIndex()).name();
            assertThat(sdkMaster).as("master of %s", l.name()).isEqualTo(master);
        }
    }

    /** Every address: same "link prefix/len" set. */
    @SuppressWarnings("unchecked")
    private static void assertSameAddresses(NetNamespace ns, String name) {
        Set<String> ip = new TreeSet<>();
        for (Map<String, Object> l : Ip.json(name, "addr", "show")) {
            for (Map<String, Object> a : (List<Map<String, Object>>) l.get("addr_info")) {
                ip.add(l.get("ifname") + " " + a.get("local") + "/" + a.get("prefixlen"));
            }
        }
        Set<String> sdk = new TreeSet<>();
        for (LinkAddress a : ns.addresses()) {
            sdk.add(ns.link(a.index()).name() + " " + a.prefix());
        }
        assertThat(sdk).isEqualTo(ip);
    }

    /** The main table as "dst gateway dev" lines, IPv4 and IPv6. */
    private static Set<String> sdkRoutes(NetNamespace ns) {
        Set<String> out = new TreeSet<>();
        for (Route r : ns.routes()) {
            out.add((r.isDefault() ? "default" : r.destination().toString()) + " "
                    + r.gatewayAddress().map(IpPrefix::hostString).orElse("-") + " " + r.device());
        }
        return out;
    }

    private static Set<String> ipRoutes(String name) {
        Set<String> out = new TreeSet<>();
        List<Map<String, Object>> all = new ArrayList<>(Ip.json(name, "-4", "route", "show"));
        all.addAll(Ip.json(name, "-6", "route", "show"));
        for (Map<String, Object> r : all) {
            String dst = (String) r.get("dst");
            if (!dst.equals("default") && !dst.contains("/")) {
                // ip leaves out the length of a host route.
                dst = dst + (dst.contains(":") ? "/128" : "/32");
            }
            Object gw = r.get("gateway");
            out.add(dst + " " + (gw == null ? "-" : IpPrefix.hostString(parse((String) gw))) + " " + r.get("dev"));
        }
        return out;
    }

    private static InetAddress parse(String address) {
        return IpPrefix.parseAddress(address);
    }
}
