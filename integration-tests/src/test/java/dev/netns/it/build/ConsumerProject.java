package dev.netns.it.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An empty project made from the README's "Add it to your build" snippets, with the README's JUnit
 * sample and {@link ConsumerSmokeTest} as its tests, built with {@code mvn test}: what a user does,
 * for {@link ConsumerBuildTest} and {@link RootlessConsumerBuildTest}.
 */
final class ConsumerProject {
    private static final Path README = Path.of("..", "README.md");
    private static final Path TESTS = Path.of("src", "test", "java", "dev", "netns", "it");
    private static final Pattern JUNIT_BOM_VERSION = Pattern.compile(
            "(<artifactId>junit-bom</artifactId>\\s*<version>)([^<]+)(</version>)");
    private static final String PLUGINS_END = "  </plugins>";

    private final Path dir;

    private ConsumerProject(Path dir) {
        this.dir = dir;
    }

    /**
     * A fresh project in {@code target/NAME}: the README's Maven snippet with {@code junit} as the JUnit
     * BOM's version and, as the README says to, each of {@code extraPlugins} added to its
     * {@code <plugins>}.
     */
    static ConsumerProject create(String name, String junit, String... extraPlugins) throws IOException {
        Path dir = Path.of("target", name).toAbsolutePath();
        deleteRecursively(dir);
        Path testDir = Files.createDirectories(dir.resolve("src/test/java"));
        Files.writeString(dir.resolve("pom.xml"), pom(snippet("maven"), junit, extraPlugins));
        copy(TESTS.resolve("readme/ReadmeJunitSampleTest.java"), testDir.resolve("dev/netns/it/readme/ReadmeJunitSampleTest.java"));
        copy(TESTS.resolve("build/ConsumerSmokeTest.java"), testDir.resolve("dev/netns/it/build/ConsumerSmokeTest.java"));
        return new ConsumerProject(dir);
    }

    /**
     * Runs {@code mvn -B -ntp test} in the project on this test's JDK and checks that it passed with
     * all four tests run, none skipped, on JUnit {@code junit}.
     */
    void testPasses(String junit) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of("mvn", "-B", "-ntp", "test")).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("build.log").toFile());
        // The same JDK as this test, whatever the PATH's java is.
        pb.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        Process p = pb.start();
        boolean ended = p.waitFor(8, TimeUnit.MINUTES);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("build.log"));
        assertThat(ended).as("mvn test in %s ended within 8 minutes; its log:%n%s", dir, tail(log)).isTrue();
        assertThat(p.exitValue()).as("mvn test in %s; its log:%n%s", dir, tail(log)).isZero();
        assertThat(log).as("which JUnit ran, in %s/build.log", dir).contains("netns-consumer jupiter=" + junit);
        Matcher m = Pattern.compile("Tests run: (\\d+), Failures: 0, Errors: 0, Skipped: 0\\s*$", Pattern.MULTILINE)
                .matcher(log);
        int total = -1;
        while (m.find()) {
            total = Integer.parseInt(m.group(1)); // the last one is the summary
        }
        assertThat(total).as("the build's test summary in %s/build.log", dir).isEqualTo(4);
    }

    /** The ```xml block after {@code <!-- snippet: NAME -->}, exactly once in the README. */
    static String snippet(String name) throws IOException {
        List<String> lines = Files.readAllLines(README);
        String marker = "<!-- snippet: " + name + " -->";
        int at = lines.indexOf(marker);
        assertThat(at).as("the README's " + marker + " marker").isNotNegative();
        assertThat(lines.lastIndexOf(marker)).isEqualTo(at);
        assertThat(lines.get(at + 1).strip()).isEqualTo("```xml");
        List<String> body = new ArrayList<>();
        for (int i = at + 2; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
            body.add(lines.get(i));
        }
        return String.join("\n", body);
    }

    /** An empty project's pom: its coordinates and the snippet, with {@code junit} as the JUnit BOM's version. */
    static String pom(String snippet, String junit, String... extraPlugins) {
        Matcher m = JUNIT_BOM_VERSION.matcher(snippet);
        assertThat(m.find()).as("the snippet imports org.junit:junit-bom with a version").isTrue();
        String build = m.replaceFirst("$1" + junit + "$3");
        for (String plugin : extraPlugins) {
            assertThat(build).as("the snippet's plugins end with a line " + PLUGINS_END).containsOnlyOnce(PLUGINS_END);
            build = build.replace(PLUGINS_END, plugin.indent(4) + PLUGINS_END);
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "<modelVersion>4.0.0</modelVersion>\n"
                + "<groupId>example</groupId><artifactId>netns-consumer</artifactId><version>1</version>\n"
                + "<properties><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>\n"
                + build + "\n</project>\n";
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.writeString(to, Files.readString(from, StandardCharsets.UTF_8));
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 60), lines.length));
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
