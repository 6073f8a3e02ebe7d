package dev.netns.it.reliability;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.netns.it.support.Footprint;
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
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.TestAbortedException;

/**
 * The soak: N testkit tests in one JVM (this one, started by {@link SoakTest} with a fixed,
 * pre-touched heap, so that resident memory is not moved by the heap's growing and shrinking), in
 * laps of {@link SoakPlan#LAP}, each lap one engine run of the whole mix (passing, failing,
 * throwing, timing out, aborted, parallel; NAT and every fault kind). A warm-up of
 * {@value #WARM_UP_LAPS} laps comes first (JIT, metaspace and malloc arenas grow there), run and
 * checked like the rest but not sampled. Every test must end the way its case says, and afterwards
 * nothing may be left: no descriptor, thread, namespace, child process, name or mount under
 * /run/netns, and nothing in the machine's own namespace.
 *
 * <p>Memory: resident memory (VmRSS, after glibc's malloc_trim has returned what the C
 * allocator keeps free) less what the JIT's code cache and metaspace have committed (they grow
 * while the JIT compiles, within fixed bounds), and the heap in use, are read after a full GC at
 * the end of each lap. The least-squares slope over the N tests, and over each half of them (see
 * {@link Trend#grows}), must not be above {@value #MAX_SLOPE_KIB} KiB
 * per 1000 tests (1 KiB per test) beyond three standard errors of the fit: a small N gives a wide
 * margin (lap-to-lap noise is some MiB), a long run a tight one.
 *
 * <p>Arguments: N, the report file. Prints the laps and a summary line; exits 1 with the reason
 * when something fails.
 */
public final class SoakRun {
    static final int WARM_UP_LAPS = 6;
    static final long MAX_SLOPE_KIB = 1024;
    private static final long SETTLE_MILLIS = 90_000;

    private SoakRun() {
    }

