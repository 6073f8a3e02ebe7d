package dev.netns.iptables.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The iptables programs installed on this machine.
 *
 * @param nft iptables-nft-restore/-save, or {@code null}
 * @param legacy iptables-legacy-restore/-save, or {@code null}
 * @param preferred the variant {@code iptables-restore} on the PATH is, used when a namespace
 *     does not tell (no rules in either); {@code null} if there is no iptables at all
 * @param searched where the programs were looked for, for the error message
 */
record Binaries(Variant nft, Variant legacy, Variant preferred, List<Path> searched) {

    /** Also searched when PATH lacks them: a root shell has them, a service's PATH often not. */
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/local/sbin");

    static Binaries locate() {
        Set<Path> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(":")) {
                if (!d.isEmpty()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        SBIN.forEach(d -> dirs.add(Path.of(d)));
        List<Path> searched = new ArrayList<>(dirs);
        Variant nft = pair(searched, "nft", "iptables-nft-restore", "iptables-nft-save");
        Variant legacy = pair(searched, "legacy", "iptables-legacy-restore", "iptables-legacy-save");
        Variant plain = pair(searched, "nft", "iptables-restore", "iptables-save");
        Variant preferred = null;
        if (plain != null) {
            preferred = isLegacy(plain.restore())
                    ? (legacy != null ? legacy : new Variant("legacy", plain.restore(), plain.save()))
                    : (nft != null ? nft : plain);
        } else if (nft != null) {
            preferred = nft;
        } else if (legacy != null) {
            preferred = legacy;
        }
        return new Binaries(nft, legacy, preferred, List.copyOf(searched));
    }

    private static boolean isLegacy(Path restore) {
        try {
            // Debian points iptables-restore at one of the two through /etc/alternatives.
            return restore.toRealPath().getFileName().toString().contains("legacy");
        } catch (IOException e) {
            return false;
        }
    }

    private static Variant pair(List<Path> dirs, String name, String restore, String save) {
        Path r = find(dirs, restore);
        Path s = find(dirs, save);
        return r != null && s != null ? new Variant(name, r, s) : null;
    }

    private static Path find(List<Path> dirs, String program) {
        for (Path d : dirs) {
            Path p = d.resolve(program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
