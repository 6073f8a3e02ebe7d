package dev.netns.netlink.internal.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.netns.fuzz.CoverageGuided;
import dev.netns.fuzz.Decoder;
import java.util.List;

/**
 * The rtnetlink decoders under Jazzer. In the normal test run this replays the inputs kept in
 * {@code CoverageGuidedFuzzTestInputs/}; {@code JAZZER_FUZZ=1} makes it fuzz with coverage
 * feedback for {@code maxDuration} (see RELIABILITY.md).
 */
class CoverageGuidedFuzzTest {
    private static final List<Decoder> DECODERS = new NetlinkFuzzTargets().decoders();

    @FuzzTest(maxDuration = "5m")
    void rtnetlinkDecoders(byte[] input) {
        CoverageGuided.decode(DECODERS, input);
    }
}
