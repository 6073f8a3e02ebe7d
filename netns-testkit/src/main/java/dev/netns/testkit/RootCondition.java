package dev.netns.testkit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Enables tests marked {@link RequiresRoot} only with root privileges; fails them in CI without. */
final class RootCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Privileges.hasNetworkAdminCapabilities()) {
            return ConditionEvaluationResult.enabled("running with CAP_NET_ADMIN and CAP_SYS_ADMIN");
        }
        String why = "needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) to create network namespaces; run the suite as root";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(why + " (CI=true: tests that need root must run in CI, not skip)");
        }
        return ConditionEvaluationResult.disabled(why);
    }
}
