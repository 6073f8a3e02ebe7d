package dev.netns.testkit;

import java.time.Duration;
import java.util.Optional;

/**
 * The outcome of a TCP connect attempted from a namespace with {@link Probes#connect}.
 *
 * @param from the namespace it was tried from, as messages name it (for example {@code red (net:[4026532301])})
 * @param target {@code address:port}
 * @param connected whether the three-way handshake completed in time
 * @param failure what happened otherwise ({@code "connection refused"}, {@code "timeout after 1000 ms"},
 *     {@code "no route to host"}, ...), or {@code null}
 * @param elapsed how long the attempt took
 * @since 0.1
 */
public record ConnectResult(String from, String target, boolean connected, String failure, Duration elapsed) {

    /** @return the failure, if it failed */
    public Optional<String> failureReason() {
        return Optional.ofNullable(failure);
    }

    @Override
    public String toString() {
        return "TCP connect from " + from + " to " + target + ": " + (connected ? "connected" : failure)
                + " (" + elapsed.toMillis() + " ms)";
    }
}
