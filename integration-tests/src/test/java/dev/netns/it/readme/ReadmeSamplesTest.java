package dev.netns.it.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's code samples are not written twice: each {@code ```java} block that follows a
 * {@code <!-- sample: NAME -->} marker must equal the region tagged {@code NAME} in a compiled,
 * executed test source. Edit the source, run the tests, paste the region. Needs no root.
 */
class ReadmeSamplesTest {

    /** Maven runs the tests with the module directory as working directory. */
    private static final Path README = Path.of("..", "README.md");
    private static final Path SAMPLES = Path.of("src", "test", "java", "dev", "netns", "it", "readme");

    @Test
    void tutorialSampleIsTheCompiledAndExecutedOne() throws IOException {
        assertThat(readmeBlock("tutorial")).isEqualTo(region(SAMPLES.resolve("TutorialSample.java"), "tutorial"));
    }

    @Test
    void junitSampleIsTheCompiledAndExecutedOne() throws IOException {
        assertThat(readmeBlock("junit")).isEqualTo(region(SAMPLES.resolve("ReadmeJunitSampleTest.java"), "junit"));
    }

    @Test
    void clusterSampleIsTheCompiledAndExecutedOne() throws IOException {
        assertThat(readmeBlock("cluster")).isEqualTo(region(SAMPLES.resolve("ReadmeClusterSampleTest.java"), "cluster"));
    }

    @Test
    void vxlanSampleIsTheCompiledAndExecutedOne() throws IOException {
        assertThat(readmeBlock("vxlan")).isEqualTo(region(Path.of("src", "test", "java", "dev", "netns", "it", "core",
                "VxlanTopologyTest.java"), "vxlan"));
    }

    @Test
    void regionsAreReadAsExpected() {
        // Two pieces of one tag are joined, markers dropped, common indentation removed.
        String src = String.join("\n", "class X {", "    // tag::t[]", "    a();", "", "        b();",
                "    // end::t[]", "    hidden();", "    // tag::t[]", "    }", "    // end::t[]", "}");
        assertThat(region(src, "t", "X")).isEqualTo("a();\n\n    b();\n}");
    }

    /** @return the content of the java block after {@code <!-- sample: NAME -->}, exactly once in the README */
    private static String readmeBlock(String name) throws IOException {
        List<String> lines = Files.readAllLines(README);
        String marker = "<!-- sample: " + name + " -->";
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                at.add(i);
            }
        }
        assertThat(at).as("lines of %s with %s", README.toAbsolutePath().normalize(), marker).hasSize(1);
        int open = at.get(0) + 1;
        assertThat(lines.get(open).strip()).as("the line after %s opens the sample's block", marker).isEqualTo("```java");
        List<String> body = new ArrayList<>();
        for (int i = open + 1; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("```")) {
                return String.join("\n", body);
            }
            body.add(lines.get(i).stripTrailing());
        }
        throw new AssertionError("the ```java block after " + marker + " in the README is not closed");
    }

    private static String region(Path source, String tag) throws IOException {
        return region(Files.readString(source), tag, source.toString());
    }

    /** @return every line between {@code // tag::TAG[]} and {@code // end::TAG[]}, joined and de-indented */
    static String region(String source, String tag, String where) {
        String start = "// tag::" + tag + "[]";
        String end = "// end::" + tag + "[]";
        List<String> kept = new ArrayList<>();
        boolean inside = false;
        boolean seen = false;
        for (String line : source.split("\n", -1)) {
            String s = line.strip();
            if (s.equals(start)) {
                inside = true;
                seen = true;
            } else if (s.equals(end)) {
                inside = false;
            } else if (inside) {
                kept.add(line.stripTrailing());
            }
        }
        if (!seen || inside) {
            throw new AssertionError(where + ": no complete region " + start + " ... " + end);
        }
        int indent = kept.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> out = new ArrayList<>();
        for (String l : kept) {
            out.add(l.isBlank() ? "" : l.substring(indent));
        }
        return String.join("\n", out);
    }
}
