package dev.netns.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks an example class that is meant to fail or to be run in a special way: it runs only when a
 * test launches it through EngineTestKit with {@value #KEY}=true, never in the normal suite.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(OnlyInEngineTestKit.Condition.class)
@interface OnlyInEngineTestKit {
    String KEY = "netns.testkit.examples";

    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(KEY).map(Boolean::parseBoolean).orElse(false)
                    ? ConditionEvaluationResult.enabled("launched by a test")
                    : ConditionEvaluationResult.disabled("an example run only through EngineTestKit");
        }
    }
}
