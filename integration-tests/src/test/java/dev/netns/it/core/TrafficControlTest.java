package dev.netns.it.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.AlreadyExistsException;
import dev.netns.ExecResult;
import dev.netns.Impairment;
import dev.netns.ImpairmentHandle;
import dev.netns.InvalidInputException;
import dev.netns.NetNamespace;
import dev.netns.VethPair;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.netns.Link#impair}: the kernel path (htb for a rate limit) measured with real TCP
 * traffic between two namespaces, with {@code tc} as the oracle of what was installed and removed.
 */
class TrafficControlTest extends StackTestSupport {
    private NetNamespace red;
    private NetNamespace blue;
    private VethPair cable;

    @BeforeEach
    void cable() {
        red = stack.createAnonymousNamespace();
        blue = stack.createAnonymousNamespace();
        cable = red.createVeth("eth0", "eth0", blue);
        cable.local().addAddress("10.7.0.1/24").up();
        cable.peer().addAddress("10.7.0.2/24").up();
        cable.local().awaitOperational(Duration.ofSeconds(3));
        cable.peer().awaitOperational(Duration.ofSeconds(3));
    }

    @AfterEach
    void close() {
        red.close();
        blue.close();
    }

    @Test
    void aRateLimitHoldsTcpGoodputToTheRateAndIsRemovedExactly() throws Exception {
        double unlimited = goodputBitsPerSecond(Duration.ofMillis(500));
        try (ImpairmentHandle h = cable.local().impair(Impairment.builder().rate(1_000_000).build())) {
            assertThat(h.mechanism()).isEqualTo("htb qdisc");
            String tc = tc(red);
            assertThat(tc).contains("\"kind\":\"htb\"").contains("\"handle\":\"5a5a:\"").contains("\"root\":true");
            double limited = goodputBitsPerSecond(Duration.ofSeconds(3));
            System.out.printf("TCP goodput through a 1 Mbit/s limit: %.0f bit/s (unlimited: %.0f bit/s)%n", limited, unlimited);
            // TCP goodput excludes headers (about 3-5 % at 1500-byte frames): within the issue's +-25 %.
            assertThat(limited).as("goodput at 1 Mbit/s (unlimited: %.0f bit/s); tc: %s", unlimited,
                    red.exec("tc", "-s", "qdisc", "show", "dev", "eth0").stdout()).isBetween(750_000.0, 1_250_000.0);
            assertThatThrownBy(() -> cable.local().impair(Impairment.builder().rate(2_000_000).build()))
                    .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("already has a root queueing discipline");
        }
        assertThat(tc(red)).doesNotContain("\"kind\":\"htb\"");
        assertThat(goodputBitsPerSecond(Duration.ofMillis(500))).isGreaterThan(10_000_000.0);
    }

    @Test
    void badImpairmentsAreRefusedBeforeAnythingChanges() {
        assertThatThrownBy(() -> Impairment.builder().build()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does nothing");
        assertThatThrownBy(() -> Impairment.builder().loss(1.5)).hasMessageContaining("loss 1.5 must be a share between 0 and 1");
        assertThatThrownBy(() -> Impairment.builder().loss(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Impairment.builder().delay(Duration.ofMillis(5)).jitter(Duration.ofMillis(6)).build())
                .hasMessageContaining("jitter 6 ms exceeds its delay 5 ms");
        assertThatThrownBy(() -> Impairment.builder().reorder(0.1).build()).hasMessageContaining("needs a delay");
        assertThatThrownBy(() -> Impairment.builder().rate(100)).hasMessageContaining("below the minimum");
        assertThatThrownBy(() -> Impairment.builder().delay(Duration.ofMillis(-1))).hasMessageContaining("between 0 and 1 hour");
        assertThat(tc(red)).doesNotContain("5a5a");
    }

    /** What {@code tc -j qdisc show} says of red's eth0. */
    private static String tc(NetNamespace ns) {
        ExecResult r = ns.exec("tc", "-j", "qdisc", "show", "dev", "eth0").orThrow();
        return r.stdout().replace(" ", "");
    }

    /**
     * Sends from red to blue as fast as TCP goes; the bits per second blue receives over
     * {@code period}, counted by the receiver from a quarter of the period after its first byte
     * (past the bucket's burst and TCP's slow start). The sender just keeps the pipe full: at a
     * limited rate its socket buffer holds seconds of data, so only the receiver's clock counts.
     */
    private double goodputBitsPerSecond(Duration period) throws IOException, InterruptedException {
        long warm = period.toNanos() / 4;
        long measure = period.toNanos();
        try (ServerSocketChannel server = blue.openServerSocketChannel().bind(new InetSocketAddress("10.7.0.2", 0));
             SocketChannel sender = red.openSocketChannel()) {
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            sender.connect(new InetSocketAddress("10.7.0.2", port));
            AtomicLong counted = new AtomicLong();
            Thread reader = new Thread(() -> {
                ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
                try (SocketChannel in = server.accept()) {
                    long first = 0;
                    int n;
                    while ((n = in.read(buf.clear())) >= 0) {
                        long now = System.nanoTime();
                        if (first == 0) {
                            first = now;
                        }
                        long since = now - first;
                        if (since >= warm && since < warm + measure) {
                            counted.addAndGet(n);
                        } else if (since >= warm + measure) {
                            return; // closing the connection stops the sender
                        }
                    }
                } catch (IOException ignored) {
                    // the sender went away
                }
            }, "goodput-reader");
            reader.start();
            ByteBuffer chunk = ByteBuffer.allocate(16 * 1024);
            long deadline = System.nanoTime() + warm + measure + Duration.ofSeconds(10).toNanos();
            try {
                while (reader.isAlive() && System.nanoTime() - deadline < 0) {
                    sender.write(chunk.clear());
                }
            } catch (IOException stopped) {
                // the reader closed its end: measured
            }
            sender.close();
            reader.join(10_000);
            return counted.get() * 8 * 1e9 / measure;
        }
    }
}
