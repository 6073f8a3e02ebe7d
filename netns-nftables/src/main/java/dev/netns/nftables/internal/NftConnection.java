package dev.netns.nftables.internal;

import dev.netns.KernelException;
import dev.netns.MalformedReplyException;
import dev.netns.NamespaceClosedException;
import dev.netns.netlink.internal.Errors;
import dev.netns.netlink.internal.NetlinkTransport;
import dev.netns.netlink.internal.libc.Errno;
import dev.netns.netlink.internal.wire.MessageBuilder;
import dev.netns.netlink.internal.wire.Netlink;
import dev.netns.netlink.internal.wire.NlError;
import dev.netns.netlink.internal.wire.NlMessage;
import dev.netns.nftables.internal.wire.NftBatch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Transactions and dumps over one namespace's NETLINK_NETFILTER socket. A batch is sent as one
 * datagram and every message in it asks for an ack; the kernel answers each with its own ack or
 * error, and an error anywhere means the whole batch was rolled back, so the first error is the
 * answer. Safe for concurrent use; requests are serialised.
 */
final class NftConnection implements AutoCloseable {
    private static final int MAX_DUMP_ATTEMPTS = 5;

    private final NetlinkTransport socket;
    private final Supplier<String> where;
    private final ReentrantLock lock = new ReentrantLock();
    private int seq = (int) (System.nanoTime() & 0x3fff_ffff);
    private volatile boolean closed;

    NftConnection(NetlinkTransport socket, Supplier<String> where) {
        this.socket = socket;
        this.where = where;
    }

    /**
     * Commits {@code batch}: all of it, or (on any error) none of it.
     *
     * @param operation for the error message, without the namespace ("apply NAT rule ...")
     * @throws KernelException with the kernel's errno and extended-ack text
     */
    void commit(NftBatch batch, String operation) {
        if (batch.size() == 0) {
            return;
        }
        lock.lock();
        try {
            checkOpen(operation);
            int first = reserve(batch.size() + 2);
            socket.send(batch.finish(first));
            int last = first + batch.size() + 1;
            int acked = 0;
            while (acked < batch.size()) {
                for (NlMessage m : NlMessage.parseAll(socket.receive())) {
                    if (!inBatch(m, first, last) || !m.isError()) {
                        continue;
                    }
                    NlError err = NlError.fromError(m);
                    if (err.errno() != 0) {
                        int index = m.seq() - first - 1;
                        String which = batch.size() == 1 || index < 0 ? "" : " (message " + (index + 1) + " of "
                                + batch.size() + " in the batch)";
                        throw Errors.of(operation + " " + where.get() + which, err.errno(), err.message());
                    }
                    acked++;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends a request that the kernel answers with messages, not a dump (NFT_MSG_GETGEN).
     *
     * @return the reply messages before the ack or error
     */
    List<NlMessage> request(MessageBuilder message, String operation) {
        lock.lock();
        try {
            checkOpen(operation);
            int s = reserve(1);
            socket.send(message.finish(s));
            List<NlMessage> out = new ArrayList<>();
            while (true) {
                for (NlMessage m : NlMessage.parseAll(socket.receive())) {
                    if (!inBatch(m, s, s)) {
                        continue;
                    }
                    if (m.isError()) {
                        NlError err = NlError.fromError(m);
                        if (err.errno() != 0) {
                            throw Errors.of(operation + " " + where.get(), err.errno(), err.message());
                        }
                        return out;
                    }
                    out.add(copy(m));
                    if ((m.flags() & Netlink.NLM_F_MULTI) == 0) { // the one answer; no ack follows
                        return out;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Dumps (NLM_F_DUMP), retrying while the kernel marks the dump interrupted by a concurrent change.
     *
     * @return every message of the dump, copied
     */
    List<NlMessage> dump(Supplier<MessageBuilder> message, String operation) {
        for (int attempt = 1; attempt <= MAX_DUMP_ATTEMPTS; attempt++) {
            lock.lock();
            try {
                checkOpen(operation);
                int s = reserve(1);
                socket.send(message.get().finish(s));
                List<NlMessage> out = new ArrayList<>();
                boolean interrupted = false;
                boolean done = false;
                while (!done) {
                    for (NlMessage m : NlMessage.parseAll(socket.receive())) {
                        if (!inBatch(m, s, s)) {
                            continue;
                        }
                        interrupted |= m.dumpInterrupted();
                        if (m.isDone() || m.isError()) {
                            NlError err = m.isDone() ? NlError.fromDone(m) : NlError.fromError(m);
                            if (err.errno() != 0) {
                                throw Errors.of(operation + " " + where.get(), err.errno(), err.message());
                            }
                            done = true;
                            break;
                        }
                        out.add(copy(m));
                    }
                }
                if (!interrupted) {
                    return out;
                }
            } finally {
                lock.unlock();
            }
        }
        throw new KernelException(operation + " " + where.get(), Errno.EINTR, "EINTR", null,
                "The kernel reported the dump inconsistent (NLM_F_DUMP_INTR) " + MAX_DUMP_ATTEMPTS
                        + " times in a row: something keeps changing the ruleset; try again");
    }

    /**
     * @return whether {@code m} answers one of {@code first..last}; leftovers of an earlier
     *     exchange abandoned half way (older sequence numbers) are skipped
     */
    private static boolean inBatch(NlMessage m, int first, int last) {
        int offset = (m.seq() - first) & 0x7fff_ffff;
        int span = (last - first) & 0x7fff_ffff;
        if (offset <= span) {
            return true;
        }
        if (offset < 0x4000_0000) {
            throw new MalformedReplyException("netfilter reply with sequence " + m.seq() + " while waiting for "
                    + first + ".." + last);
        }
        return false;
    }

    /** @return the first of {@code count} consecutive sequence numbers */
    private int reserve(int count) {
        int first = (seq + 1) & 0x7fff_ffff;
        seq = (first + count - 1) & 0x7fff_ffff;
        return first;
    }

    private static NlMessage copy(NlMessage m) {
        // The receive buffer is reused by the next datagram.
        ByteBuffer p = ByteBuffer.allocate(m.payload().remaining()).order(ByteOrder.nativeOrder());
        p.put(m.payload().duplicate()).flip();
        return new NlMessage(m.type(), m.flags(), m.seq(), m.portId(), p);
    }

    private void checkOpen(String operation) {
        if (closed) {
            throw new NamespaceClosedException("cannot " + operation + " " + where.get()
                    + ": the packet filter's netlink socket is closed");
        }
    }

    boolean isClosed() {
        return closed;
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
}
