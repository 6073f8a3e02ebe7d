package dev.netns.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * {@code scripts/fuzz [COUNT] [SEED] [DECODER...]}: runs every registered decoder (or those named)
 * on COUNT mutated messages each, prints one line per decoder and a total, and exits with 1 if any
 * threw an untyped error, after printing the reproducing input and the seed.
 */
public final class FuzzMain {
    private FuzzMain() {
    }

    /**
     * @param args COUNT (default 100,000), SEED (default {@link WireFuzz#DEFAULT_SEED}, decimal or
     *     0x hex), then optional decoder names
     */
    public static void main(String[] args) {
        long count = args.length > 0 ? parseCount(args[0]) : 100_000;
        long base = args.length > 1 ? Long.decode(args[1]) : WireFuzz.DEFAULT_SEED;
        List<String> only = args.length > 2 ? List.of(args).subList(2, args.length) : List.of();
        List<Decoder> decoders = new ArrayList<>();
        for (FuzzTargets t : ServiceLoader.load(FuzzTargets.class)) {
            for (Decoder d : t.decoders()) {
                if (only.isEmpty() || only.contains(d.name())) {
                    decoders.add(d);
                }
            }
        }
        if (decoders.isEmpty()) {
            System.err.println("fuzz: no decoder found" + (only.isEmpty() ? "" : " named " + only));
            System.exit(2);
        }
        System.out.printf("fuzz: %d decoders (%s), %,d inputs each, base seed 0x%x%n", decoders.size(),
                WireFuzz.names(decoders), count, base);
        long inputs = 0;
        double seconds = 0;
        int failures = 0;
        for (Decoder d : decoders) {
            long seed = WireFuzz.seedFor(base, d.name());
            try {
                FuzzResult r = WireFuzz.run(d, seed, count);
                System.out.println(r.line());
                inputs += r.inputs();
                seconds += r.seconds();
            } catch (UntypedErrorFound e) {
                failures++;
                System.out.printf("%-16s FAILED%n", d.name());
                e.printStackTrace(System.out);
            }
            System.out.flush();
        }
        System.out.printf("total: %,d inputs in %.1f s (%,.0f/s), %d decoder(s) failed%n", inputs, seconds,
                seconds > 0 ? inputs / seconds : 0.0, failures);
        System.exit(failures == 0 ? 0 : 1);
    }

    private static long parseCount(String s) {
        String t = s.replace("_", "").replace(",", "");
        if (t.contains("e") || t.contains("E")) {
            return (long) Double.parseDouble(t); // 1e7
        }
        return Long.parseLong(t);
    }
}
