package dev.netns.fuzz;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * One JUnit test per decoder, for a module's test suite. The count per decoder is the system
 * property {@value #COUNT_PROPERTY} (default {@value #DEFAULT_COUNT}, what CI runs);
 * {@code scripts/fuzz} runs the same decoders with larger counts.
 */
public final class FuzzTests {
    /** The system property that sets how many mutated messages each decoder gets. */
    public static final String COUNT_PROPERTY = "netns.fuzz.count";

    /** The count per decoder of the normal test suite and of CI. */
    public static final long DEFAULT_COUNT = 100_000;

    private FuzzTests() {
    }

    /**
     * @return a test per decoder that fails, with the input in hex and the seed, on any error but
     *     the decoders' typed one, and when too few mutations reached the error paths
     */
    public static Stream<DynamicTest> of(FuzzTargets targets) {
        long count = Long.getLong(COUNT_PROPERTY, DEFAULT_COUNT);
        return targets.decoders().stream().map(d -> dynamicTest(d.name() + " x " + count, () -> {
            FuzzResult r = WireFuzz.run(d, WireFuzz.seedFor(WireFuzz.DEFAULT_SEED, d.name()), count);
            System.out.println("fuzz: " + r.line());
            // A mutator that only ever produced clean messages would prove nothing about the error paths.
            if (count >= 1000 && r.typedErrors() < count / 50) {
                throw new AssertionError(d.name() + ": only " + r.typedErrors() + " of " + count
                        + " mutations were refused; the mutations do not reach the error paths");
            }
        }));
    }
}
