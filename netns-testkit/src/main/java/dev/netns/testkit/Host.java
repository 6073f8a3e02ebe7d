package dev.netns.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the namespace of a host of the test's network into a {@link dev.netns.NetNamespace}
 * parameter. Without it, a {@code NetNamespace} parameter is matched by its own name, which needs
 * the class compiled with {@code -parameters}.
 *
 * <pre>{@code
 * @Test
 * void t(@Host("red") NetNamespace red, @Host(Topology.SANDBOX) NetNamespace sandbox) { ... }
 * }</pre>
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Host {

    /** @return the host's name in the topology */
    String value();
}
