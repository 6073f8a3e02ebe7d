package dev.netns;

import dev.netns.internal.Validation;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One thing the SDK did, as heard by a {@link NetnsListener}. Immutable.
 *
 * <pre>{@code
 * stack.addListener(e -> {
 *     if (e.kind() == NetnsEvent.Kind.FAILED) {
 *         log.warn(e.namespace() + ": " + e.failure());
 *     }
 * });
 * }</pre>
 *
 * <p>Events are made with {@link #of} and {@link #failed}; there is no public constructor, so
 * that an event can gain a field (the link's index, the exception's type) without breaking the
 * code that makes them.
 *
 * @since 0.1
 */
public final class NetnsEvent {

    private final Instant time;
    private final Kind kind;
    private final String namespace;
    private final String subject;
    private final Duration elapsed;
    private final String failure;

    /**
     * What kind of operation an event reports.
     *
     * @since 0.1
     */
    public enum Kind {
        /** A namespace was created (named or anonymous). */
        NAMESPACE_CREATED,
        /** An existing named namespace was opened. */
        NAMESPACE_OPENED,
        /** A handle was closed or released, leaving the namespace to others. */
        NAMESPACE_CLOSED,
        /** A namespace was deleted (its name removed, or its owning handle closed). */
        NAMESPACE_DELETED,
        /** A link was created: a veth pair or a bridge. */
        LINK_CREATED,
        /** A link was set up or down, given an MTU, MAC or name, moved, attached or detached. */
        LINK_CHANGED,
        /** A link was deleted. */
        LINK_DELETED,
        /** An address was added to a link. */
        ADDRESS_ADDED,
        /** An address was deleted from a link. */
        ADDRESS_DELETED,
        /** A route was added. */
        ROUTE_ADDED,
        /** A route was deleted. */
        ROUTE_DELETED,
        /** A sysctl was written. */
        SYSCTL_SET,
        /** A process was started inside a namespace ({@code exec} or {@code start}). */
        PROCESS_STARTED,
        /** A NAT rule was applied. */
        NAT_RULE_APPLIED,
        /** A NAT rule was removed. */
        NAT_RULE_REMOVED,
        /** A packet-filter rule was applied. */
        FILTER_RULE_APPLIED,
        /** A packet-filter rule was removed. */
        FILTER_RULE_REMOVED,
        /** A fault (partition, packet loss, link down...) was put in force by the testkit. */
        FAULT_APPLIED,
        /** A fault was healed. */
        FAULT_HEALED,
        /**
         * One of the operations above failed in the kernel or in a backend's program; {@link #subject()} is
         * what it was attempted on and {@link #failure()} says why. Not emitted for invalid input,
         * which is refused before anything is done.
         */
        FAILED
    }

    /**
     * Validates the components.
     *
     * @throws InvalidInputException if a component other than {@code failure} is null, the
     *     elapsed time is negative, or {@code failure} is missing on a FAILED event or present on
     *     any other
     */
    NetnsEvent(Instant time, Kind kind, String namespace, String subject, Duration elapsed, String failure) {
        Validation.notNull("event time", time);
        Validation.notNull("event kind", kind);
        Validation.notNull("event namespace", namespace);
        Validation.notNull("event subject", subject);
        Validation.notNull("event elapsed time", elapsed);
        if (elapsed.isNegative()) {
            throw new InvalidInputException("event elapsed time " + elapsed + " must not be negative");
        }
        if ((kind == Kind.FAILED) != (failure != null)) {
            throw new InvalidInputException(kind == Kind.FAILED
                    ? "a FAILED event needs the failure's message"
                    : "a " + kind + " event has no failure, got \"" + failure + "\"");
        }
        this.time = time;
        this.kind = kind;
        this.namespace = namespace;
        this.subject = subject;
        this.elapsed = elapsed;
        this.failure = failure;
    }

    /** @return when the operation finished */
    public Instant time() {
        return time;
    }

    /** @return what kind of operation it was; {@link Kind#FAILED} if it failed */
    public Kind kind() {
        return kind;
    }

    /**
     * @return the namespace it happened in: its name, {@code net:[INODE]} for an anonymous
     *     namespace, or {@code "initial"} for the JVM's own
     */
    public String namespace() {
        return namespace;
    }

    /**
     * @return what it was done to, for example {@code "veth-red/veth-blue"},
     *     {@code "192.168.15.1/24 on veth-red"}, {@code "net.ipv4.ip_forward=1"}, a NAT or
     *     packet-filter rule, or a command line
     */
    public String subject() {
        return subject;
    }

    /** @return how long the operation took */
    public Duration elapsed() {
        return elapsed;
    }

    /** @return for {@link Kind#FAILED}, the exception's message; {@code null} for every other kind */
    public String failure() {
        return failure;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetnsEvent e && time.equals(e.time) && kind == e.kind && namespace.equals(e.namespace)
                && subject.equals(e.subject) && elapsed.equals(e.elapsed) && Objects.equals(failure, e.failure);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, kind, namespace, subject, elapsed, failure);
    }

    /**
     * An event that happened just now and took {@code elapsed}.
     *
     * @return a new event with {@link Instant#now()} as its time and no failure
     */
    public static NetnsEvent of(Kind kind, String namespace, String subject, Duration elapsed) {
        return new NetnsEvent(Instant.now(), kind, namespace, subject, elapsed, null);
    }

    /**
     * A {@link Kind#FAILED} event that happened just now.
     *
     * @param failure the exception; its message (or, without one, its class) becomes {@link #failure()}
     * @return a new event
     */
    public static NetnsEvent failed(String namespace, String subject, Duration elapsed, Throwable failure) {
        Validation.notNull("event failure", failure);
        String message = failure.getMessage() != null ? failure.getMessage() : failure.toString();
        return new NetnsEvent(Instant.now(), Kind.FAILED, namespace, subject, elapsed, message);
    }

    /** @return for example {@code ADDRESS_ADDED red 192.168.15.1/24 on veth-red (0.020 ms)} */
    @Override
    public String toString() {
        return kind + " " + namespace + " " + subject
                + String.format(Locale.ROOT, " (%.3f ms)", elapsed.toNanos() / 1e6)
                + (failure == null ? "" : ": " + failure);
    }
}
