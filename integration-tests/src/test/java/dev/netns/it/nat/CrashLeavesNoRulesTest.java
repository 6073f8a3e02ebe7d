package dev.netns.it.nat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import dev.netns.testkit.RequiresRoot;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM killed with {@code kill -9} while it holds rules leaves no SDK table behind: the tables of
 * the namespaces it created belong to its netlink sockets (NFT_TABLE_F_OWNER), which the kernel
 * closes with the process. Its anonymous namespaces vanish with it anyway; its named ones stay, and
 * are looked into here, then deleted.
 */
@RequiresRoot
class CrashLeavesNoRulesTest {

    @Test
    void killNineLeavesNoSdkTableInTheNamedNamespaces() throws Exception {
        String prefix = "nt-crash-" + ProcessHandle.current().pid() + "-";
        List<String> names = List.of(prefix + "a", prefix + "b");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName()));
        command.addAll(names);
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (NetworkStack stack = NetworkStack.open()) {
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                String ready = out.readLine();
                assertThat(ready).startsWith("READY ");
                long pid = Long.parseLong(ready.substring("READY ".length()).strip());
                assertThat(pid).isEqualTo(child.pid());
                for (String name : names) {
                    try (NetNamespace ns = stack.openNamespace(name)) {
                        assertThat(nft(ns)).contains("table inet netns", "flags owner", "masquerade", "drop");
                    }
                }

                ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

                for (String name : names) {
                    try (NetNamespace ns = stack.openNamespace(name)) {
                        assertThat(nft(ns)).doesNotContain("netns");
                    }
                }
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
                // The pipes to the child are descriptors of this JVM until closed (or collected,
                // which would make another test's descriptor count drop under it).
                child.getInputStream().close();
                child.getOutputStream().close();
                for (String name : names) {
                    if (Files.exists(Path.of("/run/netns", name))) {
                        stack.deleteNamespace(name);
                    }
                }
            }
        }
    }

    private static String nft(NetNamespace ns) {
        return ns.exec("nft", "list", "ruleset").orThrow().stdout();
    }
}
