package dev.netns.testkit;

import dev.netns.LinkAddress;
import dev.netns.LinkInfo;
import dev.netns.Neighbour;
import dev.netns.NeighbourState;
import dev.netns.NetNamespace;
import dev.netns.Route;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a kept sandbox must show again before the next test gets it: its links (name, index, kind,
 * MTU, up, master), addresses, routes of the main table and neighbours (all but NOARP entries,
 * which map multicast addresses to their fixed MACs). Left out on purpose: a bridge's MAC,
 * operational state and the IPv6 link-local address the kernel makes from that MAC (it comes and
 * goes with the bridge's carrier), counters, the local table (the kernel derives it from the
 * addresses), policy rules and other tables and sysctls (only a handle into the sandbox changes
 * those, and a sandbox reached by one is not kept). Not covered at all: the kernel's
 * per-destination ICMP rate limits and SNMP counters, which a fresh sandbox would start anew.
 * Links in {@code ignored} (earlier tests' ports, renamed and down, which the kernel is deleting)
 * and whatever is on them are skipped.
 */
record SandboxState(Set<LinkRow> links, Set<LinkAddress> addresses, Set<Route> routes, Set<Neighbour> neighbours) {

    /** What is compared of a link. */
    record LinkRow(int index, String name, String kind, int mtu, boolean up, int master) {
    }

    /** @param present gets the indexes of {@code ignored} that are still there */
    static SandboxState capture(NetNamespace sandbox, Set<Integer> ignored, Set<Integer> present) {
        return capture(sandbox, ignored, present, null);
    }

    /**
     * The sandbox's state, flushing its neighbours on the way if it shows any: so the reset's
     * flush runs only after tests whose traffic left entries, and without a second look at the
     * rest of the state. Kept as the SDK's values and compared with their {@code equals}, so no
     * text is made of them.
     *
     * @param present gets the indexes of {@code ignored} that are still there
     * @param flushNeighbours run when the sandbox shows neighbours, which are then read again;
     *     {@code null} to read them once
     */
    static SandboxState capture(NetNamespace sandbox, Set<Integer> ignored, Set<Integer> present, Runnable flushNeighbours) {
        Set<LinkRow> links = new HashSet<>();
        Set<String> ignoredNames = new HashSet<>();
        Map<Integer, InetAddress> bridgeLinkLocals = new HashMap<>();
        for (LinkInfo l : sandbox.links()) {
            if ("bridge".equals(l.kind()) && l.mac() != null) {
                bridgeLinkLocals.put(l.index(), eui64LinkLocal(l.mac()));
            }
            if (ignored.contains(l.index())) {
                ignoredNames.add(l.name());
                present.add(l.index());
                continue;
            }
            links.add(new LinkRow(l.index(), l.name(), l.kind(), l.mtu(), l.up(), l.masterIndex()));
        }
        Set<LinkAddress> addresses = new HashSet<>();
        for (LinkAddress a : sandbox.addresses()) {
            // The link-local address the kernel gives a bridge comes with its carrier and goes
            // (asynchronously, with the kernel's link watcher) when its last port goes down. It is
            // made from the bridge's MAC, which the testkit fixes, so it is the same whenever it is
            // there; any other address, link-local or not, is compared.
            boolean kernelLinkLocal = a.prefix().length() == 64 && a.prefix().address().equals(bridgeLinkLocals.get(a.index()));
            if (!ignored.contains(a.index()) && !kernelLinkLocal) {
                addresses.add(a);
            }
        }
        Set<Route> routes = new HashSet<>();
        for (Route r : sandbox.routes(Route.MAIN_TABLE)) {
            // Routes of IPv6 link-local addresses come and go with the kernel's duplicate address
            // detection; the addresses themselves are compared.
            boolean linkLocal = !r.destination().isIpv4() && r.destination().address().isLinkLocalAddress();
            if (!linkLocal && (r.device() == null || !ignoredNames.contains(r.device()))) {
                routes.add(r);
            }
        }
        Set<Neighbour> neighbours = neighbours(sandbox, ignoredNames);
        if (!neighbours.isEmpty() && flushNeighbours != null) {
            // Learnt from the last test's traffic: flushed and read again. Without traffic there
            // is nothing to flush, and the flush's own look-ups are saved.
            flushNeighbours.run();
            neighbours = neighbours(sandbox, ignoredNames);
        }
        return new SandboxState(Set.copyOf(links), Set.copyOf(addresses), Set.copyOf(routes), Set.copyOf(neighbours));
    }

    private static Set<Neighbour> neighbours(NetNamespace sandbox, Set<String> ignoredNames) {
        Set<Neighbour> out = new HashSet<>();
        for (Neighbour n : sandbox.neighbours()) {
            if (n.state() != NeighbourState.NOARP && !ignoredNames.contains(n.device())) {
                out.add(n);
            }
        }
        return out;
    }

    /** fe80::/64 with the interface identifier the kernel makes from {@code mac} (modified EUI-64, RFC 4291 appendix A). */
    static java.net.InetAddress eui64LinkLocal(dev.netns.MacAddress mac) {
        byte[] m = mac.toBytes();
        byte[] a = new byte[16];
        a[0] = (byte) 0xfe;
        a[1] = (byte) 0x80;
        a[8] = (byte) (m[0] ^ 0x02);
        a[9] = m[1];
        a[10] = m[2];
        a[11] = (byte) 0xff;
        a[12] = (byte) 0xfe;
        a[13] = m[3];
        a[14] = m[4];
        a[15] = m[5];
        try {
            return java.net.InetAddress.getByAddress(a);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e); // 16 bytes are always an address
        }
    }
}
