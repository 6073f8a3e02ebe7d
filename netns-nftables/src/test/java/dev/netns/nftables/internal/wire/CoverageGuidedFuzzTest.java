package dev.netns.nftables.internal.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.netns.fuzz.CoverageGuided;
import dev.netns.fuzz.Decoder;
import dev.netns.nftables.internal.queue.NfqFuzzTargets;
import java.util.ArrayList;
import java.util.List;

/**
 * The nf_tables and nfnetlink_queue decoders under Jazzer: the inputs kept in
 * {@code CoverageGuidedFuzzTestInputs/} in the normal run, coverage-guided fuzzing with
 * {@code JAZZER_FUZZ=1} (see RELIABILITY.md).
 */
class CoverageGuidedFuzzTest {
    private static final List<Decoder> DECODERS = decoders();

    private static List<Decoder> decoders() {
        List<Decoder> d = new ArrayList<>(new NftFuzzTargets().decoders());
        d.addAll(new NfqFuzzTargets().decoders());
        return d;
    }

    @FuzzTest(maxDuration = "5m")
    void nfTablesAndQueueDecoders(byte[] input) {
        CoverageGuided.decode(DECODERS, input);
    }
}
