package dev.netns.netlink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.NamespaceId;
import dev.netns.netlink.internal.libc.LibC;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link NetlinkNamespace#identify}: the /proc link's inode, with nsfs's device, is what stat says. */
class NamespaceIdentityTest {

    private static long parse(String link) {
        byte[] b = link.getBytes(StandardCharsets.US_ASCII);
        return NetlinkNamespace.parseLinkedInode(b, b.length);
    }

    @Test
    void readsTheInodeOfANetworkNamespaceLinkOnly() {
        assertThat(parse("net:[4026531840]")).isEqualTo(4026531840L);
        assertThat(parse("net:[0]")).isZero();
        assertThat(parse("mnt:[4026531840]")).isEqualTo(-1);
        assertThat(parse("net:[]")).isEqualTo(-1);
        assertThat(parse("net:[40265x1840]")).isEqualTo(-1);
        assertThat(parse("net:[4026531840")).as("truncated").isEqualTo(-1);
        assertThat(parse("/proc/self/ns/net")).isEqualTo(-1);
        assertThat(parse("net:[99999999999999999999]")).as("overflows a long").isEqualTo(-1);
        assertThat(NetlinkNamespace.parseLinkedInode(new byte[8], 0)).isEqualTo(-1);
    }

    @Test
    void agreesWithStatOnTheJvmsOwnNamespace() throws Exception {
        int fd = LibC.open("/proc/thread-self/ns/net", LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        try {
            Map<String, Object> a = Files.readAttributes(Path.of("/proc/" + ProcessHandle.current().pid() + "/fd/" + fd),
                    "unix:dev,ino");
            NamespaceId expected = new NamespaceId(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue());
            // The first call may learn nsfs's device by stat; the second reads the link.
            assertThat(NetlinkNamespace.identify(fd)).isEqualTo(expected);
            assertThat(NetlinkNamespace.identify(fd)).isEqualTo(expected);
            assertThat(NetlinkNamespace.linkedInode(fd)).isEqualTo(expected.inode());
        } finally {
            LibC.close(fd);
        }
    }
}
