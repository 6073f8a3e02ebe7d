package dev.netns.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** The launcher file: the template with the JDK filled in, executable, and the JDK's release file beside it. */
final class Launcher {
    private Launcher() {
    }

    static Path write(Path directory, Path javaHome, String template) throws IOException {
        Path bin = Files.createDirectories(directory.resolve("bin"));
        // Surefire takes the parent of bin/ for the JDK's home and reads its release file to learn the
        // Java version (module path, argument files); without it, it would treat the JDK as Java 8.
        Path release = javaHome.resolve("release");
        if (Files.isRegularFile(release)) {
            Files.copy(release, directory.resolve("release"), StandardCopyOption.REPLACE_EXISTING);
        }
        String script = template.replace("@JAVA@", shellQuoted(javaHome.resolve("bin").resolve("java").toString()))
                .replace("@JAVA_HOME@", shellQuoted(javaHome.toString()));
        Path launcher = bin.resolve("java"); // Surefire accepts only a path ending in java
        Path tmp = Files.createTempFile(bin, "java", ".tmp");
        Files.writeString(tmp, script);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        // Replaced in one step: a parallel build's fork never starts a half-written launcher.
        Files.move(tmp, launcher, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return launcher;
    }

    /** {@code s} as one word for sh, inside single quotes. */
    static String shellQuoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
