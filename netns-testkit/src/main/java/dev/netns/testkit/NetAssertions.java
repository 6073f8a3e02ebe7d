package dev.netns.testkit;

import dev.netns.Link;
import dev.netns.NetNamespace;

/**
 * AssertJ entry point for what a namespace can reach. Reads like the tutorial:
 *
 * <pre>{@code
 * import static dev.netns.testkit.NetAssertions.assertThat;
 *
 * assertThat(red).canPing("192.168.15.2");
 * assertThat(red).cannotConnect("192.168.15.2", 5432);
 * assertThat(wan).httpGet("http://203.0.113.1/").hasStatus(200).bodyContains("hello");
 * assertThat(red).eventually().canConnect("192.168.15.2", 80);            // retried with Awaitility
 * assertThat(red).staysFor(Duration.ofSeconds(1)).cannotPing("10.0.0.2");  // checked throughout
 * }</pre>
 *
 * <p>A failure says what was tried, from which namespace, to where, and what happened.
 *
 * @since 0.1
 */
public final class NetAssertions {

    private NetAssertions() {
    }

    /**
     * @param namespace the namespace the probes run in; not {@code null}
     * @return assertions on what it can reach
     */
    public static NamespaceAssert assertThat(NetNamespace namespace) {
        return new NamespaceAssert(namespace);
    }

    /**
     * @param link a link; not {@code null}
     * @return assertions on what crosses it, from its counters
     * @since 0.1
     */
    public static LinkAssert assertThat(Link link) {
        return new LinkAssert(link);
    }

    /**
     * @param result an HTTP result from {@link Probes}
     * @return assertions on it
     */
    public static HttpResponseAssert assertThat(HttpResult result) {
        return new HttpResponseAssert(result);
    }
}
