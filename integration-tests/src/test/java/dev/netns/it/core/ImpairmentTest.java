package dev.netns.it.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Impairment;
import dev.netns.ImpairmentHandle;
import dev.netns.NetNamespace;
import dev.netns.PingResult;
import dev.netns.VethPair;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.netns.Link#impair} on this kernel, which has no netem: delay, loss, duplication,
 * corruption and reordering emulated by the SDK (nfnetlink_queue and nf_tables), proven with real
 * traffic between two namespaces, with tolerances that hold on a busy 2-core machine.
 */
class ImpairmentTest extends StackTestSupport {
    private static final int DATAGRAMS = 1_000;
    private NetNamespace red;
    private NetNamespace blue;
    private VethPair cable;

    @BeforeEach
    void cable() {
        red = stack.createAnonymousNamespace();
        blue = stack.createAnonymousNamespace();
        for (NetNamespace ns : List.of(red, blue)) {
            // Only the test's datagrams may enter the queue: a seed replays packet k's fate, and
            // IPv6's own chatter (MLD reports, solicitations) would shift k.
            ns.setSysctl("net.ipv6.conf.all.disable_ipv6", "1");
            ns.setSysctl("net.ipv6.conf.default.disable_ipv6", "1");
        }
        cable = red.createVeth("eth0", "eth0", blue);
        cable.local().addAddress("10.8.0.1/24").up();
        cable.peer().addAddress("10.8.0.2/24").up();
        cable.local().awaitOperational(Duration.ofSeconds(3));
        cable.peer().awaitOperational(Duration.ofSeconds(3));
        red.ping("10.8.0.2"); // neighbours resolved before anything is measured
    }

    @AfterEach
    void close() {
        red.close();
        blue.close();
    }

    @Test
    void aDelayInOneDirectionAddsToEveryRoundTripAndIsHealedExactly() {
        try (ImpairmentHandle h = cable.local().impair(Impairment.builder().delay(Duration.ofMillis(50)).build())) {
            assertThat(h.mechanism()).startsWith("userspace (nfnetlink_queue");
            List<Long> rtts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                PingResult r = red.ping(dev.netns.IpPrefix.parseAddress("10.8.0.2"), Duration.ofSeconds(2));
                assertThat(r.reachable()).as("ping %d: %s", i, r).isTrue();
                rtts.add(r.roundTrip().toNanos() / 1_000);
            }
            rtts.sort(null);
            // Every trip waits the 50 ms; the median adds at most 15 ms of scheduling on two busy cores.
            assertThat(rtts.get(0)).as("shortest round trip, µs: %s", rtts).isGreaterThanOrEqualTo(50_000);
            assertThat(rtts.get(rtts.size() / 2)).as("median round trip, µs: %s", rtts).isLessThan(65_000);
        }
        PingResult healed = red.ping(dev.netns.IpPrefix.parseAddress("10.8.0.2"), Duration.ofSeconds(1));
        assertThat(healed.roundTrip()).isLessThan(Duration.ofMillis(20));
        assertThat(red.exec("nft", "list", "tables").stdout()).doesNotContain("netns_impair");
    }

    @Test
    void lossStaysInsideTheBinomialBoundsAndASeedReplaysTheSameLosses() throws IOException {
        Impairment loss = Impairment.builder().loss(0.2).seed(42).build();
        Set<Integer> first = lostWith(loss);
        Set<Integer> second = lostWith(loss);
        // 1,000 datagrams at p = 0.2: mean 200, sd 12.6; the 99.9 % two-sided bounds are 158..242.
        assertThat(first.size()).isBetween(158, 242);
        assertThat(second).as("the same seed loses the same datagrams").isEqualTo(first);
        assertThat(lostWith(Impairment.builder().loss(0.2).seed(43).build())).isNotEqualTo(first);
    }

    @Test
    void duplicatesCorruptionAndReorderingAreSeenAtTheReceiver() throws IOException {
        Received dup = exchange(Impairment.builder().duplicate(0.5).build());
        assertThat(dup.duplicates).as("duplicates of 1,000 at 50 %").isBetween(400, 600);
        Received corrupt = exchange(Impairment.builder().corrupt(0.3).seed(7).build());
        // Corrupted datagrams fail the UDP checksum at blue and never reach the socket.
        assertThat(DATAGRAMS - corrupt.distinct.size()).as("corrupted of 1,000 at 30 %").isBetween(250, 350);
        Received reordered = exchange(Impairment.builder().delay(Duration.ofMillis(10)).reorder(0.25).seed(3).build());
        assertThat(reordered.outOfOrder).as("datagrams arriving after a later one").isGreaterThan(50);
        assertThat(reordered.distinct).hasSize(DATAGRAMS);
    }

    private Set<Integer> lostWith(Impairment impairment) throws IOException {
        Received r = exchange(impairment);
        Set<Integer> lost = new TreeSet<>();
        for (int i = 0; i < DATAGRAMS; i++) {
            if (!r.distinct.contains(i)) {
                lost.add(i);
            }
        }
        return lost;
    }

    /** What blue got of 1,000 numbered datagrams red sent through {@code impairment}. */
    private record Received(Set<Integer> distinct, int duplicates, int outOfOrder) {
    }

    private Received exchange(Impairment impairment) throws IOException {
        try (DatagramChannel in = blue.openDatagramChannel().bind(new InetSocketAddress("10.8.0.2", 0));
             DatagramChannel out = red.openDatagramChannel();
             ImpairmentHandle h = cable.local().impair(impairment)) {
            InetSocketAddress to = (InetSocketAddress) in.getLocalAddress();
            List<Integer> arrivals = java.util.Collections.synchronizedList(new ArrayList<>());
            // Read while sending: a socket left unread overflows and drops what the test counts.
            Thread reader = new Thread(() -> {
                ByteBuffer buf = ByteBuffer.allocate(64);
                try {
                    in.socket().setSoTimeout(1_500);
                    while (true) {
                        java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[64], 64);
                        in.socket().receive(p);
                        arrivals.add(ByteBuffer.wrap(p.getData(), 0, 4).getInt());
                    }
                } catch (SocketTimeoutException done) {
                    // quiet for 1.5 s: everything that was coming has come
                } catch (IOException e) {
                    // closed
                }
                buf.clear();
            }, "impairment-receiver");
            reader.start();
            for (int i = 0; i < DATAGRAMS; i++) {
                out.send(ByteBuffer.allocate(4).putInt(0, i), to);
                if (i % 20 == 19) {
                    sleep(2); // paced (about 10,000/s): the engine and sockets are not what is measured
                }
            }
            try {
                reader.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Set<Integer> seen = new TreeSet<>();
            int duplicates = 0;
            int outOfOrder = 0;
            int highest = -1;
            synchronized (arrivals) {
                for (int seq : arrivals) {
                    if (!seen.add(seq)) {
                        duplicates++;
                    }
                    if (seq < highest) {
                        outOfOrder++;
                    }
                    highest = Math.max(highest, seq);
                }
            }
            return new Received(seen, duplicates, outOfOrder);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
