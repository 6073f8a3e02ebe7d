package dev.netns.nftables.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.AlreadyExistsException;
import dev.netns.KernelException;
import dev.netns.netlink.internal.NetlinkTransport;
import dev.netns.netlink.internal.wire.Netlink;
import dev.netns.nftables.internal.wire.BaseChain;
import dev.netns.nftables.internal.wire.NftBatch;
import dev.netns.nftables.internal.wire.NftMessages;
import dev.netns.nftables.internal.wire.Netfilter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Batches over a scripted transport: each message's answer, the first error wins, no root. */
class NftConnectionTest {

    /** Answers a send with datagrams built from the batch's first sequence number. */
    static final class Scripted implements NetlinkTransport {
        final Deque<IntFunction<List<ByteBuffer>>> script = new ArrayDeque<>();
        final Deque<ByteBuffer> pending = new ArrayDeque<>();
        boolean closed;

        Scripted then(IntFunction<List<ByteBuffer>> answer) {
            script.add(answer);
            return this;
        }

        @Override
        public void send(ByteBuffer message) {
            pending.addAll(script.removeFirst().apply(message.order(ByteOrder.nativeOrder()).getInt(message.position() + 8)));
        }

        @Override
        public ByteBuffer receive() {
            if (pending.isEmpty()) {
                throw new AssertionError("the connection waits for a datagram the script does not have");
            }
            return pending.removeFirst();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** NLMSG_ERROR for {@code seq}: an ack when {@code errno} is 0, else an error with extended-ack text. */
    static ByteBuffer error(int seq, int errno, String text) {
        byte[] msg = text == null ? new byte[0] : (text + "\0").getBytes(StandardCharsets.UTF_8);
        int tlv = text == null ? 0 : (4 + msg.length + 3) & ~3;
        int len = 16 + 4 + 16 + tlv;
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.nativeOrder());
        b.putInt(len).putShort((short) Netlink.NLMSG_ERROR)
                .putShort((short) (Netlink.NLM_F_CAPPED | (text == null ? 0 : Netlink.NLM_F_ACK_TLVS)))
                .putInt(seq).putInt(0);
        b.putInt(-errno);
        b.putInt(16).putShort((short) 0).putShort((short) 0).putInt(seq).putInt(0); // the capped request header
        if (text != null) {
            b.putShort((short) (4 + msg.length)).putShort((short) Netlink.NLMSGERR_ATTR_MSG).put(msg);
        }
        return b.position(0).limit(len);
    }

    private static NftBatch threeMessages() {
        return new NftBatch().add(NftMessages.newTable(Netfilter.NFPROTO_INET, "netns", 0, null))
                .add(NftMessages.newChain(Netfilter.NFPROTO_INET, "netns", "input",
                        new BaseChain("filter", Netfilter.NF_INET_LOCAL_IN, 0, null)))
                .add(NftMessages.deleteChain(Netfilter.NFPROTO_INET, "netns", "x"));
    }

    @Test
    void aBatchIsDoneWhenEveryMessageIsAcked() {
        Scripted t = new Scripted().then(first -> List.of(error(first + 1, 0, null),
                concat(error(first + 2, 0, null), error(first + 3, 0, null))));
        try (NftConnection c = new NftConnection(t, () -> "in namespace red")) {
            c.commit(threeMessages(), "apply 3 rules");
            assertThat(t.pending).isEmpty();
        }
        assertThat(t.closed).isTrue();
    }

    @Test
    void theFirstErrorIsTheAnswerWithTheKernelsTextAndWhichMessage() {
        Scripted t = new Scripted().then(first -> List.of(error(first + 1, 0, null),
                error(first + 2, 17, "Chain already exists")));
        try (NftConnection c = new NftConnection(t, () -> "in namespace red")) {
            assertThatThrownBy(() -> c.commit(threeMessages(), "apply 3 rules"))
                    .isInstanceOf(AlreadyExistsException.class)
                    .hasMessageContaining("apply 3 rules in namespace red (message 2 of 3 in the batch)")
                    .hasMessageContaining("EEXIST").hasMessageContaining("kernel: Chain already exists");
        }
    }

    @Test
    void leftoversOfAnAbandonedExchangeAreSkipped() {
        Scripted t = new Scripted()
                .then(first -> List.of(error(first + 1, 22, "bad"))) // fails at its first message
                .then(first -> List.of(error(first - 2, 0, null), error(first + 1, 0, null), error(first + 2, 0, null),
                        error(first + 3, 0, null)));
        try (NftConnection c = new NftConnection(t, () -> "in namespace red")) {
            assertThatThrownBy(() -> c.commit(threeMessages(), "apply")).isInstanceOf(KernelException.class)
                    .hasMessageContaining("EINVAL");
            c.commit(threeMessages(), "apply again");
        }
    }

    private static ByteBuffer concat(ByteBuffer a, ByteBuffer b) {
        ByteBuffer out = ByteBuffer.allocate(a.remaining() + b.remaining()).order(ByteOrder.nativeOrder());
        return out.put(a.duplicate()).put(b.duplicate()).flip();
    }
}
