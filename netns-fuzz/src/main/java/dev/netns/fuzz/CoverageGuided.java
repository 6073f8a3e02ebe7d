package dev.netns.fuzz;

import dev.netns.MalformedReplyException;
import java.util.Arrays;
import java.util.List;

/**
 * Turns one input of a coverage-guided fuzzer (Jazzer) into a call of one decoder: the first byte
 * picks the decoder, the second a seed, the third whether the rest is the datagram itself or a
 * pattern XORed onto the seed. So the fuzzer's coverage feedback works on real messages, not only
 * on bytes it has to discover from nothing.
 */
public final class CoverageGuided {
    private CoverageGuided() {
    }

    /**
     * Decodes {@code input} as described; only the decoders' typed error is caught, so anything
     * else reaches the fuzzer as a finding.
     */
    public static void decode(List<Decoder> decoders, byte[] input) {
        if (input.length < 3) {
            return;
        }
        Decoder d = decoders.get((input[0] & 0xff) % decoders.size());
        byte[] seed = d.seeds().get((input[1] & 0xff) % d.seeds().size());
        byte[] rest = Arrays.copyOfRange(input, 3, input.length);
        byte[] datagram;
        if ((input[2] & 1) == 0) {
            datagram = rest;
        } else {
            datagram = Arrays.copyOf(seed, Math.max(seed.length, rest.length));
            for (int i = 0; i < rest.length; i++) {
                datagram[i] ^= rest[i];
            }
        }
        try {
            d.decodeAll().accept(datagram);
        } catch (MalformedReplyException expected) {
            // the decoders' one typed error
        }
    }
}
