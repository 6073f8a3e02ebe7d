package dev.netns;

import dev.netns.internal.Validation;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one ICMP echo sent from a namespace with {@link NetNamespace#ping}. Immutable,
 * compared by value.
 *
 * <p>Made by {@link #reply} or {@link #failed}, so that details of the reply (TTL, the address
 * that answered) can be added later without breaking code that makes results.
 *
 * @since 0.1
 */
public final class PingResult {

    private final String from;
    private final InetAddress target;
    private final boolean reachable;
    private final Duration roundTrip;
    private final String failure;

    private PingResult(String from, InetAddress target, boolean reachable, Duration roundTrip, String failure) {
        this.from = Validation.notNull("ping source", from);
        this.target = Validation.notNull("ping target", target);
        this.reachable = reachable;
        this.roundTrip = Validation.notNull("ping round-trip time", roundTrip);
        this.failure = failure;
    }

    /**
     * @param from the namespace's description (name or id) the echo was sent from
     * @param target the address pinged
     * @param roundTrip the round-trip time
     * @return a result for an echo reply that arrived in time
     */
    public static PingResult reply(String from, InetAddress target, Duration roundTrip) {
        return new PingResult(from, target, true, roundTrip, null);
    }

    /**
     * @param from the namespace's description (name or id) the echo was sent from
     * @param target the address pinged
     * @param reason why it failed ("timeout after 1000 ms", "network unreachable", ...)
     * @return a result for an echo without a reply; its round-trip time is {@link Duration#ZERO}
     */
    public static PingResult failed(String from, InetAddress target, String reason) {
        return new PingResult(from, target, false, Duration.ZERO, Validation.notNull("ping failure reason", reason));
    }

    /** @return a copy that says it was sent from {@code from} (a label such as a topology's host name) */
    public PingResult withFrom(String from) {
        return new PingResult(from, target, reachable, roundTrip, failure);
    }

    /** @return the namespace's description (name or id) the echo was sent from */
    public String from() {
        return from;
    }

    /** @return the address pinged */
    public InetAddress target() {
        return target;
    }

    /** @return whether a matching echo reply arrived in time */
    public boolean reachable() {
        return reachable;
    }

    /** @return the round-trip time, {@link Duration#ZERO} if not reachable */
    public Duration roundTrip() {
        return roundTrip;
    }

    /** @return why it failed ("timeout after 1000 ms", "network unreachable", ...), or {@code null} */
    public String failure() {
        return failure;
    }

    /** @return the failure reason, if it failed */
    public Optional<String> failureReason() {
        return Optional.ofNullable(failure);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PingResult p && from.equals(p.from) && target.equals(p.target) && reachable == p.reachable
                && roundTrip.equals(p.roundTrip) && Objects.equals(failure, p.failure);
    }

    @Override
    public int hashCode() {
        return Objects.hash(from, target, reachable, roundTrip, failure);
    }

    @Override
    public String toString() {
        return "ping from " + from + " to " + IpPrefix.hostString(target) + ": "
                + (reachable ? String.format("reply in %.3f ms", roundTrip.toNanos() / 1e6) : failure);
    }
}
