package dev.netns.netlink.internal;

import static dev.netns.netlink.internal.wire.Wire.msg;
import static dev.netns.netlink.internal.wire.Wire.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.AlreadyExistsException;
import dev.netns.KernelException;
import dev.netns.MalformedReplyException;
import dev.netns.NamespaceClosedException;
import dev.netns.NotFoundException;
import dev.netns.NotSupportedException;
import dev.netns.PermissionDeniedException;
import dev.netns.netlink.internal.wire.LinkMessages;
import dev.netns.netlink.internal.wire.Netlink;
import dev.netns.netlink.internal.wire.NlMessage;
import dev.netns.netlink.internal.wire.RtNetlink;
import dev.netns.netlink.internal.wire.Wire;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Request/ack and dumps over a scripted transport: no socket, no root, no native code. */
class RtnlConnectionTest {
    private static final int MULTI = Netlink.NLM_F_MULTI;
    private static final int INTR = Netlink.NLM_F_DUMP_INTR;

    /**
     * Answers each send with the datagrams a script builds from the sequence number read from the
     * bytes it was sent. Like the real socket, every datagram is handed out in one reused buffer,
     * overwritten by the next receive, so a decoder that keeps a view into it fails the tests.
     */
    static final class FakeTransport implements NetlinkTransport {
        final List<byte[]> sent = new ArrayList<>();
        final Deque<IntFunction<List<ByteBuffer>>> script = new ArrayDeque<>();
        final Deque<ByteBuffer> pending = new ArrayDeque<>();
        final ByteBuffer reused = ByteBuffer.allocate(65536).order(ByteOrder.nativeOrder());
        int closes;

        FakeTransport then(IntFunction<List<ByteBuffer>> answer) {
            script.add(answer);
            return this;
        }

        @Override
        public void send(ByteBuffer message) {
            byte[] b = Wire.bytesOf(message);
            sent.add(b);
            ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
            assertThat(h.getInt(0)).as("nlmsg_len of the sent message").isEqualTo(b.length);
            assertThat(h.getShort(6) & Netlink.NLM_F_REQUEST).as("NLM_F_REQUEST").isNotZero();
            if (script.isEmpty()) {
                throw new AssertionError("unexpected request " + Wire.hex(b));
            }
            pending.addAll(script.removeFirst().apply(h.getInt(8)));
        }

        /** Datagrams read with a peek at their length ({@link #receive}) and without ({@link #receiveCapped}). */
        int sized;
        int capped;
        /** The buffer {@link #receiveCapped} reads into, as the real socket's: a longer datagram is lost. */
        int cappedCapacity = 65536;
        /** Whether the buffer grows to a datagram it lost, as the real socket's does. */
        boolean grows = true;

        @Override
        public ByteBuffer receive() {
            sized++;
            return next();
        }

        @Override
        public ByteBuffer receiveCapped() {
            capped++;
            if (!pending.isEmpty() && pending.peekFirst().remaining() > cappedCapacity) {
                ByteBuffer lost = pending.removeFirst();
                int capacity = cappedCapacity;
                if (grows) {
                    cappedCapacity = lost.remaining();
                }
                throw new TruncatedDatagramException(lost.remaining(), capacity,
                        lost.order(ByteOrder.nativeOrder()).getInt(lost.position() + 8));
            }
            return next();
        }

        private ByteBuffer next() {
            if (pending.isEmpty()) {
                throw new AssertionError("the connection waits for a datagram the script does not have");
            }
            byte[] next = Wire.bytesOf(pending.removeFirst());
            reused.clear();
            Arrays.fill(reused.array(), (byte) 0xEE);
            reused.put(next).flip();
            return reused;
        }

        @Override
        public void close() {
            closes++;
        }

        int seqOf(int request) {
            return ByteBuffer.wrap(sent.get(request)).order(ByteOrder.nativeOrder()).getInt(8);
        }

        int flagsOf(int request) {
            return ByteBuffer.wrap(sent.get(request)).order(ByteOrder.nativeOrder()).getShort(6) & 0xffff;
        }
    }

