package dev.netns.it.build;

import dev.netns.testkit.RequiresRoot;
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

    @ParameterizedTest(name = "JUnit {0}")
    @ValueSource(strings = {"5.10.5", "5.14.4", "6.0.3"})
    void theReadmeSnippetBuildsAndRunsTheSamples(String junit) throws Exception {
        ConsumerProject.create("consumer-junit-" + junit, junit).testPasses(junit);
    }
}
