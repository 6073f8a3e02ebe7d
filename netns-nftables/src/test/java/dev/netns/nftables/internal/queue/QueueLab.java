package dev.netns.nftables.internal.queue;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import dev.netns.VethPair;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Two anonymous namespaces joined by a veth (a 10.9.0.1, b 10.9.0.2), and the UDP tools the
 * queue tests use. Everything is gone when it is closed (anonymous namespaces die with their
 * descriptors; the iptables-nft rules die with the namespace).
 */
final class QueueLab implements AutoCloseable {
    static final String A = "10.9.0.1";
    static final String B = "10.9.0.2";

    final NetworkStack stack;
    final NetNamespace a;
    final NetNamespace b;

    QueueLab() {
        assumeTrue("0".equals(uid()), "needs root: creates namespaces");
        stack = NetworkStack.open();
        a = stack.createAnonymousNamespace();
        b = stack.createAnonymousNamespace();
        VethPair v = a.createVeth("qa", "qb", b);
        v.local().addAddress(A + "/24").up();
        v.peer().addAddress(B + "/24").up();
        v.local().awaitOperational(Duration.ofSeconds(5));
        v.peer().awaitOperational(Duration.ofSeconds(5));
    }

    private static String uid() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .map(l -> l.split("\\s+")[1]).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * Steers a's outgoing packets of {@code proto} (and destination port, if given) to a queue, by
     * iptables-nft in a: the test's own scaffolding; the SDK will install this through its
     * packet-filter backend. With --queue-bypass, packets pass when no engine listens.
     */
    void steer(String proto, Integer dport, int queue) {
        List<String> cmd = new ArrayList<>(List.of("iptables-nft", "-A", "OUTPUT", "-p", proto));
        if (dport != null) {
            cmd.addAll(List.of("--dport", dport.toString()));
        }
        cmd.addAll(List.of("-j", "NFQUEUE", "--queue-num", Integer.toString(queue), "--queue-bypass"));
        a.exec(cmd.toArray(String[]::new)).orThrow();
    }

    /** Sends {@code count} datagrams numbered 0.. from a to b:port, {@code gapMicros} apart; returns what b got. */
    List<Integer> sendNumbered(int port, int count, long gapMicros, Duration settle) throws Exception {
        ConcurrentLinkedQueue<Integer> got = new ConcurrentLinkedQueue<>();
        AtomicBoolean allSent = new AtomicBoolean();
        try (DatagramChannel rx = b.openDatagramChannel(); DatagramChannel tx = a.openDatagramChannel()) {
            // Room for every datagram of a test even if the receiver thread waits long for a core:
            // rmem_max is 4 MiB here, and a drop at b's socket would pass for the engine's.
            rx.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
            rx.bind(new InetSocketAddress(B, port));
            rx.configureBlocking(false);
            Thread receiver = new Thread(() -> {
                ByteBuffer buf = ByteBuffer.allocate(2048);
                long quietSince = System.nanoTime();
                // Quiet is counted only once everything is sent: the sender may be descheduled for long.
                while (!allSent.get() || System.nanoTime() - quietSince < settle.toNanos()) {
                    try {
                        buf.clear();
                        if (rx.receive(buf) != null) {
                            buf.flip();
                            got.add(buf.getInt());
                            quietSince = System.nanoTime();
                        } else {
                            if (!allSent.get()) {
                                quietSince = System.nanoTime();
                            }
                            Thread.sleep(0, 200_000);
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "queue-test-receiver");
            receiver.start();
            tx.connect(new InetSocketAddress(B, port));
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                ByteBuffer d = ByteBuffer.allocate(64);
                d.putInt(i).put("netns-queue-test".getBytes(StandardCharsets.US_ASCII)).flip();
                tx.write(d);
                long due = start + (i + 1) * gapMicros * 1000;
                while (gapMicros > 0 && System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
            }
            allSent.set(true);
            receiver.join();
        }
        return new ArrayList<>(got);
    }

    /** The queues bound in a, as its /proc/net/netfilter/nfnetlink_queue lists them. */
    String boundQueues() {
        return a.call(() -> read("/proc/thread-self/net/netfilter/nfnetlink_queue"));
    }

    /** b's UDP InCsumErrors counter. */
    long udpChecksumErrors() {
        String snmp = b.call(() -> read("/proc/thread-self/net/snmp"));
        List<String> udp = snmp.lines().filter(l -> l.startsWith("Udp:")).toList();
        String[] names = udp.get(0).split("\\s+");
        String[] values = udp.get(1).split("\\s+");
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals("InCsumErrors")) {
                return Long.parseLong(values[i]);
            }
        }
        throw new IllegalStateException("no InCsumErrors in " + udp);
    }

    /** One large read: /proc files are generated per read call. */
    static String read(String path) throws IOException {
        try (FileInputStream in = new FileInputStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** How many of this JVM's threads are in {@code ns}. */
    static long threadsIn(NetNamespace ns) throws IOException {
        String target = ns.call(() -> Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(t -> {
                try {
                    return Files.readSymbolicLink(t.resolve("ns/net")).toString().equals(target);
                } catch (IOException e) {
                    return false; // the thread ended meanwhile
                }
            }).count();
        }
    }

    /** The "socket:[inode]" a descriptor of this process points to, or null if it is closed. */
    static String fdTarget(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether any descriptor of this process points to {@code target}. */
    static boolean anyFdPointsTo(String target) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.anyMatch(f -> target.equals(fdTargetOf(f)));
        }
    }

    private static String fdTargetOf(Path f) {
        try {
            return Files.readSymbolicLink(f).toString();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            a.close();
            b.close();
        } finally {
            stack.close();
        }
    }
}