    private final FakeTransport transport = new FakeTransport();
    private final RtnlConnection conn = new RtnlConnection(transport, () -> "in namespace red");

    static byte[] ack(int seq) {
        return error(seq, 0, null);
    }

    /** NLMSG_ERROR as netlink_ack writes it, capped, with NLMSGERR_ATTR_MSG when text is given. */
    static byte[] error(int seq, int errno, String text) {
        Wire p = w().u32(-errno).u32(32).u16(RtNetlink.RTM_NEWLINK).u16(5).u32(seq).u32(4242);
        int flags = Netlink.NLM_F_CAPPED;
        if (text != null) {
            p.attrStr(Netlink.NLMSGERR_ATTR_MSG, text);
            flags |= Netlink.NLM_F_ACK_TLVS;
        }
        return msg(Netlink.NLMSG_ERROR, flags, seq, p.bytes());
    }

    static byte[] link(int seq, int flags, int index, String name) {
        return msg(RtNetlink.RTM_NEWLINK, flags, seq, w().u8(0).u8(0).u16(1).u32(index).u32(1).u32(0)
                .attrStr(3, name).attrU32(4, 1500).bytes());
    }

    static byte[] done(int seq, int flags) {
        return msg(Netlink.NLMSG_DONE, MULTI | flags, seq, w().u32(0).bytes());
    }

    static List<ByteBuffer> datagrams(byte[]... each) {
        return Arrays.stream(each).map(Wire::datagram).collect(Collectors.toList());
    }

    private static List<String> names(List<NlMessage> messages) {
        return messages.stream().map(m -> LinkMessages.decode(m).name()).collect(Collectors.toList());
    }

    // ---- request / ack ----

    @Test
    void requestIsAcknowledgedUnderItsOwnSequenceNumber() {
        transport.then(seq -> datagrams(ack(seq)));
        assertThat(conn.request(LinkMessages.setUp(3, true), "set link 3 up")).isEmpty();
        assertThat(transport.sent).hasSize(1);
        assertThat(transport.flagsOf(0) & Netlink.NLM_F_ACK).isNotZero();
        assertThat(transport.seqOf(0)).isPositive();
    }

    @Test
    void requestsAndDumpsAreCallerActivityWhileInFlightAndAfterEvenWhenTheyFail() {
        long hour = java.util.concurrent.TimeUnit.HOURS.toNanos(1);
        CallerActivity activity = new CallerActivity();
        RtnlConnection watched = new RtnlConnection(transport, () -> "in namespace red", activity);
        List<Long> duringSend = new ArrayList<>();
        transport.then(seq -> {
            duringSend.add(activity.remaining(hour));
            return datagrams(ack(seq));
        });
        watched.request(LinkMessages.setUp(3, true), "set link 3 up");
        transport.then(seq -> {
            duringSend.add(activity.remaining(hour));
            return datagrams(link(seq, MULTI, 1, "lo"), done(seq, 0));
        });
        watched.dump(LinkMessages::dump, "list links");
        transport.then(seq -> datagrams(error(seq, 17, null)));
        assertThatThrownBy(() -> watched.request(LinkMessages.setUp(3, true), "set link 3 up"))
                .isInstanceOf(KernelException.class);
        assertThat(duringSend).as("while in flight: never quiet").containsExactly(hour, hour);
        assertThat(activity.remaining(hour)).as("after the failed request: answered just now")
                .isBetween(hour - java.util.concurrent.TimeUnit.MINUTES.toNanos(1), hour - 1);
        assertThat(new CallerActivity().remaining(hour)).isZero();
    }

    // ---- receiving without a peek at the length ----

