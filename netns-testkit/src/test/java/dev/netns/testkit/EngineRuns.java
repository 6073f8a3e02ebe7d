package dev.netns.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs an {@link OnlyInEngineTestKit} example class through the Jupiter engine. */
final class EngineRuns {
    private EngineRuns() {
    }

    static EngineExecutionResults run(Class<?> example, Map<String, String> config) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(example))
                .configurationParameter(OnlyInEngineTestKit.KEY, "true")
                .configurationParameters(config)
                .execute();
    }

    static EngineExecutionResults run(Class<?> example) {
        return run(example, Map.of());
    }
}
