package dev.netns.testkit;

import dev.netns.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a service of {@link Network#serveHttp} answers: a status, headers and a UTF-8 body.
 * Immutable; {@link #header} returns a copy with one more header.
 *
 * <pre>{@code
 * net.serveHttp("blue", 80, request -> request.path().equals("/missing")
 *         ? HttpReply.of(404, "no such page")
 *         : HttpReply.of(200, "you asked for " + request.target()).header("X-Served-By", "blue"));
 * }</pre>
 *
 * @since 0.1
 */
public final class HttpReply {
    private final int status;
    private final List<Map.Entry<String, String>> headers;
    private final String body;

    private HttpReply(int status, List<Map.Entry<String, String>> headers, String body) {
        this.status = status;
        this.headers = List.copyOf(headers);
        this.body = body;
    }

    /**
     * @param status 100 to 599
     * @param body the body, sent as {@code text/plain; charset=utf-8}
     * @throws InvalidInputException if the status is out of range or the body null
     */
    public static HttpReply of(int status, String body) {
        if (status < 100 || status > 599) {
            throw new InvalidInputException("HTTP status " + status + " is out of range 100-599");
        }
        if (body == null) {
            throw new InvalidInputException("HTTP reply body must not be null; use \"\" for none");
        }
        return new HttpReply(status, List.of(Map.entry("Content-Type", "text/plain; charset=utf-8")), body);
    }

    /** @return a copy with header {@code name: value} added (a name may repeat) */
    public HttpReply header(String name, String value) {
        if (name == null || name.isEmpty() || value == null || (name + value).chars().anyMatch(c -> c == '\r' || c == '\n')) {
            throw new InvalidInputException("header \"" + name + ": " + value + "\" is not a valid header line");
        }
        List<Map.Entry<String, String>> more = new ArrayList<>(headers);
        more.add(Map.entry(name, value));
        return new HttpReply(status, more, body);
    }

    /** @return the status */
    public int status() {
        return status;
    }

    /** @return the headers in the order they are sent */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** @return the body */
    public String body() {
        return body;
    }

    @Override
    public String toString() {
        return "HTTP " + status + " (" + body.length() + " chars)";
    }
}
