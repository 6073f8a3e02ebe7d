package dev.netns.netlink.internal;

import dev.netns.KernelException;
import dev.netns.MalformedReplyException;
import dev.netns.NamespaceClosedException;
import dev.netns.netlink.internal.libc.Errno;
import dev.netns.netlink.internal.wire.MessageBuilder;
import dev.netns.netlink.internal.wire.Netlink;
import dev.netns.netlink.internal.wire.NlError;
import dev.netns.netlink.internal.wire.NlMessage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Request/response over one namespace's rtnetlink socket: every request is acknowledged, sequence
 * numbers are checked, dumps are collected across datagrams and retried when the kernel marks them
 * inconsistent. Safe for concurrent use; requests are serialised.
 */
final class RtnlConnection implements AutoCloseable {
    static final int MAX_DUMP_ATTEMPTS = 5;
    /** A GET whose reply did not fit is sent again with the grown buffer, up to this many times in all. */
    static final int MAX_REQUEST_ATTEMPTS = 3;

    private final NetlinkTransport socket;
    private final Supplier<String> where;
    /** Told of every request and dump; null where the requests are the SDK's own background work. */
    private final CallerActivity activity;
    private final ReentrantLock lock = new ReentrantLock();
    private int seq = (int) (System.nanoTime() & 0x3fff_ffff);
    private volatile boolean closed;

    RtnlConnection(NetlinkTransport socket, Supplier<String> where) {
        this(socket, where, null);
    }

    /** @param activity told of every request and dump (see {@link CallerActivity}), or null */
    RtnlConnection(NetlinkTransport socket, Supplier<String> where, CallerActivity activity) {
        this.socket = socket;
        this.where = where;
        this.activity = activity;
    }

    /**
     * Sends a request with NLM_F_ACK and waits for the ack.
     *
     * <p>Its replies are read without a peek at their length, one system call per datagram where
     * a peek made two: the ack always fits the socket's buffer (the sockets ask for
     * NETLINK_CAP_ACK, so the kernel does not echo the request in it); a reply that does not fit
     * grows the buffer and is lost, and then a GET is sent again, and an NLM_F_ECHO copy of a
     * created object is done without, as on a kernel that sends none.
     *
     * @param operation for the error message, without the namespace ("create bridge br0")
     * @return the messages the kernel sent before the ack (with NLM_F_ECHO: the created object,
     *     unless it did not fit)
     */
    List<NlMessage> request(MessageBuilder message, String operation) {
        for (int attempt = 1; ; attempt++) {
            List<NlMessage> replies = requestOnce(message, operation, attempt);
            if (replies != null) {
                return replies;
            }
        }
    }

    /** @return the replies, or {@code null} when a GET's reply did not fit and it is to be sent again */
    private List<NlMessage> requestOnce(MessageBuilder message, String operation, int attempt) {
        begin();
        lock.lock();
        try {
            checkOpen(operation);
            int s = nextSeq();
            boolean get = (message.type() & 3) == 2; // rtnetlink's kind GET, as the kernel's rtnl_msgtype_kind
            boolean echo = (message.flags() & Netlink.NLM_F_ECHO) != 0;
            socket.send(message.finish(s));
            List<NlMessage> replies = new ArrayList<>(1);
            boolean lost = false;
            while (true) {
                ByteBuffer datagram;
                try {
                    datagram = socket.receiveCapped();
                } catch (TruncatedDatagramException t) {
                    if (t.seq() == s) {
                        if ((!get && !echo) || attempt >= MAX_REQUEST_ATTEMPTS) {
                            throw t; // an ack that did not fit, or a reply that outgrows the buffer each time
                        }
                        lost = true;
                    }
                    continue; // a leftover of an abandoned request, or ours: the ack comes next
                }
                for (NlMessage m : NlMessage.parseAll(datagram)) {
                    if (!isOurs(m, s)) {
                        continue;
                    }
                    if (m.isError()) {
                        NlError err = NlError.fromError(m);
                        if (err.errno() != 0) {
                            throw Errors.of(operation + " " + where.get(), err.errno(), err.message());
                        }
                        return lost && get ? null : replies;
                    }
                    replies.add(copy(m));
                }
            }
        } finally {
            lock.unlock();
            end();
        }
    }

