package dev.netns.it.core;

import dev.netns.it.support.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * iproute2, the independent oracle: runs {@code ip} as a child process (argument list, no shell)
 * from the test's own thread, which stays in the machine's namespace, so every command names its
 * target namespace explicitly with {@code -n NAME} or {@code netns exec NAME}.
 */
final class Ip {
    static final String IP = findIp();

    private Ip() {
    }

    /** What a finished {@code ip} run gave. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        Result orThrow() {
            if (exitCode != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + exitCode + ": " + stderr);
            }
            return this;
        }
    }

    private static String findIp() {
        for (String c : List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip")) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        throw new IllegalStateException("iproute2's ip was not found; install the Debian package iproute2");
    }

    /** Runs {@code ip ARGS...}; never throws on a non-zero exit. */
    static Result tryRun(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(IP);
        cmd.addAll(Arrays.asList(args));
        try {
            Path out = Files.createTempFile("it-core-ip", ".out");
            Path err = Files.createTempFile("it-core-ip", ".err");
            try {
                // Files instead of pipes: no reader threads, no deadlock on a full pipe.
                Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new AssertionError(String.join(" ", cmd) + " did not finish in 30 s");
                }
                return new Result(cmd, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + cmd, e);
        }
    }

    /** Runs {@code ip ARGS...} and returns its stdout; fails the test on a non-zero exit. */
    static String run(String... args) {
        return tryRun(args).orThrow().stdout();
    }

    /** {@code ip -j -n NS ARGS...}, parsed. */
    static List<Map<String, Object>> json(String ns, String... args) {
        List<String> a = new ArrayList<>(List.of("-j", "-n", ns));
        a.addAll(Arrays.asList(args));
        return Json.objects(run(a.toArray(String[]::new)));
    }

    /** The names {@code ip netns list} prints (it appends " (id: N)" to some). */
    static List<String> netnsList() {
        List<String> names = new ArrayList<>();
        for (String line : run("netns", "list").split("\n")) {
            if (!line.isBlank()) {
                names.add(line.split(" ", 2)[0]);
            }
        }
        return names;
    }

    /** The link called {@code ifname} in {@code ip -j -n NS link}, or fails. */
    static Map<String, Object> link(String ns, String ifname) {
        return json(ns, "link", "show").stream().filter(l -> ifname.equals(l.get("ifname"))).findFirst()
                .orElseThrow(() -> new AssertionError("ip -n " + ns + " link shows no " + ifname));
    }

    @SuppressWarnings("unchecked")
    static List<String> flags(Map<String, Object> link) {
        return (List<String>) link.getOrDefault("flags", List.of());
    }

    /** "prefix/len" of every address of {@code ifname}, as {@code ip -j -n NS addr show dev IF} lists them. */
    @SuppressWarnings("unchecked")
    static List<String> addresses(String ns, String ifname) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> l : json(ns, "addr", "show", "dev", ifname)) {
            for (Map<String, Object> a : (List<Map<String, Object>>) l.get("addr_info")) {
                out.add(a.get("local") + "/" + a.get("prefixlen"));
            }
        }
        return out;
    }

    /** A map as "k=v" for failure messages that show what ip printed. */
    static int intValue(Object o) {
        return ((Number) o).intValue();
    }
}
