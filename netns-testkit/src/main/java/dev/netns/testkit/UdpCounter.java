package dev.netns.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A receive-only UDP service from {@link Network#countUdp}: it counts the datagrams that arrive
 * and answers none, so it shows traffic in one direction only (what a one-way partition lets
 * through), where an echo would need both. Its socket lives in its host; its thread does not.
 *
 * <pre>{@code
 * UdpCounter atC = net.countUdp("c", 9);
 * try (Fault cut = net.partitionOneWay("c", "n1")) {          // c -> n1 cut, n1 -> c flows
 *     assertThat(net.host("n1")).deliversUdp(net.address("c"), 9, atC);
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class UdpCounter implements AutoCloseable {
    private final DatagramChannel channel;
    private final String where;
    private final AtomicLong received = new AtomicLong();
    private final Object arrivals = new Object();

    UdpCounter(DatagramChannel channel, String where) {
        this.channel = channel;
        this.where = where;
        // Started from the caller's thread, outside every namespace: the socket is inside already.
        Thread t = new Thread(this::receive, "netns-udp-counter " + where);
        t.setDaemon(true);
        t.start();
    }

    private void receive() {
        ByteBuffer buf = ByteBuffer.allocate(65_536);
        try {
            while (true) {
                buf.clear();
                channel.receive(buf);
                received.incrementAndGet();
                synchronized (arrivals) {
                    arrivals.notifyAll();
                }
            }
        } catch (ClosedChannelException stopped) {
            // closed with the network
        } catch (IOException e) {
            // nothing to report to: the count stops
        }
    }

    /** @return the datagrams received so far */
    public long count() {
        return received.get();
    }

    /**
     * Waits until at least {@code n} datagrams have arrived.
     *
     * @return whether they did within {@code timeout}
     */
    public boolean awaitCount(long n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (arrivals) {
            while (received.get() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    arrivals.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Stops counting and closes the socket. Idempotent. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a datagram socket does not fail in a way worth reporting
        }
    }

    @Override
    public String toString() {
        return "UDP counter " + where + " (" + count() + " received)";
    }
}
