package dev.netns.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {

    @Test
    void writesAnExecutableJavaWithTheJdkFilledInAndItsReleaseBeside(@TempDir Path dir) throws Exception {
        Path jdk = Files.createDirectories(dir.resolve("it's a jdk"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"17\"\n");

        Path launcher = Launcher.write(dir.resolve("out"), jdk, "java=@JAVA@\nhome=@JAVA_HOME@\n");

        assertThat(launcher).isEqualTo(dir.resolve("out/bin/java"));
        assertThat(Files.getPosixFilePermissions(launcher)).contains(PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE);
        assertThat(dir.resolve("out/release")).hasContent("JAVA_VERSION=\"17\"");
        assertThat(Files.list(dir.resolve("out/bin"))).containsExactly(launcher);
        // the quoting survives sh: the same path comes back
        Process p = new ProcessBuilder("sh", "-c", Files.readString(launcher) + "printf '%s|%s' \"$java\" \"$home\"")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(p.getInputStream().readAllBytes()))
                .isEqualTo(jdk.resolve("bin/java") + "|" + jdk);
    }

    @Test
    void theTemplateShippedInTheJarHasBothPlaceholders() throws Exception {
        try (var in = RootlessMojo.class.getResourceAsStream("java")) {
            String template = new String(in.readAllBytes());
            assertThat(template).startsWith("#!/bin/sh\n");
            assertThat(List.of("java=@JAVA@", "java_home=@JAVA_HOME@")).allSatisfy(l -> assertThat(template).contains(l));
        }
    }
}
