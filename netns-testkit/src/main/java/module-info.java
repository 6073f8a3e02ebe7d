/**
 * The netns JUnit testkit. Its API hands out {@code dev.netns} handles and AssertJ assertions, so
 * those modules are read transitively. The backends are not required:
 * {@link dev.netns.NetworkStack#open()} binds them as services. OkHttp (the HTTP probe's client)
 * and its MockWebServer ({@code serveHttp}) are used inside, never shown in the API.
 */
@SuppressWarnings("requires-automatic") // awaitility, see below
module dev.netns.testkit {
    requires transitive dev.netns;
    requires transitive org.assertj.core;
    requires okhttp3;
    requires mockwebserver3;
    requires java.logging; // to quiet MockWebServer's per-request log lines
    // Provided by the user's build (Jupiter 5.10+ or 6.x): static, so Topology.build works without
    // JUnit; read whenever JUnit runs (it requires org.junit.platform.commons and org.opentest4j
    // transitively); transitive, because @NetnsTest and @RequiresRoot carry @ExtendWith.
    requires static transitive org.junit.jupiter.api;
    // Awaitility 4.3 has neither module-info nor Automatic-Module-Name: its name comes from the jar's
    // file name (awaitility-4.3.0.jar), the one module name here that is not declared by its owner.
    requires awaitility;

    exports dev.netns.testkit;
    // NetnsExtension and RootCondition are package-private: JUnit instantiates them reflectively.
    opens dev.netns.testkit to org.junit.platform.commons;
}
