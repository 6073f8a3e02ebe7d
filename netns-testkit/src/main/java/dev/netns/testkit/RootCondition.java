package dev.netns.testkit;

import dev.netns.internal.Capabilities;
import dev.netns.internal.UserNamespaces;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Enables tests marked {@link RequiresRoot} only with CAP_NET_ADMIN and CAP_SYS_ADMIN (root, or
 * uid 0 of the user namespace the netns Maven plugin starts the test JVM in); fails them in CI
 * without.
 */
final class RootCondition implements ExecutionCondition {
    static final String WITHOUT_ROOT = "needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) to create network namespaces:"
            + " run the tests as root, or as yourself with the netns-maven-plugin's goal rootless in your build"
            + " (README, \"Add it to your build\", \"Without root\")";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Capabilities.networkAdmin()) {
            return ConditionEvaluationResult.enabled("running with CAP_NET_ADMIN and CAP_SYS_ADMIN");
        }
        String why = why(System.getenv(UserNamespaces.UNAVAILABLE_VARIABLE));
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(why + " (CI=true: tests that need root must run in CI, not skip)");
        }
        return ConditionEvaluationResult.disabled(why);
    }

    /** @param unavailable why the launcher could not start this JVM in a user namespace, null if it was not used */
    static String why(String unavailable) {
        if (unavailable == null) {
            return WITHOUT_ROOT;
        }
        return UserNamespaces.restriction().orElse("the netns launcher could not start the tests in a user namespace ("
                + unavailable.strip() + "): ./netns doctor tells why, or run the tests as root");
    }
}
