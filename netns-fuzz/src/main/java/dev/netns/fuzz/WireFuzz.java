package dev.netns.fuzz;

import dev.netns.MalformedReplyException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Runs one decoder on mutations of its seeds and requires that it either decodes or throws
 * {@link MalformedReplyException}: anything else (an IndexOutOfBounds, a NegativeArraySize, an
 * OutOfMemoryError, an IllegalArgumentException from the model) is a bug, and so is an input on
 * which the decoder makes no progress for {@link #STALL}. Fixed seeds make every failure
 * replayable; the failure carries the input in hex.
 */
public final class WireFuzz {
    /** How long one input may take before the run counts it as an endless loop. */
    public static final Duration STALL = Duration.ofSeconds(20);

    /** The base seed of the test suite and of {@code scripts/fuzz} when none is given. */
    public static final long DEFAULT_SEED = 0x6e65746e73L;

    private WireFuzz() {
    }

    /** @return the seed of one decoder's run: the base seed mixed with its name, so runs are independent */
    public static long seedFor(long base, String decoder) {
        return base * 0x9E3779B97F4A7C15L + decoder.hashCode();
    }

    /**
     * Feeds {@code count} mutations of the decoder's seeds to it, after the seeds themselves.
     *
     * @param seed the random seed (see {@link #seedFor})
     * @return the counts and time of the run
     * @throws UntypedErrorFound naming the seed, the input's index and its bytes
     */
    public static FuzzResult run(Decoder decoder, long seed, long count) {
        Worker w = new Worker(decoder, seed, count);
        Thread t = new Thread(w, "fuzz-" + decoder.name());
        t.setDaemon(true); // an endless loop in a decoder must not keep the JVM alive
        long start = System.nanoTime();
        t.start();
        long seen = -1;
        long lastProgress = System.nanoTime();
        try {
            while (true) {
                t.join(200);
                if (!t.isAlive()) {
                    break;
                }
                long now = System.nanoTime();
                if (w.done != seen) {
                    seen = w.done;
                    lastProgress = now;
                } else if (now - lastProgress > STALL.toNanos()) {
                    Throwable where = new Throwable("the decoder's thread, " + STALL.toSeconds() + " s into one input");
                    where.setStackTrace(t.getStackTrace());
                    throw new UntypedErrorFound(decoder.name(), seed, w.done, w.current,
                            "no progress for " + STALL.toSeconds() + " s (an endless loop?)", where);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fuzzing " + decoder.name(), e);
        }
        if (w.failure != null) {
            throw w.failure;
        }
        return new FuzzResult(decoder.name(), count, w.typed, (System.nanoTime() - start) / 1e9);
    }

    /** The loop, on its own thread so that a stall can be seen and reported. */
    private static final class Worker implements Runnable {
        private final Decoder decoder;
        private final long seed;
        private final long count;
        volatile long done;
        volatile byte[] current = new byte[0];
        volatile UntypedErrorFound failure;
        long typed;

        Worker(Decoder decoder, long seed, long count) {
            this.decoder = decoder;
            this.seed = seed;
            this.count = count;
        }

        @Override
        public void run() {
            List<byte[]> seeds = decoder.seeds();
            for (int i = 0; i < seeds.size(); i++) {
                if (!decodes(-1 - i, seeds.get(i))) { // the originals are refused cleanly too, if at all
                    return;
                }
            }
            typed = 0;
            Mutator mutator = new Mutator(decoder.retypes());
            Random rnd = new Random(seed);
            for (long i = 0; i < count; i++) {
                byte[] b = mutator.mutate(rnd, seeds.get(rnd.nextInt(seeds.size())), seeds);
                if (!decodes(i, b)) {
                    return;
                }
                done = i + 1;
            }
        }

        private boolean decodes(long index, byte[] b) {
            current = b;
            try {
                decoder.decodeAll().accept(b);
                return true;
            } catch (MalformedReplyException e) {
                typed++;
                return true;
            } catch (Throwable e) { // OutOfMemoryError and StackOverflowError are findings too
                byte[] input = b.length > 1 << 20 ? Arrays.copyOf(b, 1 << 20) : b;
                failure = new UntypedErrorFound(decoder.name(), seed, index, input,
                        (index < 0 ? "seed message " + (-1 - index) + " " : "") + "threw " + e, e);
                return false;
            }
        }
    }

    /** @return the decoders' names, for messages */
    static String names(List<Decoder> decoders) {
        return decoders.stream().map(Decoder::name).collect(Collectors.joining(", "));
    }
}