    public static void main(String[] args) throws InterruptedException {
        try {
            soak(Integer.parseInt(args[0]), Path.of(args[1]));
        } catch (AssertionError e) {
            System.out.println("SOAK FAILED: " + e.getMessage());
            System.out.flush();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void soak(int tests, Path reportFile) throws InterruptedException {
        int laps = Math.max(2, (tests + SoakPlan.LAP - 1) / SoakPlan.LAP);
        String prefix = "nt" + Long.toString(ProcessHandle.current().pid(), 36);
        Predicate<String> ours = name -> name.startsWith(prefix);
        List<String> report = new ArrayList<>();
        Footprint before = null;
        List<long[]> rss = new ArrayList<>(); // {tests run after the warm-up, KiB}
        List<long[]> heap = new ArrayList<>();
        long start = 0;
        for (int lap = -WARM_UP_LAPS; lap < laps; lap++) {
            long lapStart = System.nanoTime();
            SoakLap.set(lap + WARM_UP_LAPS);
            List<String> wrong = checkLap(runLap());
            if (!wrong.isEmpty()) {
                throw new AssertionError("soak lap " + lap + ": " + wrong.size() + " test(s) did not end as planned:\n  "
                        + String.join("\n  ", wrong));
            }
            System.gc();
            long rssKib = Footprint.rssKibTrimmed();
            long jitKib = jitAndClassesKib();
            long heapKib = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
            int done = (lap + 1) * SoakPlan.LAP;
            if (lap == -1) {
                before = Footprint.take(ours); // JDK pools and caches are there by now
                start = System.nanoTime();
            } else if (lap >= 0) {
                rss.add(new long[] {done, rssKib - jitKib});
                heap.add(new long[] {done, heapKib});
            }
            String line = String.format("%s %d/%d: %d tests, %d ms, RSS %d KiB (code cache and metaspace %d KiB), heap %d KiB",
                    lap < 0 ? "warm-up lap" : "lap", lap < 0 ? lap + WARM_UP_LAPS + 1 : lap + 1, lap < 0 ? WARM_UP_LAPS : laps,
                    Math.max(0, done), (System.nanoTime() - lapStart) / 1_000_000, rssKib, jitKib, heapKib);
            report.add(line);
            System.out.println("soak " + line);
            System.out.flush();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<String> leaks = settle(before, ours);
        Trend rssTrend = Trend.of(rss);
        Trend heapTrend = Trend.of(heap);
        String summary = String.format("soak: %d tests (%d laps of %d, after %d warm-up tests) in %.1f s (%.1f ms/test); "
                        + "RSS but code cache and metaspace %d -> %d KiB, slope %s KiB per 1000 tests (halves %s, %s); "
                        + "heap after GC slope %s KiB per 1000 tests (halves %s, %s) "
                        + "(bound %d, at 3 standard errors, overall and in both halves); leaks: %s",
                laps * SoakPlan.LAP, laps, SoakPlan.LAP, WARM_UP_LAPS * SoakPlan.LAP, millis / 1000.0,
                (double) millis / (laps * SoakPlan.LAP), rss.get(0)[1], rss.get(rss.size() - 1)[1], rssTrend,
                Trend.firstHalf(rss), Trend.secondHalf(rss), heapTrend, Trend.firstHalf(heap), Trend.secondHalf(heap),
                MAX_SLOPE_KIB, leaks.isEmpty() ? "none" : leaks);
        report.add(summary);
        System.out.println(summary);
        write(report, reportFile);
        if (!leaks.isEmpty()) {
            throw new AssertionError("the soak left things behind:\n  " + String.join("\n  ", leaks));
        }
        if (Trend.grows(rss, MAX_SLOPE_KIB) || Trend.grows(heap, MAX_SLOPE_KIB)) {
            throw new AssertionError("memory trends upwards: " + summary);
        }
    }

    /**
     * What the JVM's non-heap pools (the JIT's code cache, metaspace, compressed class space) have
     * committed. They grow for as long as the JIT still compiles (on Java 25 well past the warm-up:
     * about 1.8 MiB over a 500-test soak) and are bounded by their reserved sizes, so they are taken
     * out of resident memory before the trend is judged: what remains is the native memory and the
     * heap that a leak would grow.
     */
    private static long jitAndClassesKib() {
        long bytes = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.NON_HEAP) {
                bytes += pool.getUsage().getCommitted();
            }
        }
        return bytes / 1024;
    }

    /** A least-squares slope in KiB per 1000 tests, with its standard error. */
    record Trend(double slope, double stderr) {
        static Trend of(List<long[]> samples) {
            int n = samples.size();
            if (n < 3) {
                return new Trend(0, Double.POSITIVE_INFINITY);
            }
            double mx = samples.stream().mapToDouble(s -> s[0]).average().orElse(0);
            double my = samples.stream().mapToDouble(s -> s[1]).average().orElse(0);
            double sxy = 0;
            double sxx = 0;
            for (long[] s : samples) {
                sxy += (s[0] - mx) * (s[1] - my);
                sxx += (s[0] - mx) * (s[0] - mx);
            }
            double b = sxy / sxx;
            double residuals = 0;
            for (long[] s : samples) {
                double r = s[1] - (my + b * (s[0] - mx));
                residuals += r * r;
            }
            return new Trend(b * 1000, Math.sqrt(residuals / (n - 2) / sxx) * 1000);
        }

        /** Whether the slope is above {@code bound} by more than three standard errors. */
        boolean above(long bound) {
            return slope - 3 * stderr > bound;
        }

        static Trend firstHalf(List<long[]> samples) {
            return of(samples.subList(0, samples.size() / 2));
        }

        static Trend secondHalf(List<long[]> samples) {
            return of(samples.subList(samples.size() - samples.size() / 2, samples.size()));
        }

        /**
         * Whether memory grows the way a leak does: the slope over all laps and over each half of
         * them is above {@code bound} by more than three standard errors. Resident memory also
         * wanders by some MiB from lap to lap (JIT data, allocator arenas), and a wander carries
         * from one lap to the next, which a fit's standard error does not allow for: over 10 laps
         * one fit took it for 14 MiB per 1000 tests, 3.1 standard errors above the bound, where 2000 tests of the
         * same code measured 0.3 ± 0.6. A leak grows in both halves.
         */
        static boolean grows(List<long[]> samples, long bound) {
            return of(samples).above(bound) && firstHalf(samples).above(bound) && secondHalf(samples).above(bound);
        }

        @Override
        public String toString() {
            return String.format("%.1f ± %.1f", slope, stderr);
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

    private static void write(List<String> report, Path out) {
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.write(out, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
