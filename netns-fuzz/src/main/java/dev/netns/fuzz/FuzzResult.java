package dev.netns.fuzz;

import java.util.Locale;

/**
 * The outcome of one decoder's run.
 *
 * @param decoder the decoder's name
 * @param inputs how many mutated datagrams it was given
 * @param typedErrors how many it refused with {@link dev.netns.MalformedReplyException}
 * @param seconds wall time of the run
 */
public record FuzzResult(String decoder, long inputs, long typedErrors, double seconds) {
    /** @return how many inputs decoded without an error */
    public long decoded() {
        return inputs - typedErrors;
    }

    /** @return the report line of {@code scripts/fuzz} */
    public String line() {
        return String.format(Locale.ROOT, "%-16s inputs %,12d  typed errors %,12d  decoded %,12d  %8.1f s  %,10.0f/s",
                decoder, inputs, typedErrors, decoded(), seconds, seconds > 0 ? inputs / seconds : 0.0);
    }
}
