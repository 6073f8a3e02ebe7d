package dev.netns.netlink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Liveness as the cleaner sees it: pid and start time, so that a reused pid is not taken for its creator. */
class NamespaceOwnersTest {

    @Test
    void thisProcessIsAliveAndItsRecordIsItsOwn() {
        long pid = ProcessHandle.current().pid();
        long start = NamespaceOwners.startedAt(pid).orElseThrow();
        NamespaceOwners.Owner self = new NamespaceOwners.Owner(pid, start, bootId(), "1:2");
        assertThat(self.alive()).isTrue();
        assertThat(self.isThisProcess()).isTrue();
    }

    @Test
    void aReusedPidWithAnotherStartTimeIsDead() {
        long pid = ProcessHandle.current().pid();
        long start = NamespaceOwners.startedAt(pid).orElseThrow();
        assertThat(new NamespaceOwners.Owner(pid, start + 1, bootId(), "1:2").alive()).isFalse();
        assertThat(new NamespaceOwners.Owner(pid, start, "another-boot", "1:2").alive()).isFalse();
    }

    @Test
    void anEndedProcessIsDead() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        long pid = p.pid();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(NamespaceOwners.startedAt(pid)).isEmpty();
        assertThat(new NamespaceOwners.Owner(pid, 1, bootId(), "1:2").alive()).isFalse();
    }

    @Test
    void aCommandWithSpacesAndParenthesesDoesNotShiftTheFields() throws IOException, InterruptedException {
        // field 2 of /proc/PID/stat is "(comm)", the executable's name: "x) 1 (2" must not move field 22
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("owners");
        java.nio.file.Path odd = java.nio.file.Files.createSymbolicLink(dir.resolve("x) 1 (2"), java.nio.file.Path.of("/bin/sleep"));
        Process p = new ProcessBuilder(odd.toString(), "5").start();
        try {
            long mine = NamespaceOwners.startedAt(ProcessHandle.current().pid()).orElseThrow();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(p.pid()), "stat")).contains("x) 1 (2")
                    && System.nanoTime() < deadline) {
                Thread.sleep(10); // until the exec is done
            }
            assertThat(NamespaceOwners.startedAt(p.pid()).orElseThrow()).isGreaterThanOrEqualTo(mine);
        } finally {
            p.destroyForcibly();
            p.waitFor();
            java.nio.file.Files.delete(odd);
            java.nio.file.Files.delete(dir);
        }
    }

    @Test
    void aRecordReadsBackAsThisProcessAndItsNamespace() {
        byte[] r = NamespaceOwners.format(new dev.netns.NamespaceId(4, 4026532999L));
        NamespaceOwners.Owner o = NamespaceOwners.parse(r, r.length).orElseThrow();
        assertThat(o.isThisProcess()).isTrue();
        assertThat(o.alive()).isTrue();
        assertThat(o.namespace()).isEqualTo("4:4026532999");
    }

    @Test
    void anythingElseInANamesFileIsNoRecord() {
        byte[] r = NamespaceOwners.format(new dev.netns.NamespaceId(4, 7));
        String good = new String(r, java.nio.charset.StandardCharsets.UTF_8);
        for (String other : new String[] {"", "\n", "pid=1\nstart=2\nboot=x\nnamespace=4:7\n", // no header: not ours
                good.replace("netns-owner 1", "netns-owner 2"), good.replace("pid=", "pid=x"),
                good.replace("start=", "start=-x"), good.substring(0, good.indexOf("namespace=")), "\0\0\0\0"}) {
            byte[] b = other.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(NamespaceOwners.parse(b, b.length)).as("%s", other).isEmpty();
        }
        // only what was read counts (a read shorter than the buffer)
        byte[] padded = java.util.Arrays.copyOf(r, 512);
        assertThat(NamespaceOwners.parse(padded, r.length)).isPresent();
        assertThat(NamespaceOwners.parse(padded, r.length / 2)).isEmpty();
    }

    @Test
    void mutatedRecordsNeverThrow() {
        java.util.Random random = new java.util.Random(7);
        byte[] r = NamespaceOwners.format(new dev.netns.NamespaceId(4, 7));
        for (int i = 0; i < 20_000; i++) {
            byte[] b = java.util.Arrays.copyOf(r, r.length);
            for (int k = random.nextInt(4) + 1; k > 0; k--) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            int len = random.nextInt(b.length + 1);
            // a mutated record may still parse (a digit for a digit), but never throws
            NamespaceOwners.parse(b, len);
        }
    }

    private static String bootId() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/random/boot_id")).strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
