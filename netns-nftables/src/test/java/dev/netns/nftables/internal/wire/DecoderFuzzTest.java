package dev.netns.nftables.internal.wire;

import dev.netns.fuzz.FuzzTests;
import dev.netns.nftables.internal.queue.NfqFuzzTargets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every nf_tables and nfnetlink_queue decoder on {@code -Dnetns.fuzz.count} mutated messages (100,000 by default). */
class DecoderFuzzTest {
    @TestFactory
    Stream<DynamicTest> nfTablesOnlyEverThrowMalformedReply() {
        return FuzzTests.of(new NftFuzzTargets());
    }

    @TestFactory
    Stream<DynamicTest> nfQueueOnlyEverThrowsMalformedReply() {
        return FuzzTests.of(new NfqFuzzTargets());
    }
}
