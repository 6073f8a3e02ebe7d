package dev.netns.testkit;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request that a service of {@link Network#serveHttp} received: what the test's client really
 * sent, for assertions and for a {@link HttpResponder} to answer.
 *
 * @since 0.1
 */
public final class ServedRequest {
    private final String method;
    private final String target;
    private final Map<String, List<String>> headers;
    private final String body;

    ServedRequest(String method, String target, Map<String, List<String>> headers, String body) {
        this.method = method;
        this.target = target;
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = body;
    }

    /** @return the method, for example {@code "GET"} */
    public String method() {
        return method;
    }

    /** @return the request target as sent: path and query, for example {@code "/hello?x=1"} */
    public String target() {
        return target;
    }

    /** @return the path of the target, without the query */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** @return the headers, names case-insensitive */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** @return the first value of header {@code name} (case-insensitive), if present */
    public Optional<String> header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** @return the body decoded as UTF-8; empty if there was none */
    public String body() {
        return body;
    }

    @Override
    public String toString() {
        return method + " " + target + (body.isEmpty() ? "" : " (" + body.length() + " chars)");
    }
}
