package dev.netns.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives every test of the class its own network, built from the class's
 * {@link NetworkTopology @NetworkTopology}, and tears it down afterwards (also after a failure,
 * a timeout or an aborted assumption), checking that nothing of it is left. Parameters get the
 * network's parts by name. Needs root or the netns Maven plugin's goal {@code rootless}, like
 * {@link RequiresRoot}.
 *
 * <pre>{@code
 * @NetnsTest
 * class LanTest {
 *     @NetworkTopology
 *     static Topology lan() {
 *         return Topology.builder().host("red").host("blue")
 *                 .bridge("v-net-0", "192.168.15.5/24")
 *                 .link("red", "v-net-0", "192.168.15.1/24")
 *                 .link("blue", "v-net-0", "192.168.15.2/24")
 *                 .build();
 *     }
 *
 *     @Test
 *     void redReachesBlue(@Host("red") NetNamespace red, Network net) {
 *         net.listenTcp("blue", 80);
 *         assertThat(red).canPing("192.168.15.2").canConnect("192.168.15.2", 80);
 *     }
 * }
 * }</pre>
 *
 * <p>When a test fails, the failure carries a {@link NetworkDiagnostics} (suppressed) and the
 * test's report an entry {@code netns.diagnostics}: each namespace's links, addresses, routes and
 * NAT rules as they were at the moment of failure.
 *
 * @since 0.1
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@RequiresRoot
@ExtendWith(NetnsExtension.class)
@SuppressWarnings("exports") // JUnit, not the user, instantiates the package-private NetnsExtension (opened to it)
public @interface NetnsTest {
}
