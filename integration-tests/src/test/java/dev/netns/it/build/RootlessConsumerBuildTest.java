package dev.netns.it.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's "Without root" section followed by an ordinary user: its plugin added to the
 * {@code <plugins>} of the "Add it to your build" snippet in an empty project, and the README's
 * JUnit sample and {@link ConsumerSmokeTest} pass there with {@code mvn test}, none skipped.
 * Tagged {@code rootless}: {@code ./netns test} runs it as an ordinary user it creates (the build
 * leaves it out otherwise), with the netns artifacts installed in that user's Maven repository.
 */
@Tag("rootless")
class RootlessConsumerBuildTest {

    @Test
    void theReadmeWithoutRootSectionRunsTheSamplesAsAnOrdinaryUser() throws Exception {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assertThat(uid).as("the uid this test runs as: it proves the tests run without root, so it must"
                + " run as an ordinary user, as ./netns test's rootless stage does").isNotZero();
        String junit = "5.14.4"; // the README's own
        assertThat(ConsumerProject.snippet("maven")).contains("<version>" + junit + "</version>");

        ConsumerProject.create("consumer-rootless", junit, ConsumerProject.snippet("maven-rootless")).testPasses(junit);
    }

    @Test
    void theTestkitsOwnRootlessRunUsesTheReadmesPluginBlock() throws Exception {
        // ./netns test runs netns-testkit's tests with -Prootless: that profile must be the README's block.
        String readme = lines(ConsumerProject.snippet("maven-rootless")).replace("0.1.0-SNAPSHOT", "${project.version}");
        assertThat(lines(Files.readString(Path.of("..", "netns-testkit", "pom.xml")))).contains(readme);
    }

    /** The lines without their indentation. */
    private static String lines(String xml) {
        return xml.lines().map(String::strip).collect(java.util.stream.Collectors.joining("\n"));
    }
}
