package dev.netns.testkit;

import dev.netns.ExecResult;
import dev.netns.LinkAddress;
import dev.netns.LinkInfo;
import dev.netns.NatRule;
import dev.netns.NetNamespace;
import dev.netns.Route;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Writes what a person debugging a failed test would look at, namespace by namespace. */
final class Diagnostics {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private Diagnostics() {
    }

    static String describe(Network network) {
        // Taken before the state is read: reading it runs iptables-save, whose PROCESS_STARTED
        // events are the report's, not the test's.
        String timeline = network.timeline();
        StringBuilder sb = new StringBuilder("network ").append(network.hosts().keySet());
        List<Fault> faults = network.activeFaults();
        sb.append(faults.isEmpty() ? "" : ", faults in force: " + faults).append('\n');
        for (Map.Entry<String, NetNamespace> e : network.hosts().entrySet()) {
            NetNamespace ns = e.getValue();
            sb.append("== ").append(Labels.of(ns)).append(ns.name().map(n -> " /run/netns/" + n).orElse("")).append('\n');
            if (ns.isClosed()) {
                sb.append("   (closed)\n");
                continue;
            }
            section(sb, "links", () -> {
                StringBuilder s = new StringBuilder();
                for (LinkInfo l : ns.links()) {
                    s.append(l.index()).append(": ").append(l.name())
                            .append(l.kind() == null ? "" : " (" + l.kind() + ")")
                            .append(l.up() ? " UP" : " DOWN").append(l.lowerUp() ? ",LOWER_UP" : "")
                            .append(" state ").append(l.operState())
                            .append(" mtu ").append(l.mtu())
                            .append(l.mac() == null ? "" : " " + l.mac())
                            .append(l.hasMaster() ? " master " + l.masterIndex() : "")
                            .append('\n');
                }
                return s.toString();
            });
            section(sb, "addresses", () -> {
                StringBuilder s = new StringBuilder();
                for (LinkAddress a : ns.addresses()) {
                    s.append(a.prefix()).append(" dev ").append(a.index()).append(" scope ").append(a.scope()).append('\n');
                }
                return s.toString();
            });
            section(sb, "routes", () -> {
                StringBuilder s = new StringBuilder();
                for (Route r : ns.routes()) {
                    s.append(r).append('\n');
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
            section(sb, "iptables-save", () -> {
                // The variant the SDK's NAT and the faults use here, which the PATH's may not be.
                Iptables.Variant v = Iptables.variant(ns, false);
                ExecResult r = ns.exec(List.of(v.save()), COMMAND_TIMEOUT);
                return (v.name().equals("default") ? "" : "(" + v.name() + ")\n")
                        + (r.succeeded() ? r.stdout() : "(" + v.save() + " failed: " + r.stderr().strip() + ")\n");
            });
        }
        section(sb, "events (start in ms since the first one's; the operation's own time in brackets)", () -> timeline);
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, Supplier<String> body) {
        String text;
        try {
            text = body.get();
        } catch (RuntimeException e) {
            text = "(cannot read: " + e.getMessage() + ")\n";
        }
        sb.append("-- ").append(title).append('\n');
        if (text.isBlank()) {
            sb.append("   (none)\n");
            return;
        }
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                sb.append("   ").append(line).append('\n');
            }
        }
    }
}
