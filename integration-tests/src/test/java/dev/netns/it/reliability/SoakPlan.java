package dev.netns.it.reliability;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The mix of one soak lap: how many invocations each case of {@link SoakCases} and
 * {@link SoakParallelCases} gets, and how each must end. A lap is one engine run of both classes;
 * the soak runs laps until it has run the number of tests asked for.
 */
enum SoakPlan {
    /** Passes, with a different fault (or NAT traffic) each round. */
    PASSES(SoakCases.class, "passes", 16, Outcome.SUCCESSFUL),
    /** An HTTP service whose responder throws: the client sees a 500, the test passes. */
    SERVICE_THROWS(SoakCases.class, "serviceThrows", 4, Outcome.SUCCESSFUL),
    /** An assertion that fails under a partition. */
    ASSERTION_FAILS(SoakCases.class, "assertionFails", 5, Outcome.ASSERTION_FAILED),
    /** The test body throws. */
    THROWS(SoakCases.class, "throwsException", 3, Outcome.EXCEPTION),
    /** Blocks on a read that never returns, past its {@code @Timeout}. */
    TIMES_OUT(SoakCases.class, "timesOut", 3, Outcome.TIMED_OUT),
    /** An assumption that does not hold. */
    ABORTED(SoakCases.class, "aborted", 3, Outcome.ABORTED),
    /** Passes, with named namespaces, in parallel with the others of its class. */
    PARALLEL_PASSES(SoakParallelCases.class, "passes", 12, Outcome.SUCCESSFUL),
    /** Fails an assertion, with named namespaces, in parallel with the others of its class. */
    PARALLEL_FAILS(SoakParallelCases.class, "assertionFails", 4, Outcome.ASSERTION_FAILED);

    /** How a case must end. */
    enum Outcome { SUCCESSFUL, ASSERTION_FAILED, EXCEPTION, TIMED_OUT, ABORTED }

    /** Tests per lap: the sum of the counts. */
    static final int LAP = List.of(values()).stream().mapToInt(p -> p.perLap).sum();

    final Class<?> testClass;
    final String method;
    final int perLap;
    final Outcome outcome;

    SoakPlan(Class<?> testClass, String method, int perLap, Outcome outcome) {
        this.testClass = testClass;
        this.method = method;
        this.perLap = perLap;
        this.outcome = outcome;
    }

    /** The case of a test method, by class and method name. */
    static SoakPlan of(String className, String methodName) {
        for (SoakPlan p : values()) {
            if (p.testClass.getName().equals(className) && p.method.equals(methodName)) {
                return p;
            }
        }
        throw new IllegalArgumentException("not a soak case: " + className + "#" + methodName);
    }

    /** The rounds of one case in this lap, numbered across laps so each round picks its own variant. */
    IntStream rounds() {
        int first = SoakLap.current() * perLap;
        return IntStream.range(first, first + perLap);
    }
}
