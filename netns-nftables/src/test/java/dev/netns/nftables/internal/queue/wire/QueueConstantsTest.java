package dev.netns.nftables.internal.queue.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.nftables.internal.wire.HeaderConstants;
import dev.netns.nftables.internal.wire.NfTablesCompat;
import dev.netns.nftables.internal.wire.NfTablesDup;
import dev.netns.nftables.internal.wire.XtNfqueue;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every constant (and struct size/offset) of NfQueue, XtNfqueue, NfTablesCompat and NfTablesDup
 * against gcc: {@code queue_constants.golden} is the output of {@code queue_constants.c}, both
 * beside this test. A constant missing on either side fails, so names can neither drift nor be invented.
 */
class QueueConstantsTest {

    @Test
    void everyConstantHasTheHeadersValue() throws Exception {
        Map<String, Long> golden = HeaderConstants.golden(getClass(), "queue_constants.golden");
        assertThat(golden).hasSizeGreaterThan(70);
        assertThat(HeaderConstants.java(NfQueue.class, XtNfqueue.class, NfTablesCompat.class, NfTablesDup.class)).containsExactlyInAnyOrderEntriesOf(golden);
    }
}
