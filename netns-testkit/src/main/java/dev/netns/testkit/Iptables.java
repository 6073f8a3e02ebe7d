package dev.netns.testkit;

import dev.netns.CommandFailedException;
import dev.netns.ExecResult;
import dev.netns.NetNamespace;
import dev.netns.NetnsException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code iptables-restore} inside a namespace, feeding the rules on standard input, with the
 * same iptables variant (nft or legacy) as netns-iptables' NAT rules there.
 */
final class Iptables {
    /** Also searched when PATH lacks them, as netns-iptables does: a service's PATH often has no sbin. */
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/local/sbin");

    /**
     * The programs of one iptables variant.
     *
     * @param name {@code nft}, {@code legacy}, or {@code default} (whatever the PATH has)
     */
    record Variant(String name, String restore, String save) {
    }

    private Iptables() {
    }

    /**
     * The variant to use in {@code ns}, chosen the way netns-iptables chooses for its NAT rules, so
     * that filter and NAT rules end up in one backend and {@code iptables-save} shows both. When
     * both variants are installed, the namespace's legacy tables decide, read from
     * {@code /proc/thread-self/net/ip_tables_names} inside it (no process): none means legacy
     * holds no rule, so nft; a legacy {@code nat} table means the NAT rules are most likely
     * legacy (netns-iptables follows existing rules); other legacy tables only mean legacy,
     * next to those rules, unless the SDK has NAT rules here, which then cannot be legacy.
     * The remaining mismatch: a legacy {@code nat} table of someone else's while the SDK's NAT
     * sits in nft (the SDK found more rules there) still gives legacy.
     */
    static Variant variant(NetNamespace ns, boolean ipv6) {
        String prefix = ipv6 ? "ip6tables" : "iptables";
        Variant plain = new Variant("default", prefix + "-restore", prefix + "-save");
        String nftRestore = find(prefix + "-nft-restore");
        String nftSave = find(prefix + "-nft-save");
        String legacyRestore = find(prefix + "-legacy-restore");
        String legacySave = find(prefix + "-legacy-save");
        if (nftRestore == null || nftSave == null || legacyRestore == null || legacySave == null) {
            return plain; // one variant at most: the one on the PATH, as netns-iptables uses then
        }
        Set<String> tables = legacyTables(ns, ipv6);
        if (tables == null) {
            return plain;
        }
        Variant nft = new Variant("nft", nftRestore, nftSave);
        Variant legacy = new Variant("legacy", legacyRestore, legacySave);
        if (tables.isEmpty()) {
            return nft;
        }
        if (tables.contains("nat") || ipv6) {
            return legacy;
        }
        return sdkHasNatRules(ns) ? nft : legacy;
    }

    private static boolean sdkHasNatRules(NetNamespace ns) {
        try {
            return !ns.nat().rules().isEmpty(); // bookkeeping only, no process
        } catch (RuntimeException noBackend) {
            return false;
        }
    }

    /** @return the legacy tables {@code ns} has, or {@code null} if that cannot be read */
    private static Set<String> legacyTables(NetNamespace ns, boolean ipv6) {
        // thread-self: /proc/self/net would show the main thread's namespace, not this one's.
        Path list = Path.of(ipv6 ? "/proc/thread-self/net/ip6_tables_names" : "/proc/thread-self/net/ip_tables_names");
        return ns.call(() -> {
            try {
                Set<String> names = new HashSet<>();
                for (String line : Files.readAllLines(list, StandardCharsets.US_ASCII)) {
                    if (!line.isBlank()) {
                        names.add(line.strip());
                    }
                }
                return names;
            } catch (IOException e) {
                return null; // no x_tables in this kernel: nothing is known
            }
        });
    }

    private static String find(String program) {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(":")) {
                if (!d.isEmpty()) {
                    dirs.add(d);
                }
            }
        }
        dirs.addAll(SBIN);
        for (String d : dirs) {
            Path p = Path.of(d, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /**
     * Feeds {@code rules} to {@code program} ({@code iptables-restore} or a variant of it) inside
     * {@code ns}, without flushing anything.
     *
     * @throws CommandFailedException if it exits with an error (the message carries its own
     *     error text, which names the bad line), runs past {@code timeout} (it is killed), or the
     *     wait is interrupted (likewise; the interrupt flag stays set)
     * @throws NetnsException if it cannot be run at all
     */
    static void restore(NetNamespace ns, String program, String rules, Duration timeout) {
        List<String> command = List.of(program, "--noflush", "--wait");
        String what = String.join(" ", command) + " in " + Labels.of(ns);
        long start = System.nanoTime();
        File in = null;
        File err = null;
        Process p = null;
        try {
            // Files, not pipes: iptables stops reading at a bad line, and a pipe would then fail
            // our write with a broken pipe that hides its error message; and reading a pipe has no
            // timeout.
            in = File.createTempFile("netns-testkit-iptables", ".in");
            err = File.createTempFile("netns-testkit-iptables", ".err");
            Files.writeString(in.toPath(), rules, StandardCharsets.UTF_8);
            p = ns.start(new ProcessBuilder(command).redirectInput(in).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err));
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                kill(p);
            }
            String stderr = readQuietly(err);
            ExecResult r = new ExecResult(command, done ? p.exitValue() : -1, "", stderr,
                    Duration.ofNanos(System.nanoTime() - start), !done);
            if (!r.succeeded()) {
                throw new CommandFailedException(what
                        + (done ? " exited with status " + r.exitCode() : " did not finish within " + timeout.toMillis()
                                + " ms and was killed")
                        + (stderr.isBlank() ? "" : ": " + stderr.strip()) + "\nrules were:\n" + rules, r);
            }
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new CommandFailedException("interrupted while " + what + " ran; it was killed\nrules were:\n" + rules,
                    new ExecResult(command, -1, "", readQuietly(err), Duration.ofNanos(System.nanoTime() - start), false));
        } catch (IOException e) {
            if (p != null) {
                kill(p);
            }
            throw new NetnsException("cannot run " + what + ": " + e.getMessage(), e);
        } finally {
            if (in != null) {
                in.delete();
            }
            if (err != null) {
                err.delete();
            }
        }
    }

    private static void kill(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        boolean interrupted = Thread.interrupted();
        try {
            p.waitFor(1, TimeUnit.SECONDS); // reaps it; SIGKILL is not ignored
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String readQuietly(File f) {
        try {
            return f == null ? "" : Files.readString(f.toPath(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
