package dev.netns.netlink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.NamespaceClosedException;
import dev.netns.NotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kept descriptors of {@link SysctlFiles}, on ordinary files standing in for /proc/sys/net
 * (the kernel side is InNamespaceCodeTest's): opened once, used again, opened afresh when a kept
 * one fails, bounded, and closed.
 */
class SysctlFilesTest {
    @TempDir
    Path dir;

    /** Opens ordinary files as the namespace's thread would open sysctls, and remembers what it opened. */
    private static final class CountingOpener implements SysctlFiles.Opener {
        final List<Integer> opened = new ArrayList<>();
        /** Opens the next file for reading whatever is asked: its writes then fail (EBADF). */
        boolean readOnlyOnce;

        @Override
        public int open(String key, String path, boolean write, String operation) {
            int fd = Sysctls.open(key, path, write && !readOnlyOnce, operation);
            readOnlyOnce = false;
            opened.add(fd);
            return fd;
        }
    }

    private final CountingOpener opener = new CountingOpener();
    private final SysctlFiles files = new SysctlFiles();

    @AfterEach
    void closeFiles() {
        files.close();
    }

    private String file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSettingIsOpenedOnceForWritingAndOnceForReading() throws IOException {
        String p = file("ip_forward", "0");
        files.write("k", p, bytes("1"), "write k", opener);
        files.write("k", p, bytes("0"), "write k", opener);
        files.write("k", p, bytes("1"), "write k", opener);
        assertThat(Files.readString(Path.of(p))).as("each write at offset 0").isEqualTo("1");
        assertThat(files.read("k", p, "read k", opener)).isEqualTo("1");
        assertThat(files.read("k", p, "read k", opener)).isEqualTo("1");
        assertThat(opener.opened).as("one open per direction").hasSize(2);
        assertThat(files.size()).isEqualTo(2);
        files.close();
        assertThat(files.size()).isZero();
    }

    @Test
    void aLongValueIsReadWhole() throws IOException {
        String value = "x".repeat(255) + " " + "y".repeat(3000);
        String p = file("long", value + "\n");
        assertThat(files.read("k", p, "read k", opener)).isEqualTo(value);
        assertThat(files.read("k", p, "read k", opener)).isEqualTo(value);
        assertThat(files.read("s", file("short", "1\n"), "read s", opener)).isEqualTo("1");
    }

    @Test
    void aFailureOtherThanEnoentIsTheAnswerAndTheFileStaysKept() throws IOException {
        // ENOENT from a kept file means it is stale, and the kernel test (InNamespaceCodeTest)
        // shows the file opened again; any other failure is the kernel's answer to the value.
        String p = file("forwarding", "0");
        opener.readOnlyOnce = true;
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> files.write("k", p, bytes("1"), "write sysctl k=1", opener))
                    .isInstanceOfSatisfying(dev.netns.KernelException.class, e -> assertThat(e.errnoName()).isEqualTo("EBADF"))
                    .hasMessageContaining("write sysctl k=1").hasMessageContaining("refused the value");
        }
        assertThat(opener.opened).as("opened once: a refused value is not a stale file").hasSize(1);
        assertThat(files.size()).isEqualTo(1);
        assertThat(Files.readString(Path.of(p))).isEqualTo("0");
    }

    @Test
    void onlyIpv4AndIpv6SettingsAreKept() {
        assertThat(SysctlFiles.keepable(Sysctls.path("net.ipv4.route.flush"))).isTrue();
        assertThat(SysctlFiles.keepable(Sysctls.path("net.ipv6.conf.all.forwarding"))).isTrue();
        assertThat(SysctlFiles.keepable(Sysctls.path("net/ipv4/conf/eth0.5/forwarding"))).isTrue();
        // Their handlers looked up the calling thread's namespace before 2025.
        assertThat(SysctlFiles.keepable(Sysctls.path("net.sctp.auth_enable"))).isFalse();
        assertThat(SysctlFiles.keepable(Sysctls.path("net.mptcp.scheduler"))).isFalse();
        assertThat(SysctlFiles.keepable(Sysctls.path("net.core.somaxconn"))).isFalse();
        assertThat(SysctlFiles.keepable(Sysctls.path("net.ipv4x.y"))).isFalse();
    }

    @Test
    void aSettingThatCannotBeOpenedIsReportedAndNothingIsKept() {
        String missing = dir.resolve("no_such_key").toString();
        assertThatThrownBy(() -> files.write("net.ipv4.no_such_key", missing, bytes("1"), "write net.ipv4.no_such_key", opener))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no_such_key");
        assertThatThrownBy(() -> files.read("net.ipv4.no_such_key", missing, "read net.ipv4.no_such_key", opener))
                .isInstanceOf(NotFoundException.class);
        assertThat(files.size()).isZero();
    }

    @Test
    void aGroupOfSettingsIsNotOneSetting() throws IOException {
        Path group = Files.createDirectory(dir.resolve("conf"));
        assertThatThrownBy(() -> files.read("net.ipv4.conf", group.toString(), "read net.ipv4.conf", opener))
                .isInstanceOf(dev.netns.InvalidInputException.class).hasMessageContaining("group of settings");
        assertThatThrownBy(() -> files.write("net.ipv4.conf", group.toString(), bytes("1"), "write", opener))
                .isInstanceOf(dev.netns.InvalidInputException.class).hasMessageContaining("group of settings");
        assertThat(files.size()).as("the directory opened for reading was closed again").isZero();
    }

    @Test
    void atMostCapacityStayOpenTheLeastRecentlyUsedClosedFirst() throws IOException {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i <= SysctlFiles.CAPACITY; i++) {
            paths.add(file("s" + i, "0"));
        }
        for (int i = 0; i < SysctlFiles.CAPACITY; i++) {
            files.write("s" + i, paths.get(i), bytes("1"), "write", opener);
        }
        files.write("s0", paths.get(0), bytes("2"), "write", opener); // s1 is now the least recently used
        files.write("sN", paths.get(SysctlFiles.CAPACITY), bytes("1"), "write", opener);
        assertThat(files.size()).isEqualTo(SysctlFiles.CAPACITY);
        assertThat(opener.opened).hasSize(SysctlFiles.CAPACITY + 1);
        files.write("s0", paths.get(0), bytes("3"), "write", opener);
        assertThat(opener.opened).as("s0 was kept").hasSize(SysctlFiles.CAPACITY + 1);
        files.write("s1", paths.get(1), bytes("3"), "write", opener);
        assertThat(opener.opened).as("s1 was closed to make room, and is opened again").hasSize(SysctlFiles.CAPACITY + 2);
    }

    @Test
    void afterCloseNothingIsOpened() throws IOException {
        String p = file("ip_forward", "0");
        files.write("k", p, bytes("1"), "write k", opener);
        files.close();
        assertThatThrownBy(() -> files.write("k", p, bytes("0"), "write k", opener)).isInstanceOf(NamespaceClosedException.class);
        assertThatThrownBy(() -> files.read("k", p, "read k", opener)).isInstanceOf(NamespaceClosedException.class);
        assertThat(opener.opened).hasSize(1);
        assertThat(Files.readString(Path.of(p))).isEqualTo("1");
    }
}
