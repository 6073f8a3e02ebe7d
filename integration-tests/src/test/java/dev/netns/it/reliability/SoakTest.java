package dev.netns.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.testkit.RequiresRoot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the soak ({@link SoakRun}) with {@value #PROPERTY} tests (default {@value #DEFAULT_TESTS},
 * as in CI) in a JVM of its own: a fixed heap, touched at start ({@value #HEAP}), so that resident
 * memory moves only with what the JVM holds outside the heap, and the heap's growing and shrinking
 * cannot hide a trend (and two glibc malloc arenas, for less noise). {@code scripts/soak N} runs this test alone; the report goes to
 * {@code target/soak-report.txt}.
 */
@RequiresRoot
@Tag("reliability")
class SoakTest {
    static final String PROPERTY = "netns.soak.tests";
    static final int DEFAULT_TESTS = 500;
    static final String HEAP = "-Xms256m -Xmx256m -XX:+AlwaysPreTouch -XX:TieredStopAtLevel=1";

    @Test
    void soak() throws Exception {
        int tests = Integer.getInteger(PROPERTY, DEFAULT_TESTS);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(List.of(HEAP.split(" ")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SoakRun.class.getName(),
                Integer.toString(tests), "target/soak-report.txt"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("MALLOC_ARENA_MAX", "2"); // fewer glibc arenas: less lap-to-lap noise in RSS
        Process p = pb.start();
        List<String> verdict = new ArrayList<>();
        java.util.ArrayDeque<String> tail = new java.util.ArrayDeque<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("soak") || line.startsWith("SOAK")) {
                    System.out.println(line); // the figures; the failed cases' own reports stay in the child
                }
                if (line.startsWith("soak:") || line.startsWith("SOAK FAILED")) {
                    verdict.add(line);
                }
                tail.add(line);
                if (tail.size() > 60) {
                    tail.removeFirst();
                }
            }
        } finally {
            p.waitFor();
        }
        assertThat(p.exitValue()).as("the soak's verdict: %s; its last lines:%n%s", verdict, String.join("\n", tail)).isZero();
    }
}
