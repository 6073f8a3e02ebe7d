package dev.netns.cli;

import dev.netns.NatRule;
import dev.netns.NetNamespace;
import dev.netns.NetnsException;
import dev.netns.NetworkStack;
import dev.netns.PacketFilter;
import dev.netns.internal.Capabilities;
import dev.netns.internal.UserNamespaces;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Tells whether this machine can run the SDK: privileges, kernel features, tools, and for each
 * missing piece what to do. Kernel features are probed inside a scratch namespace.
 */
final class Doctor {
    private static final List<String> PATH = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin");

    private final PrintStream out;
    private int problems;

    Doctor(PrintStream out) {
        this.out = out;
    }

    int run() {
        out.println("netns doctor: can this machine run the netns SDK?");
        out.println();
        boolean root = Capabilities.networkAdmin();
        if (root) {
            report("privileges", true, "CAP_NET_ADMIN and CAP_SYS_ADMIN present");
        } else {
            optional("privileges", false, "not root: namespaces need a user namespace of your own (next line)");
        }
        userNamespaces(root);
        report("kernel", true, System.getProperty("os.name") + " " + System.getProperty("os.version"));
        if (root) {
            probeKernel();
        } else {
            out.println("  ..    kernel features: not probed without root (run ./netns doctor as root to probe them)");
        }
        tool("nsenter", "util-linux", "starting processes inside a namespace (NetNamespace.exec)", true);
        variant("iptables-nft-restore", "nf_tables");
        variant("iptables-legacy-restore", "legacy");
        tool("nft", "nftables", "looking at the SDK's nf_tables rules by hand (nft list ruleset), not needed by the SDK",
                false);
        tool("ip", "iproute2", "looking inside namespaces by hand (ip netns exec), not needed by the SDK", false);
        tool("ping", "iputils-ping", "the tutorial's ping (the SDK pings in-process without it)", false);
        tool("curl", "curl", "the tutorial's HTTP checks with curl (the SDK's probes need no curl)", false);
        tool("tc", "iproute2", "netem delay/jitter faults", false);
        out.println();
        out.println(problems == 0 ? "Everything the SDK needs is here." : problems + " problem(s): see FAIL lines above.");
        return problems == 0 ? 0 : 1;
    }

    /**
     * Whether an ordinary user can create the user namespace in which the netns Maven plugin's
     * launcher starts tests: tried as ordinary users (with the launcher's own flags), and as root told
     * from the settings that would forbid it.
     */
    private void userNamespaces(boolean root) {
        Optional<String> restriction = UserNamespaces.restriction();
        if (root) {
            optional("user namespaces", restriction.isEmpty(), restriction.map(r -> "for ordinary users: " + r)
                    .orElse("ordinary users may create them: tests run without root with the netns-maven-plugin's goal rootless"));
            return;
        }
        String failure = tryUnshare();
        if (failure == null) {
            report("user namespaces", true, "an ordinary user can create them here: tests run as you with the"
                    + " netns-maven-plugin's goal rootless (README, \"Add it to your build\", \"Without root\")");
        } else {
            report("user namespaces", false, restriction.orElse("unshare --user failed (" + failure
                    + "): tests can run only as root here"));
        }
    }

    /** @return null when {@code unshare} made the launcher's namespaces, else why not */
    private static String tryUnshare() {
        List<String> command = List.of("unshare", "--user", "--map-root-user", "--net", "--mount", "true");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "no answer within 10 s";
            }
            return p.exitValue() == 0 ? null : output.isEmpty() ? "exit status " + p.exitValue() : output;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private void probeKernel() {
        try (NetworkStack stack = NetworkStack.open(); NetNamespace scratch = stack.createAnonymousNamespace()) {
            report("network namespaces", true, "created and removed an anonymous namespace");
            feature("veth", () -> scratch.createVeth("doctor0", "doctor1"), "CONFIG_VETH (modprobe veth)");
            feature("bridge", () -> scratch.createBridge("doctor-br"), "CONFIG_BRIDGE (modprobe bridge)");
            boolean ping = scratch.ping("127.0.0.1").reachable();
            report("in-process ICMP", ping, ping ? "raw ICMP socket works" : "raw ICMP socket gave no reply on loopback");
            packetFilter(scratch);
            netem(scratch);
        } catch (NetnsException e) {
            report("network namespaces", false, e.getMessage());
        }
    }

    /**
     * Which packet-filter backend NAT and the testkit's faults use (nf_tables over netlink where the
     * kernel has it, else iptables; -Dnetns.packetfilter chooses), proved by a masquerade rule
     * applied and removed in the scratch namespace.
     */
    private void packetFilter(NetNamespace scratch) {
        String property = System.getProperty(PacketFilter.BACKEND_PROPERTY);
        try {
            PacketFilter pf = scratch.packetFilter();
            scratch.nat().apply(NatRule.masquerade("192.168.15.0/24")).close();
            report("packet filter", true, pf.backend() + " is in use for NAT and filter rules"
                    + (property != null ? " (chosen by -D" + PacketFilter.BACKEND_PROPERTY + "=" + property + ")"
                            : " (-D" + PacketFilter.BACKEND_PROPERTY + "=iptables or =nftables chooses one)"));
        } catch (NetnsException e) {
            report("packet filter", false, e.getMessage());
        }
    }

    private void netem(NetNamespace scratch) {
        if (find("tc") == null) {
            optional("netem qdisc", false, "not probed: tc (Debian package iproute2) is missing");
            return;
        }
        var r = scratch.exec("tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms");
        optional("netem qdisc", r.succeeded(), r.succeeded() ? "available: delay and jitter faults work"
                : "not in this kernel (" + r.stderr().strip() + "): delay/jitter faults are skipped; loss and partitions use the packet filter");
    }

    private void feature(String name, Runnable probe, String fix) {
        try {
            probe.run();
            report(name + " links", true, "available");
        } catch (NetnsException e) {
            report(name + " links", false, e.getMessage() + "; needs " + fix);
        }
    }

    private void tool(String name, String debianPackage, String usedFor, boolean required) {
        String path = find(name);
        if (required) {
            report(name, path != null, path != null ? path + " (" + usedFor + ")"
                    : "missing, needed for " + usedFor + ": apt-get install " + debianPackage);
        } else {
            optional(name, path != null, path != null ? path : "missing, used for " + usedFor + ": apt-get install " + debianPackage);
        }
    }

    private void variant(String binary, String label) {
        String path = find(binary);
        optional("iptables " + label, path != null, path != null ? path : "not installed");
    }

    private static String find(String name) {
        for (String dir : PATH) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private void report(String what, boolean ok, String detail) {
        if (!ok) {
            problems++;
        }
        out.printf("  %-4s  %-20s %s%n", ok ? "ok" : "FAIL", what, detail);
    }

    private void optional(String what, boolean ok, String detail) {
        out.printf("  %-4s  %-20s %s%n", ok ? "ok" : "--", what, detail);
    }
}
