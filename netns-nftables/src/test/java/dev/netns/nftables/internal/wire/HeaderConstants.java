package dev.netns.nftables.internal.wire;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two sides of a constants test: what gcc printed from the kernel headers ({@code NAME=value}
 * lines of a golden file beside the test) and the public static int fields of the Java classes
 * named after those headers, both as {@code Class.NAME -> value}.
 */
public final class HeaderConstants {
    private HeaderConstants() {
    }

    /** @return the golden file {@code resource}, read beside {@code test} */
    public static Map<String, Long> golden(Class<?> test, String resource) throws IOException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (InputStream in = test.getResourceAsStream(resource)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                int eq = line.indexOf('=');
                out.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
            }
        }
        return out;
    }

    /** @return every public static int constant of {@code classes}, named {@code Class.FIELD} */
    public static Map<String, Long> java(Class<?>... classes) throws IllegalAccessException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Class<?> c : classes) {
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (Modifier.isPublic(mod) && Modifier.isStatic(mod) && f.getType() == int.class) {
                    out.put(c.getSimpleName() + "." + f.getName(), (long) f.getInt(null));
                }
            }
        }
        return out;
    }
}
