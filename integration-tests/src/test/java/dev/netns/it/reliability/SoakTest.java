package dev.netns.it.reliability;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.netns.it.support.Footprint;
import dev.netns.testkit.RequiresRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.TestAbortedException;

/**
 * The soak: {@value #PROPERTY} testkit tests (default {@value #DEFAULT_TESTS}) in this JVM, in laps
 * of {@link SoakPlan#LAP}, each lap one engine run of the whole mix (passing, failing, throwing,
 * timing out, aborted, parallel; NAT and every fault kind). Every test must end the way its case
 * says, and afterwards nothing may be left: no descriptor, thread, namespace, child process, name or
 * mount under /run/netns, and nothing in the machine's own namespace. Resident memory, read after a
 * full GC at the end of each lap, must not trend upwards: the least-squares slope over the laps
 * after the warm-up must stay under {@value #MAX_SLOPE_KIB} KiB per 1000 tests.
 *
 * <p>{@code scripts/soak N} runs it alone with N tests; the figures go to stdout and to
 * {@code target/soak-report.txt}.
 */
@RequiresRoot
@Tag("reliability")
class SoakTest {
    static final String PROPERTY = "netns.soak.tests";
    static final int DEFAULT_TESTS = 500;
    /**
     * The bound on the RSS slope after warm-up. A leak of one namespace worker's stack or of one
     * socket buffer per test would be tens of KiB per test; the noise of a settled JVM (JIT code,
     * metaspace, malloc arenas) stays well under this.
     */
    static final long MAX_SLOPE_KIB = 2048;
    private static final long SETTLE_MILLIS = 90_000;

