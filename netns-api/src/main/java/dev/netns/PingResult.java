package dev.netns;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * The outcome of one ICMP echo sent from a namespace with {@link NetNamespace#ping}.
 *
 * @param from the namespace's description (name or id) the echo was sent from
 * @param target the address pinged
 * @param reachable whether a matching echo reply arrived in time
 * @param roundTrip the round-trip time, {@link Duration#ZERO} if not reachable
 * @param failure why it failed ("timeout after 1000 ms", "network unreachable", ...), or {@code null}
 * @since 0.1
 */
public record PingResult(String from, InetAddress target, boolean reachable, Duration roundTrip, String failure) {

    /** @return the failure reason, if it failed */
    public Optional<String> failureReason() {
        return Optional.ofNullable(failure);
    }

    @Override
    public String toString() {
        return "ping from " + from + " to " + IpPrefix.hostString(target) + ": "
                + (reachable ? String.format("reply in %.3f ms", roundTrip.toNanos() / 1e6) : failure);
    }
}
