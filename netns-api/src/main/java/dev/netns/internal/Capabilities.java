package dev.netns.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The calling process's effective capabilities, from {@code /proc/self/status}: what creating and
 * entering network namespaces needs. Inside a user namespace the process created (the launcher of
 * the netns Maven plugin), uid 0 of that namespace has them too.
 */
public final class Capabilities {
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;

    private Capabilities() {
    }

    /** @return whether the process holds both CAP_NET_ADMIN and CAP_SYS_ADMIN */
    public static boolean networkAdmin() {
        long caps = effective(Path.of("/proc/self/status"));
        return (caps & (1L << CAP_NET_ADMIN)) != 0 && (caps & (1L << CAP_SYS_ADMIN)) != 0;
    }

    /** @return the CapEff mask in {@code status}, 0 when it cannot be read */
    static long effective(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
