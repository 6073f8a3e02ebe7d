package dev.netns.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a link of the test's network, by its name in the topology, into a
 * {@link dev.netns.VethPair} parameter (both ends) or a {@link dev.netns.Link} parameter (end a,
 * the one in the first host named), or, for a {@linkplain Topology.Builder#vxlanLink VXLAN link}, into a
 * {@link dev.netns.Link} parameter (its device).
 *
 * <pre>{@code
 * @Test
 * void t(@NetLink("red-v-net-0") Link redNic, @NetLink("red-v-net-0") VethPair cable) { ... }
 * }</pre>
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface NetLink {

    /** @return the link's name in the topology, for example {@code "red-v-net-0"} */
    String value();
}
