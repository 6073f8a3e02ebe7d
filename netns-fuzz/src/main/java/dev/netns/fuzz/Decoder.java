package dev.netns.fuzz;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One decoder under fuzzing: its name in reports, the real messages its mutations start from, the
 * message types to retype to, and what a caller of the decoder does with a received datagram.
 *
 * @param name short name, printed in {@code scripts/fuzz}'s report
 * @param seeds real messages (captures, golden requests), each a datagram the decoder accepts
 * @param retypes nlmsg_type values the mutator writes now and then; empty for none
 * @param decodeAll everything a caller does with one datagram; may only throw
 *     {@link dev.netns.MalformedReplyException}
 */
public record Decoder(String name, List<byte[]> seeds, int[] retypes, Consumer<byte[]> decodeAll) {
    /** Checks the arguments and copies the seeds. */
    public Decoder {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(decodeAll, "decodeAll");
        seeds = List.copyOf(seeds);
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("decoder " + name + " has no seeds");
        }
        retypes = retypes.clone();
    }
}
