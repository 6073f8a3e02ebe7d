package dev.netns.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@link Topology} of a {@link NetnsTest} class: a method without parameters that
 * returns one, or a field that holds one. Static, or an instance member when the network is
 * built per test. One per class; a {@code @Nested} class without its own uses its enclosing
 * class's.
 *
 * <pre>{@code
 * @NetworkTopology(perClass = true)
 * static final Topology CLUSTER = Topology.builder().hosts("n1", "n2", "n3")...build();
 * }</pre>
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD})
public @interface NetworkTopology {

    /**
     * @return {@code true} to build one network for the whole class (before all, torn down after
     *     all) instead of one for each test (new hosts for each; a bridged sandbox the test never
     *     reached may be kept, reset, from the previous test: see the README, "A JUnit test with
     *     the testkit")
     */
    boolean perClass() default false;
}
