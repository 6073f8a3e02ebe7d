package dev.netns.nftables.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every constant of the header classes against the value gcc computes from the kernel headers:
 * {@code constants.golden} is the output of {@code constants.c} (both beside this test), which
 * prints {@code Class.NAME=value} for each name. A constant missing on either side fails too, so
 * a name can neither drift nor be invented.
 */
class ConstantsTest {

    @Test
    void everyConstantHasTheHeadersValue() throws Exception {
        Map<String, Long> golden = HeaderConstants.golden(getClass(), "constants.golden");
        assertThat(golden).hasSizeGreaterThan(300);
        assertThat(HeaderConstants.java(NfTables.class, NfNetlink.class, NfNat.class, Netfilter.class)).containsExactlyInAnyOrderEntriesOf(golden);
    }
}
