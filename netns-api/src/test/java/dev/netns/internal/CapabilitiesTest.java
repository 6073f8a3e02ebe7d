package dev.netns.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapabilitiesTest {
    @TempDir
    Path procSys;

    @Test
    void capabilitiesAreReadFromCapEff() throws IOException {
        Path status = procSys.resolve("status");
        Files.writeString(status, "Name:\tjava\nCapInh:\t0000000000000000\nCapEff:\t000001ffffffffff\n");
        assertThat(Capabilities.effective(status)).isEqualTo(0x1ffffffffffL);
        Files.writeString(status, "Name:\tjava\n");
        assertThat(Capabilities.effective(status)).isZero();
        assertThat(Capabilities.effective(procSys.resolve("missing"))).isZero();
    }
}
