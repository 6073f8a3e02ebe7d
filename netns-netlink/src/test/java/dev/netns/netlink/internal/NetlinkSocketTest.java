package dev.netns.netlink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.netlink.internal.wire.LinkMessages;
import dev.netns.netlink.internal.wire.NlMessage;
import org.junit.jupiter.api.Test;

/**
 * The real socket's receive without a peek, against the kernel: it only reads the loopback link of
 * the test's own namespace, which needs no privilege and changes nothing.
 */
class NetlinkSocketTest {

    @Test
    void aDatagramLargerThanTheBufferIsReportedWithItsSequenceAndTheBufferGrowsToIt() {
        try (NetlinkSocket socket = NetlinkSocket.open()) {
            socket.receiveBufferForTest(48); // an ack (36 bytes) fits, a link message does not
            socket.send(LinkMessages.get(1, null).finish(7001));
            assertThatThrownBy(socket::receiveCapped).isInstanceOfSatisfying(TruncatedDatagramException.class,
                    t -> assertThat(t.seq()).isEqualTo(7001));
            assertThat(socket.receiveBufferCapacity()).isGreaterThan(48);
            NlMessage ack = NlMessage.parseAll(socket.receiveCapped()).get(0);
            assertThat(ack.isError()).isTrue();
            assertThat(ack.seq()).isEqualTo(7001);

            socket.send(LinkMessages.get(1, null).finish(7002));
            NlMessage link = NlMessage.parseAll(socket.receiveCapped()).get(0);
            assertThat(link.seq()).isEqualTo(7002);
            assertThat(LinkMessages.decode(link).name()).isEqualTo("lo");
        }
    }
}