    @Test
    void requestsReadTheirRepliesWithoutAPeekAndDumpsWithOne() {
        transport.then(seq -> datagrams(ack(seq)));
        conn.request(LinkMessages.setUp(3, true), "set link 3 up");
        transport.then(seq -> datagrams(link(seq, 0, 7, "veth-red"), ack(seq)));
        conn.request(LinkMessages.get(7, null), "get link 7");
        assertThat(transport.capped).isEqualTo(3);
        assertThat(transport.sized).isZero();
        transport.then(seq -> datagrams(link(seq, MULTI, 1, "lo"), done(seq, 0)));
        conn.dump(LinkMessages::dump, "list links");
        assertThat(transport.sized).as("a dump cannot be asked for again half way: its datagrams are never lost")
                .isEqualTo(2);
        assertThat(transport.capped).isEqualTo(3);
    }

    @Test
    void aGetWhoseReplyDidNotFitIsSentAgainAndAnswered() {
        transport.cappedCapacity = 54; // an ack (36 bytes) and an error with its text (52) fit; a link (56 and more) does not
        transport.then(seq -> datagrams(link(seq, 0, 7, "veth-red"), ack(seq)))
                .then(seq -> datagrams(link(seq, 0, 7, "veth-red"), ack(seq)));
        assertThat(names(conn.request(LinkMessages.get(7, null), "get link 7"))).containsExactly("veth-red");
        assertThat(transport.sent).hasSize(2);
        assertThat(transport.seqOf(1)).isEqualTo(transport.seqOf(0) + 1);
    }

    @Test
    void aGetWhoseReplyNeverFitsIsMalformedAfterThreeTries() {
        transport.cappedCapacity = 54;
        transport.grows = false; // as if the object grew as fast as the buffer
        for (int i = 0; i < RtnlConnection.MAX_REQUEST_ATTEMPTS; i++) {
            transport.then(seq -> datagrams(link(seq, 0, 7, "veth-red"), ack(seq)));
        }
        assertThatThrownBy(() -> conn.request(LinkMessages.get(7, null), "get link 7"))
                .isInstanceOf(MalformedReplyException.class).hasMessageContaining("did not fit");
        assertThat(transport.sent).hasSize(RtnlConnection.MAX_REQUEST_ATTEMPTS);
    }

    @Test
    void aLeftoverTooLargeForTheBufferIsSkipped() {
        transport.cappedCapacity = 54; // an ack (36 bytes) and an error with its text (52) fit; a link (56 and more) does not
        transport.then(seq -> datagrams(link(seq - 1, 0, 1, "a-leftover-of-an-abandoned-get"), ack(seq)));
        assertThat(conn.request(LinkMessages.setUp(3, true), "set link 3 up")).isEmpty();
        assertThat(transport.capped).isEqualTo(2);
    }

