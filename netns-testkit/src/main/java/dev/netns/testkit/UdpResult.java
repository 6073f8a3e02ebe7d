package dev.netns.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The outcome of a UDP request/response sent from a namespace with {@link Probes#udp}.
 *
 * @param from the namespace it was sent from, as messages name it
 * @param target {@code address:port}
 * @param reply the first datagram that came back, or {@code null} if none did in time
 * @param failure why no reply came ({@code "timeout after 1000 ms"}, {@code "port unreachable"}), or {@code null}
 * @since 0.1
 */
public record UdpResult(String from, String target, byte[] reply, String failure) {

    /** @return whether a reply came back */
    public boolean answered() {
        return reply != null;
    }

    /** @return the reply decoded as UTF-8, if any */
    public Optional<String> replyText() {
        return Optional.ofNullable(reply).map(r -> new String(r, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "UDP request from " + from + " to " + target + ": "
                + (reply != null ? "reply of " + reply.length + " bytes" : failure);
    }
}
