package dev.netns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.internal.UserNamespaces;
import org.junit.jupiter.api.Test;

class RootConditionTest {

    @Test
    void withoutTheLauncherTheSkipNamesRootAndThePlugin() {
        assertThat(RootCondition.why(null)).contains("run the tests as root", "netns-maven-plugin's goal rootless",
                "\"Without root\"");
    }

    @Test
    void whenTheLauncherCouldNotUnshareTheSkipNamesTheSettingOrUnsharesReason() {
        String why = RootCondition.why("unshare: unshare failed: Operation not permitted\n");
        // Which of the two depends on this machine's settings: the sentence of UserNamespaces names the one that forbids.
        assertThat(why).isEqualTo(UserNamespaces.restriction().orElse("the netns launcher could not start the tests in a"
                + " user namespace (unshare: unshare failed: Operation not permitted): ./netns doctor tells why, or run"
                + " the tests as root"));
    }
}