    @Test
    void anEchoTooLargeForTheBufferIsDoneWithoutAndTheAckStillCounts() {
        transport.cappedCapacity = 54; // an ack (36 bytes) and an error with its text (52) fit; a link (56 and more) does not
        transport.then(seq -> datagrams(link(seq, 0, 7, "veth-red"), ack(seq)));
        assertThat(conn.request(LinkMessages.newLink("veth-red", "dummy", true), "create veth-red")).isEmpty();
        transport.then(seq -> datagrams(link(seq, 0, 7, "veth-red"), error(seq, 17, "File exists")));
        assertThatThrownBy(() -> conn.request(LinkMessages.newLink("veth-red", "dummy", true), "create veth-red"))
                .isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    void anOwnReplyTooLargeForTheBufferWithoutAnEchoIsMalformed() {
        transport.cappedCapacity = 54; // an ack (36 bytes) and an error with its text (52) fit; a link (56 and more) does not
        transport.then(seq -> datagrams(link(seq, 0, 7, "veth-red"), ack(seq)));
        assertThatThrownBy(() -> conn.request(LinkMessages.setUp(7, true), "set link 7 up"))
                .isInstanceOf(MalformedReplyException.class).hasMessageContaining("did not fit");
    }

    @Test
    void sequenceNumbersIncrease() {
        transport.then(seq -> datagrams(ack(seq))).then(seq -> datagrams(ack(seq)));
        conn.request(LinkMessages.setUp(3, true), "set link 3 up");
        conn.request(LinkMessages.setUp(3, false), "set link 3 down");
        assertThat(transport.seqOf(1)).isEqualTo(transport.seqOf(0) + 1);
    }

    @Test
    void messagesBeforeTheAckAreReturnedAndSurviveBufferReuse() {
        transport.then(seq -> datagrams(link(seq, 0, 7, "veth-red"), ack(seq)));
        List<NlMessage> replies = conn.request(LinkMessages.get(7, null), "get link 7");
        assertThat(names(replies)).containsExactly("veth-red");
    }

    @Test
    void staleRepliesWithAnOlderSequenceAreSkipped() {
        // Leftovers of an abandoned earlier request: an error and an ack, in their own datagram
        // and in front of ours in the same datagram.
        transport.then(seq -> List.of(
                Wire.datagram(error(seq - 1, 17, "File exists"), link(seq - 1, 0, 1, "old")),
                Wire.datagram(ack(seq - 2), link(seq, 0, 9, "new"), ack(seq))));
        assertThat(names(conn.request(LinkMessages.get(9, null), "get link 9"))).containsExactly("new");
    }

    @Test
    void aReplyWithANewerSequenceIsMalformed() {
        transport.then(seq -> datagrams(ack(seq + 1)));
        assertThatThrownBy(() -> conn.request(LinkMessages.setUp(3, true), "set link 3 up"))
                .isExactlyInstanceOf(MalformedReplyException.class).hasMessageContaining("sequence");
    }

    @Test
    void malformedDatagramIsTyped() {
        transport.then(seq -> List.of(Wire.datagram(w().u32(8).u16(2).u16(0).u32(seq).u32(0).bytes())));
        assertThatThrownBy(() -> conn.request(LinkMessages.setUp(3, true), "set link 3 up"))
                .isExactlyInstanceOf(MalformedReplyException.class);
        transport.then(seq -> datagrams(msg(Netlink.NLMSG_ERROR, 0, seq, new byte[2])));
        assertThatThrownBy(() -> conn.request(LinkMessages.setUp(3, true), "set link 3 up"))
                .isExactlyInstanceOf(MalformedReplyException.class);
    }

    @Test
    void eexistIsAlreadyExistsWithTheKernelText() {
        transport.then(seq -> datagrams(error(seq, 17, "File exists")));
        assertThatThrownBy(() -> conn.request(LinkMessages.newLink("br0", "bridge"), "create bridge br0"))
                .isExactlyInstanceOf(AlreadyExistsException.class)
                .hasMessage("cannot create bridge br0 in namespace red: EEXIST (kernel: File exists). It already exists")
                .satisfies(e -> {
                    KernelException k = (KernelException) e;
                    assertThat(k.errno()).isEqualTo(17);
                    assertThat(k.errnoName()).isEqualTo("EEXIST");
                    assertThat(k.operation()).isEqualTo("create bridge br0 in namespace red");
                    assertThat(k.kernelMessage()).contains("File exists");
                });
    }

    @Test
    void enodevIsNotFound() {
        transport.then(seq -> datagrams(error(seq, 19, null)));
        assertThatThrownBy(() -> conn.request(LinkMessages.setUp(42, true), "set link 42 up"))
                .isExactlyInstanceOf(NotFoundException.class)
                .hasMessageContaining("ENODEV").hasMessageContaining("set link 42 up in namespace red")
                .satisfies(e -> assertThat(((KernelException) e).kernelMessage()).isEmpty());
    }

    @Test
    void epermIsPermissionDeniedNamingRootAndCapNetAdmin() {
        transport.then(seq -> datagrams(error(seq, 1, null)));
        assertThatThrownBy(() -> conn.request(LinkMessages.newLink("br0", "bridge"), "create bridge br0"))
                .isExactlyInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("EPERM").hasMessageContaining("root").hasMessageContaining("CAP_NET_ADMIN");
    }

    @Test
    void eopnotsuppIsNotSupportedWithTheKernelText() {
        transport.then(seq -> datagrams(error(seq, 95, "Unknown device type")));
        assertThatThrownBy(() -> conn.request(LinkMessages.newLink("x0", "wireguard"), "create wireguard x0"))
                .isExactlyInstanceOf(NotSupportedException.class)
                .hasMessageContaining("EOPNOTSUPP").hasMessageContaining("(kernel: Unknown device type)");
    }

    @Test
    void otherErrnosAreAPlainKernelExceptionWithTheErrnoName() {
        transport.then(seq -> datagrams(error(seq, 16, "Device or resource busy")));
        assertThatThrownBy(() -> conn.request(LinkMessages.delete(3), "delete link 3"))
                .isExactlyInstanceOf(KernelException.class)
                .hasMessage("cannot delete link 3 in namespace red: EBUSY (kernel: Device or resource busy)");
        transport.then(seq -> datagrams(error(seq, 200, null)));
        assertThatThrownBy(() -> conn.request(LinkMessages.delete(3), "delete link 3"))
                .isExactlyInstanceOf(KernelException.class).hasMessageContaining("errno 200");
    }

    @Test
    void uncappedErrorWithTheFullEchoedRequest() {
        transport.then(seq -> {
            byte[] req = transport.sent.get(transport.sent.size() - 1);
            byte[] payload = w().u32(-22).raw(req).attrStr(Netlink.NLMSGERR_ATTR_MSG, "Invalid MTU").bytes();
            return datagrams(msg(Netlink.NLMSG_ERROR, Netlink.NLM_F_ACK_TLVS, seq, payload));
        });
        assertThatThrownBy(() -> conn.request(LinkMessages.setU32(3, 4, 10), "set mtu of link 3"))
                .isExactlyInstanceOf(KernelException.class)
                .hasMessageContaining("EINVAL (kernel: Invalid MTU)");
    }

    @Test
    void closedConnectionRefusesAndClosesTheTransportOnce() {
        conn.close();
        conn.close();
        assertThat(transport.closes).isEqualTo(1);
        assertThatThrownBy(() -> conn.request(LinkMessages.setUp(3, true), "set link 3 up"))
                .isExactlyInstanceOf(NamespaceClosedException.class).hasMessageContaining("in namespace red");
        assertThatThrownBy(() -> conn.dump(LinkMessages::dump, "list links"))
                .isExactlyInstanceOf(NamespaceClosedException.class);
        assertThat(transport.sent).isEmpty();
    }

    // ---- dumps ----

    @Test
    void dumpSplitAcrossDatagramsEndsWithDone() {
        transport.then(seq -> List.of(
                Wire.datagram(link(seq, MULTI, 1, "lo"), link(seq, MULTI, 2, "eth0")),
                Wire.datagram(link(seq, MULTI, 3, "veth-red")),
                Wire.datagram(link(seq, MULTI, 4, "br0"), done(seq, 0))));
        List<NlMessage> all = conn.dump(LinkMessages::dump, "list links");
        assertThat(names(all)).containsExactly("lo", "eth0", "veth-red", "br0");
        assertThat(transport.flagsOf(0) & Netlink.NLM_F_DUMP).isEqualTo(Netlink.NLM_F_DUMP);
        assertThat(transport.pending).isEmpty();
    }

    @Test
    void doneInItsOwnDatagramAndStaleMessagesInBetween() {
        transport.then(seq -> List.of(
                Wire.datagram(done(seq - 1, 0), link(seq, MULTI, 1, "lo")),
                Wire.datagram(ack(seq - 3)),
                Wire.datagram(done(seq, 0))));
        assertThat(names(conn.dump(LinkMessages::dump, "list links"))).containsExactly("lo");
    }

    @Test
    void emptyDump() {
        transport.then(seq -> datagrams(done(seq, 0)));
        assertThat(conn.dump(LinkMessages::dump, "list links")).isEmpty();
    }

    @Test
    void dumpEndedByAnAck() {
        transport.then(seq -> datagrams(link(seq, MULTI, 1, "lo"), ack(seq)));
        assertThat(names(conn.dump(LinkMessages::dump, "list links"))).containsExactly("lo");
    }

    @Test
    void dumpFailingInDoneOrError() {
        transport.then(seq -> datagrams(msg(Netlink.NLMSG_DONE, MULTI | Netlink.NLM_F_ACK_TLVS, seq,
                w().u32(-90).attrStr(Netlink.NLMSGERR_ATTR_MSG, "dump too big").bytes())));
        assertThatThrownBy(() -> conn.dump(LinkMessages::dump, "list links"))
                .isExactlyInstanceOf(KernelException.class)
                .hasMessage("cannot list links in namespace red: EMSGSIZE (kernel: dump too big)");
        transport.then(seq -> datagrams(error(seq, 1, null)));
        assertThatThrownBy(() -> conn.dump(LinkMessages::dump, "list links"))
                .isExactlyInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void dumpWithANewerSequenceIsMalformed() {
        transport.then(seq -> datagrams(link(seq, MULTI, 1, "lo"), done(seq + 5, 0)));
        assertThatThrownBy(() -> conn.dump(LinkMessages::dump, "list links"))
                .isExactlyInstanceOf(MalformedReplyException.class);
    }

    @Test
    void interruptedDumpIsRetriedUntilClean() {
        AtomicInteger built = new AtomicInteger();
        // First attempt: a message flagged; second: only the DONE flagged; third: clean.
        transport.then(seq -> List.of(Wire.datagram(link(seq, MULTI | INTR, 1, "first")), Wire.datagram(done(seq, 0))))
                .then(seq -> datagrams(link(seq, MULTI, 1, "second"), done(seq, INTR)))
                .then(seq -> List.of(Wire.datagram(link(seq, MULTI, 1, "third"), link(seq, MULTI, 2, "eth0")),
                        Wire.datagram(done(seq, 0))));
        List<NlMessage> all = conn.dump(() -> {
            built.incrementAndGet();
            return LinkMessages.dump();
        }, "list links");
        assertThat(names(all)).containsExactly("third", "eth0");
        assertThat(built).hasValue(3);
        assertThat(transport.sent).hasSize(3);
        assertThat(transport.seqOf(1)).isEqualTo(transport.seqOf(0) + 1);
        assertThat(transport.seqOf(2)).isEqualTo(transport.seqOf(1) + 1);
    }

    @Test
    void dumpInterruptedEveryTimeGivesEintr() {
        for (int i = 0; i < RtnlConnection.MAX_DUMP_ATTEMPTS; i++) {
            transport.then(seq -> datagrams(link(seq, MULTI | INTR, 1, "lo"), done(seq, INTR)));
        }
        assertThatThrownBy(() -> conn.dump(LinkMessages::dump, "list links"))
                .isExactlyInstanceOf(KernelException.class)
                .hasMessageContaining("list links in namespace red").hasMessageContaining("EINTR")
                .hasMessageContaining("NLM_F_DUMP_INTR")
                .satisfies(e -> {
                    assertThat(((KernelException) e).errno()).isEqualTo(4);
                    assertThat(((KernelException) e).errnoName()).isEqualTo("EINTR");
                });
        assertThat(transport.sent).hasSize(RtnlConnection.MAX_DUMP_ATTEMPTS);
        assertThat(transport.script).isEmpty();
    }

    @Test
    void afterAFailedRequestTheNextOneSkipsItsLeftovers() {
        // The first request fails on a malformed reply before its ack arrives; the ack turns up in
        // front of the second request's reply and must be skipped as stale.
        AtomicInteger firstSeq = new AtomicInteger();
        transport.then(seq -> {
            firstSeq.set(seq);
            return List.of(Wire.datagram(w().u32(3).zeros(12).bytes()));
        }).then(seq -> datagrams(ack(firstSeq.get()), link(seq, 0, 5, "mine"), ack(seq)));
        assertThatThrownBy(() -> conn.request(LinkMessages.get(5, null), "get link 5"))
                .isExactlyInstanceOf(MalformedReplyException.class);
        assertThat(names(conn.request(LinkMessages.get(5, null), "get link 5"))).containsExactly("mine");
    }
}
