package dev.netns.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.MalformedReplyException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner tells the typed error from everything else, and a failure says how to reproduce it. */
class WireFuzzTest {
    private static final byte[] SEED = HexFormat.of().parseHex("1400000010000000010000000000000000000000");

    @Test
    void typedErrorsAreCountedAndTheRestDecodes() {
        Decoder d = new Decoder("short", List.of(SEED), new int[0], b -> {
            if (b.length < 20) {
                throw new MalformedReplyException("only " + b.length + " bytes");
            }
        });
        FuzzResult r = WireFuzz.run(d, 1, 10_000);
        assertThat(r.inputs()).isEqualTo(10_000);
        assertThat(r.typedErrors()).isPositive().isLessThan(10_000);
        assertThat(r.decoded()).isEqualTo(10_000 - r.typedErrors());
        assertThat(r.line()).startsWith("short").contains("10,000");
    }

    @Test
    void anUntypedErrorNamesTheDecoderTheSeedTheInputAndItsBytes() {
        Decoder d = new Decoder("buggy", List.of(SEED), new int[0], b -> {
            if (b.length > 20) {
                throw new ArrayIndexOutOfBoundsException(b.length);
            }
        });
        assertThatThrownBy(() -> WireFuzz.run(d, 0x42, 10_000)).isInstanceOf(UntypedErrorFound.class)
                .hasMessageContaining("decoder buggy, seed 0x42, input ")
                .hasMessageContaining("ArrayIndexOutOfBoundsException")
                .hasMessageMatching("(?s).*input \\(hex\\): 14000000[0-9a-f]+.*")
                .hasCauseInstanceOf(ArrayIndexOutOfBoundsException.class);
    }

    @Test
    void theSameSeedReplaysTheSameInputs() {
        Mutator m = new Mutator(16, 17);
        byte[] a = m.mutate(new java.util.Random(7), SEED, List.of(SEED));
        byte[] b = m.mutate(new java.util.Random(7), SEED, List.of(SEED));
        assertThat(a).isEqualTo(b);
    }
}
