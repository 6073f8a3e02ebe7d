package dev.netns.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that needs CAP_NET_ADMIN and CAP_SYS_ADMIN: root, or an ordinary
 * user whose build has the netns Maven plugin's goal {@code rootless}, which starts the test JVM as
 * uid 0 of a user namespace of its own (README, "Add it to your build", "without root").
 *
 * <p>Without them it is skipped with a message saying why (and, where the machine forbids user
 * namespaces, which setting does and what to do), except when the environment variable {@code CI}
 * is {@code true}: there a skip would hide a missing check, so the test fails instead.
 *
 * <pre>{@code
 * @RequiresRoot
 * class VethTest { ... }
 * }</pre>
 *
 * @since 0.1
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(RootCondition.class)
@SuppressWarnings("exports") // JUnit, not the user, instantiates the package-private RootCondition (opened to it)
public @interface RequiresRoot {
}
