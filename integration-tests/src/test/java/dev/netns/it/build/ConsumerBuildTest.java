package dev.netns.it.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.testkit.RequiresRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's "Add it to your build" Maven snippet, pasted into an empty project as it stands
 * (only the JUnit BOM's version changed), builds and runs the README's JUnit sample and
 * {@link ConsumerSmokeTest} with {@code mvn test} on each JUnit the testkit supports: the lowest
 * (5.10), the newest 5.x and 6.0. Needs the netns artifacts installed ({@code ./netns test} runs
 * {@code mvn install}, which installs them before this module runs) and Maven on the PATH.
 */
@Tag("consumer-build")
@RequiresRoot
class ConsumerBuildTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path TESTS = Path.of("src", "test", "java", "dev", "netns", "it");
    private static final Pattern JUNIT_BOM_VERSION = Pattern.compile(
            "(<artifactId>junit-bom</artifactId>\\s*<version>)([^<]+)(</version>)");

    @ParameterizedTest(name = "JUnit {0}")
    @ValueSource(strings = {"5.10.5", "5.14.4", "6.0.3"})
    void theReadmeSnippetBuildsAndRunsTheSamples(String junit) throws Exception {
        Path project = Path.of("target", "consumer-junit-" + junit).toAbsolutePath();
        deleteRecursively(project);
        Path testDir = Files.createDirectories(project.resolve("src/test/java"));
        Files.writeString(project.resolve("pom.xml"), pom(snippet(), junit));
        copy(TESTS.resolve("readme/ReadmeJunitSampleTest.java"), testDir.resolve("dev/netns/it/readme/ReadmeJunitSampleTest.java"));
        copy(TESTS.resolve("build/ConsumerSmokeTest.java"), testDir.resolve("dev/netns/it/build/ConsumerSmokeTest.java"));

        List<String> command = List.of("mvn", "-B", "-ntp", "test");
        ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(project.resolve("build.log").toFile());
        // The same JDK as this test, whatever the PATH's java is.
        pb.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        Process p = pb.start();
        boolean ended = p.waitFor(8, TimeUnit.MINUTES);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String log = Files.readString(project.resolve("build.log"));
        assertThat(ended).as("mvn test in %s ended within 8 minutes; its log:%n%s", project, tail(log)).isTrue();
        assertThat(p.exitValue()).as("mvn test in %s; its log:%n%s", project, tail(log)).isZero();
        assertThat(log).as("which JUnit ran, in %s/build.log", project).contains("netns-consumer jupiter=" + junit);
        Matcher m = Pattern.compile("Tests run: (\\d+), Failures: 0, Errors: 0, Skipped: 0\\s*$", Pattern.MULTILINE)
                .matcher(log);
        int total = -1;
        while (m.find()) {
            total = Integer.parseInt(m.group(1)); // the last one is the summary
        }
        assertThat(total).as("the build's test summary in %s/build.log", project).isEqualTo(4);
    }

    /** The ```xml block after {@code <!-- snippet: maven -->}, exactly once in the README. */
    static String snippet() throws IOException {
        List<String> lines = Files.readAllLines(README);
        int marker = lines.indexOf("<!-- snippet: maven -->");
        assertThat(marker).as("the README's <!-- snippet: maven --> marker").isNotNegative();
        assertThat(lines.lastIndexOf("<!-- snippet: maven -->")).isEqualTo(marker);
        assertThat(lines.get(marker + 1).strip()).isEqualTo("```xml");
        List<String> body = new ArrayList<>();
        for (int i = marker + 2; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
            body.add(lines.get(i));
        }
        return String.join("\n", body);
    }

    /** An empty project's pom: its coordinates and the snippet, with {@code junit} as the JUnit BOM's version. */
    static String pom(String snippet, String junit) {
        Matcher m = JUNIT_BOM_VERSION.matcher(snippet);
        assertThat(m.find()).as("the snippet imports org.junit:junit-bom with a version").isTrue();
        String withVersion = m.replaceFirst("$1" + junit + "$3");
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "<modelVersion>4.0.0</modelVersion>\n"
                + "<groupId>example</groupId><artifactId>netns-consumer</artifactId><version>1</version>\n"
                + "<properties><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>\n"
                + withVersion + "\n</project>\n";
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.writeString(to, Files.readString(from, StandardCharsets.UTF_8));
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 60), lines.length));
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
