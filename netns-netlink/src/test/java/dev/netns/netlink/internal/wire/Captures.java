package dev.netns.netlink.internal.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Kernel replies captured from iproute2 with strace, stored under {@code captures/} as one message
 * per line in hex, with the command and what ip printed in '#' comment lines.
 */
final class Captures {
    static final String[] ALL = {
        "link-show-details", "link-show-stats", "neigh-show", "rule-show", "rule6-show", "route-get", "route-getfrom",
        "route-getmp", "route-get6", "route-getmark", "stats-show", "monitor", "route-show-all"
    };

    private Captures() {
    }

    /** The messages of one capture, each a complete netlink message. */
    static List<byte[]> load(String name) {
        try (InputStream in = Captures.class.getResourceAsStream("captures/" + name + ".hex")) {
            if (in == null) {
                throw new AssertionError("no capture " + name);
            }
            List<byte[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(Wire.unhex(line));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The messages of one capture, parsed, only those of {@code type}. */
    static List<NlMessage> messages(String name, int type) {
        List<NlMessage> out = new ArrayList<>();
        for (byte[] b : load(name)) {
            NlMessage m = Wire.parseOne(b);
            if (m.type() == type) {
                out.add(m);
            }
        }
        return out;
    }
}