    /**
     * Dumps a table. Retries when the kernel flags the dump as interrupted by concurrent changes.
     *
     * @return every message of the dump, copied
     */
    List<NlMessage> dump(Supplier<MessageBuilder> message, String operation) {
        for (int attempt = 1; attempt <= MAX_DUMP_ATTEMPTS; attempt++) {
            DumpResult r = dumpOnce(message.get(), operation);
            if (!r.interrupted) {
                return r.messages;
            }
        }
        throw new KernelException(operation + " " + where.get(), Errno.EINTR, "EINTR", null,
                "The kernel reported the dump inconsistent (NLM_F_DUMP_INTR) " + MAX_DUMP_ATTEMPTS
                        + " times in a row: something keeps changing it; try again");
    }

    private DumpResult dumpOnce(MessageBuilder message, String operation) {
        begin();
        lock.lock();
        try {
            checkOpen(operation);
            int s = nextSeq();
            socket.send(message.finish(s));
            List<NlMessage> out = new ArrayList<>();
            boolean interrupted = false;
            while (true) {
                for (NlMessage m : NlMessage.parseAll(socket.receive())) {
                    if (!isOurs(m, s)) {
                        continue;
                    }
                    interrupted |= m.dumpInterrupted();
                    if (m.isDone()) {
                        NlError err = NlError.fromDone(m);
                        if (err.errno() != 0) {
                            throw Errors.of(operation + " " + where.get(), err.errno(), err.message());
                        }
                        return new DumpResult(out, interrupted);
                    }
                    if (m.isError()) {
                        NlError err = NlError.fromError(m);
                        if (err.errno() != 0) {
                            throw Errors.of(operation + " " + where.get(), err.errno(), err.message());
                        }
                        // An ack inside a dump ends it on kernels that ack dumps.
                        return new DumpResult(out, interrupted);
                    }
                    out.add(copy(m));
                }
            }
        } finally {
            lock.unlock();
            end();
        }
    }

    private void begin() {
        if (activity != null) {
            activity.begin();
        }
    }

    private void end() {
        if (activity != null) {
            activity.end();
        }
    }

    private boolean isOurs(NlMessage m, int s) {
        if (m.seq() == s) {
            return true;
        }
        // A leftover of an earlier request that was abandoned half way (an exception thrown
        // between send and ack): older sequence numbers are skipped, newer ones cannot exist.
        // Compared modulo 2^31, so the wrap from 0x7fffffff to 0 keeps "older" older.
        int ahead = (m.seq() - s) & 0x7fff_ffff;
        if (ahead != 0 && ahead < 0x4000_0000) {
            throw new MalformedReplyException("netlink reply with sequence " + m.seq() + " while waiting for " + s);
        }
        return false;
    }

    private static NlMessage copy(NlMessage m) {
        // The receive buffer is reused by the next datagram.
        ByteBuffer p = ByteBuffer.allocate(m.payload().remaining()).order(ByteOrder.nativeOrder());
        p.put(m.payload().duplicate()).flip();
        return new NlMessage(m.type(), m.flags(), m.seq(), m.portId(), p);
    }

    private int nextSeq() {
        seq = (seq + 1) & 0x7fff_ffff;
        return seq;
    }

    private void checkOpen(String operation) {
        if (closed) {
            throw new NamespaceClosedException("cannot " + operation + " " + where.get() + ": the namespace handle is closed");
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                socket.close();
            }
        } finally {
            lock.unlock();
        }
    }

    private record DumpResult(List<NlMessage> messages, boolean interrupted) {
    }
}
