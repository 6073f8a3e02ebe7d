package dev.netns.nftables.internal.queue;

import dev.netns.MalformedReplyException;
import dev.netns.NetNamespace;
import dev.netns.NetnsException;
import dev.netns.netlink.internal.wire.NlError;
import dev.netns.netlink.internal.wire.NlMessage;
import dev.netns.nftables.internal.queue.wire.NfQueue;
import dev.netns.nftables.internal.queue.wire.NfqMessages;
import dev.netns.nftables.internal.queue.wire.NfqPacket;
import dev.netns.nftables.internal.wire.Netfilter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * Impairs the packets a namespace's firewall steers to nfnetlink_queue number N (an NFQUEUE
 * target), in userspace, for kernels without netem: each packet is dropped, or held and accepted
 * later, possibly with a flipped byte, as an {@link ImpairmentPolicy} decides.
 *
 * <p>Threading: the netlink socket is opened inside the namespace (on its worker, through
 * {@link NetNamespace#call}) and bound there; one SDK platform thread, started by the caller's
 * thread and never switching namespace, then reads packets and issues verdicts, in order of
 * release time, not arrival (that is how jitter and reordering happen).
 *
 * <p>Failure: the queue is configured fail-open, so when the engine falls behind and
 * {@code maxLength} packets wait, the kernel accepts new ones unimpaired instead of dropping them.
 * If the engine stops, its socket closes and the kernel forgets the queue; a steering rule with
 * {@code --queue-bypass} (NFQ_FLAG_BYPASS) then lets traffic through.
 *
 * <p>{@link #close()} accepts every held packet, unbinds, closes the socket and ends the thread:
 * nothing of the engine remains in the namespace. The steering rule is not the queue's business.
 * Close the queue before its namespace: its socket, like any socket, keeps the namespace alive.
 *
 * <p>Usage (the steering rule comes from the packet-filter backend, e.g. the compat target
 * {@code Expr.XtTarget.nfqueue(3, 1, NFQ_FLAG_BYPASS)} in an output chain):
 * <pre>{@code
 * ImpairmentPolicy p = ImpairmentPolicy.builder().delay(Duration.ofMillis(50)).loss(0.2).seed(42).build();
 * try (PacketQueue q = PacketQueue.open(ns, 3, p)) {
 *     ... traffic ...
 *     QueueStats s = q.stats();
 * }
 * }</pre>
 */
public final class PacketQueue implements AutoCloseable {
    /** Packets the kernel holds for the queue before failing open, unless told otherwise. */
    public static final int DEFAULT_MAX_LENGTH = 10_000;
    private static final int IDLE_POLL_MS = 20;
    private static final int BIND_TIMEOUT_MS = 5_000;
    private static final int BIND_SEQ = 1;
    private static final int UNBIND_SEQ = 2;
    private static final int DRAIN_BATCH = 256;
    private static final int VERDICT_DATAGRAM = 64 * 1024;

    private final int queueNum;
    private final QueueSocket socket;
    private final Impairer impairer;
    private final Thread reader;
    private final PriorityQueue<HeldPacket> held = new PriorityQueue<>();
    private final ByteBuffer verdicts = ByteBuffer.allocate(VERDICT_DATAGRAM).order(ByteOrder.nativeOrder());
    private final List<NfqPacket> earlyPackets;
    private long arrivals;
    private volatile boolean stopping;
    private volatile Throwable failure;
    private volatile long received;
    private volatile long accepted;
    private volatile long dropped;
    private volatile long corrupted;
    private volatile long reordered;
    private volatile long kernelErrors;
    private volatile long engineNanos;

    private PacketQueue(int queueNum, QueueSocket socket, ImpairmentPolicy policy, List<NfqPacket> earlyPackets,
            String namespace) {
        this.queueNum = queueNum;
        this.socket = socket;
        this.impairer = new Impairer(policy);
        this.earlyPackets = earlyPackets;
        this.reader = new Thread(this::run, "netns-nfqueue-" + queueNum + "-" + namespace);
        this.reader.setDaemon(true);
    }

    /** Opens queue {@code queueNum} in {@code ns} with {@link #DEFAULT_MAX_LENGTH}. */
    public static PacketQueue open(NetNamespace ns, int queueNum, ImpairmentPolicy policy) {
        return open(ns, queueNum, policy, DEFAULT_MAX_LENGTH);
    }

    /**
     * Binds queue {@code queueNum} in {@code ns} and starts impairing what arrives on it. Call it
     * from a thread outside every namespace other than the JVM's own: the reader thread starts
     * where its creator is.
     *
     * @param queueNum the NFQUEUE number the steering rule uses, 0..65535
     * @param maxLength packets the kernel holds before it accepts new ones unimpaired
     * @throws dev.netns.KernelException if the kernel refuses (EPERM: another socket has the queue)
     */
    public static PacketQueue open(NetNamespace ns, int queueNum, ImpairmentPolicy policy, int maxLength) {
        Objects.requireNonNull(ns, "ns");
        Objects.requireNonNull(policy, "policy");
        requireCallerInJvmNamespace();
        ByteBuffer bind = NfqMessages.bind(queueNum, NfqMessages.MAX_COPY_RANGE, maxLength,
                NfQueue.NFQA_CFG_F_FAIL_OPEN, NfQueue.NFQA_CFG_F_FAIL_OPEN | NfQueue.NFQA_CFG_F_GSO, BIND_SEQ);
        QueueSocket socket = ns.call(QueueSocket::open);
        List<NfqPacket> early;
        try {
            socket.send(bind);
            early = awaitBindAck(socket, queueNum);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
        PacketQueue q = new PacketQueue(queueNum, socket, policy, early,
                ns.name().orElse(ns.id().toString()));
        q.reader.start();
        return q;
    }

    /**
     * The reader thread starts in its creator's namespace, and a thread inside a namespace keeps it
     * alive: so the creator must be where the JVM started (not code running in {@code call}).
     */
    private static void requireCallerInJvmNamespace() {
        String jvm = netnsOf("/proc/self/ns/net");
        String caller = netnsOf("/proc/thread-self/ns/net");
        if (jvm != null && caller != null && !jvm.equals(caller)) {
            throw new IllegalStateException("open a PacketQueue from a thread in the JVM's own network namespace, not"
                    + " from code running inside one (" + caller + "): its reader thread would start, and stay, there");
        }
    }

    private static String netnsOf(String link) {
        try {
            return Files.readSymbolicLink(Path.of(link)).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null; // no /proc: nothing to compare, nothing to guard
        }
    }

    /** Waits for the bind's ack; packets that come first are kept for the reader. */
    private static List<NfqPacket> awaitBindAck(QueueSocket socket, int queueNum) {
        List<NfqPacket> early = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BIND_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            if (!socket.awaitReadable(IDLE_POLL_MS)) {
                continue;
            }
            ByteBuffer datagram = socket.receive();
            if (datagram == null) {
                continue;
            }
            for (NlMessage m : NlMessage.parseAll(datagram)) {
                if (m.isError() && m.seq() == BIND_SEQ) {
                    NlError e = NlError.fromError(m);
                    if (e.errno() != 0) {
                        throw QueueSocket.bindError(queueNum, e.errno(), e.message());
                    }
                    return early;
                }
                if (m.type() == NfqMessages.type(NfQueue.NFQNL_MSG_PACKET)) {
                    early.add(NfqPacket.decode(m)); // decoding copies it out of the receive buffer
                }
            }
        }
        throw new NetnsException("nfnetlink_queue " + queueNum + " did not acknowledge the bind within "
                + BIND_TIMEOUT_MS + " ms");
    }

    /** @return the queue number */
    public int queueNum() {
        return queueNum;
    }

    /** @return the counters so far */
    public QueueStats stats() {
        return new QueueStats(received, accepted, dropped, corrupted, reordered, received - accepted - dropped,
                kernelErrors, engineNanos);
    }

    /** @return why the engine stopped on its own, or {@code null} while it runs (or closed normally) */
    public Throwable failure() {
        return failure;
    }

    /** The reader thread, for tests that check it ends. */
    Thread readerThread() {
        return reader;
    }

    /** The socket's descriptor, for tests that check it is closed. */
    int socketFd() {
        return socket.fd();
    }

    /**
     * Accepts every held packet at once, unbinds the queue, closes the socket and waits for the
     * reader thread to end. Idempotent.
     */
    @Override
    public void close() {
        stopping = true;
        if (Thread.currentThread() != reader) {
            try {
                reader.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!reader.isAlive()) {
            socket.close();
        }
    }

    // ---- the reader thread ----

    private void run() {
        try {
            for (NfqPacket p : earlyPackets) {
                handlePacket(p, System.nanoTime());
            }
            earlyPackets.clear();
            flushVerdicts();
            while (!stopping) {
                long now = System.nanoTime();
                releaseDue(now);
                flushVerdicts();
                HeldPacket next = held.peek();
                long idle = TimeUnit.MILLISECONDS.toNanos(IDLE_POLL_MS);
                long timeout = next == null ? idle : Math.min(idle, next.releaseAt - now);
                if (socket.awaitReadableNanos(timeout)) {
                    drain();
                }
            }
            // Everything still held goes now: a closed queue must not swallow traffic.
            while (!held.isEmpty()) {
                release(held.poll(), System.nanoTime());
            }
            flushVerdicts();
            socket.send(NfqMessages.unbind(queueNum, UNBIND_SEQ));
        } catch (Throwable t) {
            failure = t;
        } finally {
            socket.close();
        }
    }

    private void drain() {
        for (int i = 0; i < DRAIN_BATCH; i++) {
            ByteBuffer datagram = socket.receive();
            if (datagram == null) {
                break;
            }
            handleDatagram(datagram);
            // Verdicts due meanwhile go out between reads, so a burst does not delay them.
            releaseDue(System.nanoTime());
        }
        flushVerdicts();
    }

    private void handleDatagram(ByteBuffer datagram) {
        List<NlMessage> messages;
        try {
            messages = NlMessage.parseAll(datagram);
        } catch (MalformedReplyException e) {
            kernelErrors++;
            return;
        }
        for (NlMessage m : messages) {
            try {
                if (m.isError()) {
                    if (NlError.fromError(m).errno() != 0) {
                        kernelErrors++;
                    }
                } else if (m.type() == NfqMessages.type(NfQueue.NFQNL_MSG_PACKET)) {
                    handlePacket(NfqPacket.decode(m), System.nanoTime());
                }
            } catch (MalformedReplyException e) {
                kernelErrors++;
            }
        }
    }

    private void handlePacket(NfqPacket p, long now) {
        received++;
        PacketFate fate = impairer.decide(p.payload());
        if (fate.drop()) {
            addVerdict(p.packetId(), Netfilter.NF_DROP, null);
            dropped++;
            engineNanos += System.nanoTime() - now;
            return;
        }
        byte[] mangled = null;
        if (fate.corruptOffset() >= 0 && !p.truncated()) {
            mangled = p.payload();
            Impairer.corrupt(mangled, fate.corruptOffset());
            corrupted++;
        }
        if (fate.reordered()) {
            reordered++;
        }
        HeldPacket h = new HeldPacket(now + fate.delayNanos(), arrivals++, p.packetId(), mangled);
        if (fate.delayNanos() == 0) {
            release(h, System.nanoTime());
        } else {
            held.add(h);
        }
    }

    private void releaseDue(long now) {
        while (!held.isEmpty() && held.peek().releaseAt <= now) {
            release(held.poll(), now);
        }
    }

    private void release(HeldPacket h, long now) {
        addVerdict(h.packetId, Netfilter.NF_ACCEPT, h.payload);
        accepted++;
        engineNanos += Math.max(0, now - h.releaseAt);
    }

    private void addVerdict(int packetId, int verdict, byte[] payload) {
        ByteBuffer msg = NfqMessages.verdict(queueNum, packetId, verdict, payload);
        if (msg.remaining() > verdicts.remaining()) {
            flushVerdicts();
        }
        if (msg.remaining() > verdicts.remaining()) {
            socket.send(msg); // larger than a whole batch: on its own
            return;
        }
        verdicts.put(msg);
    }

    private void flushVerdicts() {
        if (verdicts.position() > 0) {
            verdicts.flip();
            socket.send(verdicts);
            verdicts.clear();
        }
    }

    /** A packet waiting for its verdict, ordered by release time, then by arrival. */
    private static final class HeldPacket implements Comparable<HeldPacket> {
        final long releaseAt;
        final long arrival;
        final int packetId;
        final byte[] payload;

        HeldPacket(long releaseAt, long arrival, int packetId, byte[] payload) {
            this.releaseAt = releaseAt;
            this.arrival = arrival;
            this.packetId = packetId;
            this.payload = payload;
        }

        @Override
        public int compareTo(HeldPacket o) {
            int c = Long.compare(releaseAt - o.releaseAt, 0); // nanoTime may wrap: compare differences
            return c != 0 ? c : Long.compare(arrival, o.arrival);
        }
    }
}
