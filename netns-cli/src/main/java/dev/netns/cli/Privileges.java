package dev.netns.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's effective capabilities, from /proc/self/status. */
final class Privileges {
    static final int CAP_NET_ADMIN = 12;
    static final int CAP_SYS_ADMIN = 21;

    private Privileges() {
    }

    static boolean has(int capability) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << capability)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }

    static boolean isRoot() {
        return has(CAP_NET_ADMIN) && has(CAP_SYS_ADMIN);
    }
}
