package dev.netns.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether an ordinary user may create user namespaces here (the way to run the SDK without root),
 * and if a known setting of the machine forbids it, which one and what to do.
 */
public final class UserNamespaces {
    /**
     * Set by the netns Maven plugin's launcher when it could not start the JVM in a user namespace;
     * its value is why ({@code unshare}'s message).
     */
    public static final String UNAVAILABLE_VARIABLE = "NETNS_ROOTLESS_UNAVAILABLE";

    /** A sysctl, the value with which it forbids unprivileged user namespaces, and the one that allows them. */
    private record Setting(String name, String forbidding, String allowing, String where) {
        Path file(Path procSys) {
            return procSys.resolve(name.replace('.', '/'));
        }
    }

    private static final List<Setting> SETTINGS = List.of(
            new Setting("kernel.apparmor_restrict_unprivileged_userns", "1", "0", "Ubuntu's AppArmor restriction, 23.10 and later"),
            new Setting("kernel.unprivileged_userns_clone", "0", "1", "Debian's older kernels"),
            new Setting("user.max_user_namespaces", "0", "15000", "the limit of user namespaces"));

    private UserNamespaces() {
    }

    /**
     * @return one sentence naming the setting that forbids unprivileged user namespaces and what to
     *         do, or empty when none of the known settings (Ubuntu's AppArmor restriction, Debian's
     *         {@code unprivileged_userns_clone}, {@code user.max_user_namespaces}) does
     */
    public static Optional<String> restriction() {
        return restriction(Path.of("/proc/sys"));
    }

    static Optional<String> restriction(Path procSys) {
        for (Setting s : SETTINGS) {
            Optional<String> value = read(s.file(procSys));
            if (value.isPresent() && value.get().equals(s.forbidding())) {
                return Optional.of("unprivileged user namespaces are off on this machine (" + s.name() + "="
                        + s.forbidding() + ", " + s.where() + "): allow them with `sudo sysctl -w " + s.name() + "="
                        + s.allowing() + "` (and a file in /etc/sysctl.d to keep it), or run the tests as root");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file).strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // this kernel has no such setting, or hides it
        }
    }
}