    @Test
    void soak() throws InterruptedException {
        int tests = Integer.getInteger(PROPERTY, DEFAULT_TESTS);
        int laps = Math.max(2, (tests + SoakPlan.LAP - 1) / SoakPlan.LAP);
        int warmUp = Math.max(1, laps / 10);
        String prefix = "nt" + Long.toString(ProcessHandle.current().pid(), 36);
        Predicate<String> ours = name -> name.startsWith(prefix);
        List<String> report = new ArrayList<>();
        Footprint before = null;
        List<long[]> samples = new ArrayList<>(); // {tests run so far, RSS KiB}
        long start = System.nanoTime();
        for (int lap = 0; lap < laps; lap++) {
            long lapStart = System.nanoTime();
            SoakLap.set(lap);
            List<String> wrong = checkLap(runLap());
            if (!wrong.isEmpty()) {
                throw new AssertionError("soak lap " + lap + ": " + wrong.size() + " test(s) did not end as planned:\n  "
                        + String.join("\n  ", wrong));
            }
            System.gc();
            long rss = Footprint.rssKib();
            int done = (lap + 1) * SoakPlan.LAP;
            if (lap == warmUp - 1) {
                before = Footprint.take(ours); // JDK pools and caches are there by now
            } else if (lap >= warmUp) {
                samples.add(new long[] {done, rss});
            }
            String line = String.format("lap %d/%d: %d tests, %d ms, RSS %d KiB", lap + 1, laps, done,
                    (System.nanoTime() - lapStart) / 1_000_000, rss);
            report.add(line);
            if (lap % 10 == 0 || lap == laps - 1) {
                System.out.println("soak " + line);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<String> leaks = settle(before, ours);
        double slope = slopeKibPer1000(samples);
        String summary = String.format("soak: %d tests (%d laps of %d) in %.1f s (%.1f ms/test); RSS %d -> %d KiB, "
                        + "slope after warm-up %.1f KiB per 1000 tests (bound %d); leaks: %s",
                laps * SoakPlan.LAP, laps, SoakPlan.LAP, millis / 1000.0, (double) millis / (laps * SoakPlan.LAP),
                samples.isEmpty() ? 0 : samples.get(0)[1], samples.isEmpty() ? 0 : samples.get(samples.size() - 1)[1],
                slope, MAX_SLOPE_KIB, leaks.isEmpty() ? "none" : leaks);
        report.add(summary);
        System.out.println(summary);
        write(report);
        if (!leaks.isEmpty()) {
            throw new AssertionError("the soak left things behind:\n  " + String.join("\n  ", leaks));
        }
        if (slope > MAX_SLOPE_KIB) {
            throw new AssertionError(summary);
        }
    }

    private static EngineExecutionResults runLap() {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(SoakCases.class), selectClass(SoakParallelCases.class))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "same_thread")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "same_thread")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
                .execute();
    }

    /** @return one line per test that did not end as its case says, or per missing or failed container */
    static List<String> checkLap(EngineExecutionResults r) {
        List<String> wrong = new ArrayList<>();
        r.containerEvents().failed().stream().forEach(e -> wrong.add("container " + e.getTestDescriptor().getDisplayName()
                + " failed: " + e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElse(null)));
        Map<SoakPlan, Integer> seen = new EnumMap<>(SoakPlan.class);
        for (Event e : r.testEvents().finished().list()) {
            MethodSource m = (MethodSource) e.getTestDescriptor().getSource().orElseThrow();
            SoakPlan plan = SoakPlan.of(m.getClassName(), m.getMethodName());
            seen.merge(plan, 1, Integer::sum);
            TestExecutionResult result = e.getRequiredPayload(TestExecutionResult.class);
            Throwable t = result.getThrowable().orElse(null);
            SoakPlan.Outcome got = outcome(result.getStatus(), t);
            boolean teardownLeak = t != null && (String.valueOf(t.getMessage()).contains("left things behind")
                    || java.util.Arrays.stream(t.getSuppressed()).anyMatch(s -> String.valueOf(s.getMessage()).contains("left things behind")));
            if (got != plan.outcome || teardownLeak) {
                wrong.add(plan + " " + e.getTestDescriptor().getDisplayName() + ": expected " + plan.outcome + ", got "
                        + got + (t == null ? "" : ": " + t));
            }
        }
        for (SoakPlan p : SoakPlan.values()) {
            if (seen.getOrDefault(p, 0) != p.perLap) {
                wrong.add(p + ": " + seen.getOrDefault(p, 0) + " tests ran, " + p.perLap + " planned");
            }
        }
        return wrong;
    }

    private static SoakPlan.Outcome outcome(TestExecutionResult.Status status, Throwable t) {
        switch (status) {
            case SUCCESSFUL:
                return SoakPlan.Outcome.SUCCESSFUL;
            case ABORTED:
                return t instanceof TestAbortedException ? SoakPlan.Outcome.ABORTED : null;
            default:
                if (t instanceof TimeoutException) {
                    return SoakPlan.Outcome.TIMED_OUT;
                }
                if (t instanceof AssertionError) {
                    return SoakPlan.Outcome.ASSERTION_FAILED;
                }
                if (t instanceof IllegalStateException && String.valueOf(t.getMessage()).contains("on purpose")) {
                    return SoakPlan.Outcome.EXCEPTION;
                }
                return null;
        }
    }

    /** Waits for what ends asynchronously (idle JDK and OkHttp threads end after 60 s), then reports what is left. */
    private static List<String> settle(Footprint before, Predicate<String> ours) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_MILLIS * 1_000_000;
        List<String> leaks;
        do {
            System.gc(); // collects unreachable channels the JDK would close by its Cleaner
            leaks = Footprint.take(ours).leaksSince(before, 0);
            if (leaks.isEmpty()) {
                return leaks;
            }
            Thread.sleep(500);
        } while (System.nanoTime() - deadline < 0);
        return leaks;
    }

    /** The least-squares slope of RSS over tests run, in KiB per 1000 tests. */
    static double slopeKibPer1000(List<long[]> samples) {
        int n = samples.size();
        if (n < 2) {
            return 0;
        }
        double mx = samples.stream().mapToDouble(s -> s[0]).average().orElse(0);
        double my = samples.stream().mapToDouble(s -> s[1]).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (long[] s : samples) {
            sxy += (s[0] - mx) * (s[1] - my);
            sxx += (s[0] - mx) * (s[0] - mx);
        }
        return sxx == 0 ? 0 : sxy / sxx * 1000;
    }

    private static void write(List<String> report) {
        try {
            Path out = Path.of("target", "soak-report.txt");
            Files.createDirectories(out.getParent());
            Files.write(out, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
