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
     * @param operation for the error message, without the namespace ("create bridge br0")
     * @return the messages the kernel sent before the ack (with NLM_F_ECHO: the created object, unless
     *     it was larger than the socket's buffer, which grows for the next time)
     */
    List<NlMessage> request(MessageBuilder message, String operation) {
        begin();
        lock.lock();
        try {
            checkOpen(operation);
            int s = nextSeq();
            boolean capped = capped(message);
            boolean echo = (message.flags() & Netlink.NLM_F_ECHO) != 0;
            socket.send(message.finish(s));
            List<NlMessage> replies = new ArrayList<>(1);
            while (true) {
                ByteBuffer datagram;
                if (capped) {
                    try {
                        datagram = socket.receiveCapped();
                    } catch (TruncatedDatagramException lost) {
                        if (lost.seq() == s && !echo) {
                            throw lost; // an ack that did not fit: not a reply the kernel makes
                        }
                        // A leftover, or the echo, which the caller does without (as on a kernel
                        // that sends none); the ack comes next.
                        continue;
                    }
                } else {
                    datagram = socket.receive();
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
                        return replies;
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

    /**
     * Whether {@code message}'s replies are received without a peek at their length: all but a
     * GET's (rtnetlink's kinds are the type's two low bits, 2 for GET, as in the kernel's
     * {@code rtnl_msgtype_kind}; dumps are GETs too), whose reply is the answer and must not be
     * lost. The others are the ack, which always fits, and with NLM_F_ECHO a copy of the object,
     * which the callers do without when the kernel sends none.
     */
    static boolean capped(MessageBuilder message) {
        return (message.type() & 3) != 2;
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
