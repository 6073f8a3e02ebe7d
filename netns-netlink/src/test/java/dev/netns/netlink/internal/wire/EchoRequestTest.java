package dev.netns.netlink.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The NLM_F_ECHO variants of the link-creating requests differ from the plain ones only in that flag. */
class EchoRequestTest {
    private static final int SEQ = 9;

    private static int flags(ByteBuffer b) {
        return b.duplicate().order(ByteOrder.nativeOrder()).getShort(6) & 0xffff;
    }

    private static ByteBuffer withoutFlags(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining()).order(ByteOrder.nativeOrder());
        c.put(b.duplicate()).flip();
        c.putShort(6, (short) 0);
        return c;
    }

    @Test
    void vethWithEchoAddsOnlyTheEchoFlag() {
        ByteBuffer plain = LinkMessages.newVeth("vh0", -1, "eth0", 7).finish(SEQ);
        ByteBuffer echo = LinkMessages.newVeth("vh0", -1, "eth0", 7, true).finish(SEQ);
        assertThat(flags(plain)).isEqualTo(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL);
        assertThat(flags(echo)).isEqualTo(flags(plain) | Netlink.NLM_F_ECHO);
        assertThat(withoutFlags(echo)).isEqualTo(withoutFlags(plain));
        assertThat(LinkMessages.newVeth("vh0", -1, "eth0", 7, false).finish(SEQ)).isEqualTo(plain);
    }

    @Test
    void linkWithEchoAddsOnlyTheEchoFlag() {
        ByteBuffer plain = LinkMessages.newLink("br0", "bridge").finish(SEQ);
        ByteBuffer echo = LinkMessages.newLink("br0", "bridge", true).finish(SEQ);
        assertThat(flags(echo)).isEqualTo(flags(plain) | Netlink.NLM_F_ECHO);
        assertThat(withoutFlags(echo)).isEqualTo(withoutFlags(plain));
    }
}
