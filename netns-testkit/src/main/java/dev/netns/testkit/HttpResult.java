package dev.netns.testkit;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The outcome of an HTTP request made from a namespace with {@link Probes#http} or
 * {@link Probes#curl}.
 *
 * @param from the namespace it was made from, as messages name it
 * @param url the URL requested
 * @param status the response status, or 0 if there was no response
 * @param headers the response headers, names in lower case, in order of arrival
 * @param body the response body decoded as UTF-8 (empty if none)
 * @param failure why there was no response ({@code "connection refused"}, {@code "timeout after 5000 ms"}),
 *     or {@code null}
 * @since 0.1
 */
public record HttpResult(String from, String url, int status, Map<String, List<String>> headers, String body,
        String failure) {

    /** Copies the headers into a case-insensitive map. */
    public HttpResult {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        headers = java.util.Collections.unmodifiableMap(copy);
        body = body == null ? "" : body;
    }

    /** @return whether a response arrived (whatever its status) */
    public boolean responded() {
        return failure == null;
    }

    /** @return the first value of header {@code name} (case-insensitive), if present */
    public Optional<String> header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    @Override
    public String toString() {
        return "HTTP GET " + url + " from " + from + ": " + (failure == null ? "status " + status : failure);
    }
}
