package dev.netns.nftables.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every constant of the header classes against the value gcc computes from the kernel headers:
 * {@code constants.golden} is the output of {@code constants.c} (both beside this test), which
 * prints {@code Class.NAME=value} for each name. A constant missing on either side fails too, so
 * a name can neither drift nor be invented.
 */
class ConstantsTest {

    private static Map<String, Long> golden() throws IOException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (InputStream in = ConstantsTest.class.getResourceAsStream("constants.golden")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                int eq = line.indexOf('=');
                out.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
            }
        }
        return out;
    }

    private static Map<String, Long> java() throws IllegalAccessException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Class<?> c : new Class<?>[] {NfTables.class, NfNetlink.class, NfNat.class, Netfilter.class}) {
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
        assertThat(golden).hasSizeGreaterThan(300);
        assertThat(java()).containsExactlyInAnyOrderEntriesOf(golden);
    }
}
