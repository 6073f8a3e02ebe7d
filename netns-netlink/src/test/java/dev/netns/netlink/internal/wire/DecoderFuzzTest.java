package dev.netns.netlink.internal.wire;

import dev.netns.fuzz.FuzzTests;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every rtnetlink decoder on {@code -Dnetns.fuzz.count} mutated messages (100,000 by default). */
class DecoderFuzzTest {
    @TestFactory
    Stream<DynamicTest> onlyMalformedReplyEverComesOut() {
        return FuzzTests.of(new NetlinkFuzzTargets());
    }
}
