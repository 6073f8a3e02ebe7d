package dev.netns.testkit;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on an HTTP response fetched inside a namespace, from
 * {@link NamespaceAssert#httpGet(String)} or {@link NetAssertions#assertThat(HttpResult)}.
 *
 * <pre>{@code
 * assertThat(red).httpGet("http://192.168.15.2:8080/health")
 *         .hasStatus(200).hasHeader("Content-Type", "text/plain; charset=utf-8").bodyContains("ok");
 * }</pre>
 *
 * @since 0.1
 */
public final class HttpResponseAssert extends AbstractAssert<HttpResponseAssert, HttpResult> {
    private final Supplier<HttpResult> fetch;
    private final Checks.Mode mode;
    private final Duration window;
    private final String label;
    private volatile HttpResult current;

    HttpResponseAssert(HttpResult result) {
        super(result, HttpResponseAssert.class);
        this.fetch = null;
        this.mode = Checks.Mode.ONCE;
        this.window = Duration.ZERO;
        this.label = "";
        this.current = result;
    }

    HttpResponseAssert(Supplier<HttpResult> fetch, Checks.Mode mode, Duration window, String label) {
        super(null, HttpResponseAssert.class);
        this.fetch = fetch;
        this.mode = mode;
        this.window = window;
        this.label = label == null ? "" : label;
    }

    /** @return the latest response (or failure) this assertion has seen */
    public HttpResult result() {
        return current != null ? current : (current = fetch.get());
    }

    /** Verifies that a response arrived (whatever its status). */
    public HttpResponseAssert responds() {
        return check(r -> {
        });
    }

    /** Verifies the response status. */
    public HttpResponseAssert hasStatus(int status) {
        return check(r -> {
            if (r.status() != status) {
                fail(r, "status " + status, "status " + r.status()
                        + (r.body().isBlank() ? "" : " with body \"" + abbreviate(r.body()) + "\""));
            }
        });
    }

    /** Verifies that the body contains {@code text}. */
    public HttpResponseAssert bodyContains(String text) {
        return check(r -> {
            if (!r.body().contains(text)) {
                fail(r, "a body containing \"" + text + "\"", "body \"" + abbreviate(r.body()) + "\"");
            }
        });
    }

    /** Verifies that header {@code name} (case-insensitive) is present with {@code value} among its values. */
    public HttpResponseAssert hasHeader(String name, String value) {
        return check(r -> {
            List<String> values = r.headers().get(name);
            if (values == null || !values.contains(value)) {
                fail(r, "header " + name + ": " + value, values == null ? "no " + name + " header" : name + ": " + values);
            }
        });
    }

    private HttpResponseAssert check(Consumer<HttpResult> assertion) {
        if (fetch == null) {
            verify(current, assertion);
            return this;
        }
        if (mode == Checks.Mode.ONCE) {
            verify(result(), assertion);
            return this;
        }
        boolean[] first = {mode == Checks.Mode.EVENTUALLY && current != null};
        Checks.run(mode, window, () -> {
            // eventually: try the response we have before asking again
            if (!first[0]) {
                current = fetch.get();
            }
            first[0] = false;
            verify(current, assertion);
        });
        return this;
    }

    private void verify(HttpResult r, Consumer<HttpResult> assertion) {
        if (!r.responded()) {
            throw new AssertionError(prefix() + "expected " + r.from() + " to get a response to GET " + r.url()
                    + ", but: " + r.failure());
        }
        assertion.accept(r);
    }

    private void fail(HttpResult r, String expected, String got) {
        throw new AssertionError(prefix() + "expected GET " + r.url() + " from " + r.from() + " to give " + expected
                + ", but got " + got);
    }

    private String prefix() {
        String d = label.isEmpty() ? info.descriptionText() : label;
        return d == null || d.isEmpty() ? "" : "[" + d + "] ";
    }

    private static String abbreviate(String body) {
        String b = body.strip();
        return b.length() <= 200 ? b : b.substring(0, 200) + "...";
    }
}
