package dev.netns.nftables.internal.queue.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.nftables.internal.wire.NfTablesCompat;
import dev.netns.nftables.internal.wire.NfTablesDup;
import dev.netns.nftables.internal.wire.XtNfqueue;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every constant (and struct size/offset) of NfQueue, XtNfqueue, NfTablesCompat and NfTablesDup
 * against gcc: {@code queue_constants.golden} is the output of {@code queue_constants.c}, both
 * beside this test. A constant missing on either side fails, so names can neither drift nor be invented.
 */
class QueueConstantsTest {

    private static Map<String, Long> golden() throws IOException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (InputStream in = QueueConstantsTest.class.getResourceAsStream("queue_constants.golden")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                int eq = line.indexOf('=');
                out.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
            }
        }
        return out;
    }

    private static Map<String, Long> java() throws IllegalAccessException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Class<?> c : new Class<?>[] {NfQueue.class, XtNfqueue.class, NfTablesCompat.class, NfTablesDup.class}) {
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (Modifier.isPublic(mod) && Modifier.isStatic(mod) && f.getType() == int.class) {
                    out.put(c.getSimpleName() + "." + f.getName(), (long) f.getInt(null));
                }
            }
        }
        return out;
    }

    @Test
    void everyConstantHasTheHeadersValue() throws Exception {
        Map<String, Long> golden = golden();
        assertThat(golden).hasSizeGreaterThan(70);
        assertThat(java()).containsExactlyInAnyOrderEntriesOf(golden);
    }
}
