package dev.netns.it.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.testkit.RequiresRoot;
import org.junit.jupiter.api.Test;

/** Runs the README's tutorial sample and checks what it claims to show. */
@RequiresRoot
class TutorialSampleTest {

    @Test
    void theReadmeTutorialWorks() throws Exception {
        TutorialSample.Outcome o = TutorialSample.run();
        assertThat(o.overTheCable().reachable()).as("%s", o.overTheCable()).isTrue();
        assertThat(o.toTheOutside().reachable()).as("%s", o.toTheOutside()).isTrue();
        assertThat(o.page()).isEqualTo("hello from blue");
    }
}
