package dev.netns.testkit;

import dev.netns.FilterRule;
import dev.netns.LinkAddress;
import dev.netns.LinkInfo;
import dev.netns.NatRule;
import dev.netns.NetNamespace;
import dev.netns.PacketFilter;
import dev.netns.Route;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes what a person debugging a failed test would look at, namespace by namespace: links,
 * addresses and routes by interface name, NAT and firewall rules, then the timeline. What the
 * kernel makes on its own (IPv6 link-local addresses and their routes, multicast and local
 * routes) is left out unless the system property {@value #VERBOSE} is {@code true}.
 */
final class Diagnostics {
    /** System property: {@code true} shows the kernel-made addresses and routes too. */
    static final String VERBOSE = "netns.diagnostics.verbose";

    private Diagnostics() {
    }

    static String describe(Network network) {
        // Taken before the state is read: reading it may run iptables-save (iptables backend),
        // whose PROCESS_STARTED events are the report's, not the test's.
        String timeline = network.timeline();
        StringBuilder sb = new StringBuilder("network ").append(network.hosts().keySet());
        List<Fault> faults = network.activeFaults();
        sb.append(faults.isEmpty() ? "" : ", faults in force: " + faults).append('\n');
        boolean verbose = Boolean.getBoolean(VERBOSE);
        for (Map.Entry<String, NetNamespace> e : network.hosts().entrySet()) {
            NetNamespace ns = e.getValue();
            sb.append("== ").append(Labels.of(ns)).append(ns.name().map(n -> " /run/netns/" + n).orElse("")).append('\n');
            if (ns.isClosed()) {
                sb.append("   (closed)\n");
                continue;
            }
            Map<Integer, String> names = new java.util.HashMap<>();
            section(sb, "links", () -> {
                List<LinkInfo> links = ns.links();
                links.forEach(l -> names.put(l.index(), l.name()));
                StringBuilder s = new StringBuilder();
                for (LinkInfo l : links) {
                    s.append(l.name())
                            .append(l.kind() == null ? "" : " (" + l.kind() + ")")
                            .append(l.up() ? " UP" : " DOWN").append(l.lowerUp() ? ",LOWER_UP" : "")
                            .append(" state ").append(l.operState())
                            .append(" mtu ").append(l.mtu())
                            .append(l.mac() == null || !verbose ? "" : " " + l.mac())
                            .append(l.hasMaster() ? " master " + names.getOrDefault(l.masterIndex(), "if" + l.masterIndex()) : "")
                            .append('\n');
                }
                return s.toString();
            });
            section(sb, "addresses", () -> {
                StringBuilder s = new StringBuilder();
                for (LinkAddress a : ns.addresses()) {
                    if (!verbose && ("link".equals(a.scope()) || "host".equals(a.scope()))) {
                        continue; // fe80:: and the loopback's: the kernel's, the same everywhere
                    }
                    s.append(a.prefix()).append(" dev ").append(names.getOrDefault(a.index(), "if" + a.index()))
                            .append(verbose ? " scope " + a.scope() : "").append('\n');
                }
                return s.toString();
            });
            section(sb, "routes", () -> {
                StringBuilder s = new StringBuilder();
                for (Route r : ns.routes()) {
                    if (!verbose && kernelMade(r)) {
                        continue;
                    }
                    s.append(r).append('\n');
                }
                return s.toString();
            });
            section(sb, "rules and their tables", () -> {
                // The three rules every namespace starts with are left out unless verbose.
                StringBuilder s = new StringBuilder();
                java.util.Set<Long> tables = new java.util.TreeSet<>();
                for (dev.netns.Rule r : ns.rules()) {
                    if (!verbose && isDefaultRule(r)) {
                        continue;
                    }
                    s.append(r.isIpv6() ? "(IPv6) " : "").append(r).append('\n');
                    if (r.action() == dev.netns.Rule.Action.LOOKUP && r.table() != Route.MAIN_TABLE && r.table() < 253) {
                        tables.add(r.table());
                    }
                }
                for (long t : tables) {
                    for (Route r : ns.routes(t)) {
                        s.append("table ").append(t).append(": ").append(r).append('\n');
                    }
                }
                return s.toString();
            });
            section(sb, "neighbours", () -> {
                StringBuilder s = new StringBuilder();
                for (dev.netns.Neighbour n : ns.neighbours()) {
                    s.append(n).append('\n');
                }
                return s.toString();
            });
            section(sb, "NAT rules (SDK)", () -> {
                StringBuilder s = new StringBuilder();
                for (NatRule r : ns.nat().rules()) {
                    s.append(r).append('\n');
                }
                return s.toString();
            });
            section(sb, "filter rules (SDK)", () -> {
                StringBuilder s = new StringBuilder();
                for (FilterRule r : ns.packetFilter().filter().rules()) {
                    s.append(r).append('\n');
                }
                return s.toString();
            });
            section(sb, "packet filter", () -> {
                // Read back from the backend (an nf_tables dump), not from the SDK's bookkeeping.
                PacketFilter pf = ns.packetFilter();
                String rules = pf.ruleset();
                return rules.isBlank() ? "" : "(" + pf.backend() + ")\n" + rules;
            });
        }
        section(sb, "events (start in ms since the first one's; the operation's own time in brackets)", () -> timeline);
        return sb.toString();
    }

    /** Rules 0 (local), 32766 (main) and 32767 (default), which every namespace starts with. */
    private static boolean isDefaultRule(dev.netns.Rule r) {
        Long p = r.priority();
        return r.action() == dev.netns.Rule.Action.LOOKUP && r.from() == null && r.to() == null && p != null
                && ((p == 0 && r.table() == 255) || (p == 32766 && r.table() == Route.MAIN_TABLE)
                        || (p == 32767 && r.table() == 253));
    }

    /** IPv6 link-local and multicast routes, which the kernel adds to every link that is up. */
    private static boolean kernelMade(Route r) {
        if (r.destination() == null || r.destination().isIpv4()) {
            return false;
        }
        byte[] a = r.destination().address().getAddress();
        boolean linkLocal = (a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0x80;
        boolean multicast = (a[0] & 0xff) == 0xff;
        return linkLocal || multicast;
    }

    private static void section(StringBuilder sb, String title, Supplier<String> body) {
        String text;
        try {
            text = body.get();
        } catch (RuntimeException e) {
            text = "(cannot read: " + e.getMessage() + ")\n";
        }
        if (text.isBlank()) {
            sb.append("-- ").append(title).append(": none\n");
            return;
        }
        sb.append("-- ").append(title).append('\n');
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                sb.append("   ").append(line).append('\n');
            }
        }
    }
}
