package dev.netns.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpWireTest {

    private static HttpWire.Reader feed(String... parts) throws IOException {
        HttpWire.Reader r = new HttpWire.Reader();
        for (String p : parts) {
            byte[] b = p.getBytes(StandardCharsets.UTF_8);
            r.feed(b, b.length);
        }
        return r;
    }

    @Test
    void requestIsMinimalHttp11() {
        String req = HttpWire.request("GET", URI.create("http://192.168.15.2:8080/a/b?x=1"), Map.of("X-Test", "1"), null);
        assertThat(req).startsWith("GET /a/b?x=1 HTTP/1.1\r\nHost: 192.168.15.2:8080\r\nConnection: close\r\n")
                .contains("X-Test: 1\r\n").endsWith("\r\n\r\n");
        assertThat(HttpWire.request("POST", URI.create("http://10.0.0.1"), Map.of(), "hé"))
                .startsWith("POST / HTTP/1.1").contains("Content-Length: 3\r\n").endsWith("\r\n\r\nhé");
    }

    @Test
    void contentLengthResponseCompletesWithoutEof() throws IOException {
        HttpWire.Reader r = feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\nX-A: 2\r\n\r\nhel");
        assertThat(r.complete()).isFalse();
        r = feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\nX-A: 2\r\n\r\nhel", "lo");
        assertThat(r.complete()).isTrue();
        HttpWire.Response resp = r.result();
        assertThat(resp.status()).isEqualTo(200);
        assertThat(resp.body()).isEqualTo("hello");
        assertThat(resp.headers().get("x-a")).containsExactly("1", "2");
    }

    @Test
    void chunkedBodyIsDecoded() throws IOException {
        HttpWire.Reader r = feed("HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", "6;x=y\r\n world\r\n");
        assertThat(r.complete()).isFalse();
        r.feed("0\r\n\r\n".getBytes(StandardCharsets.UTF_8), 5);
        assertThat(r.complete()).isTrue();
        assertThat(r.result().body()).isEqualTo("hello world");
        assertThat(r.result().status()).isEqualTo(404);
    }

    @Test
    void bodyUntilEof() throws IOException {
        HttpWire.Reader r = feed("HTTP/1.0 200 OK\r\n\r\nsome body");
        assertThat(r.complete()).isFalse();
        r.endOfStream();
        assertThat(r.result().body()).isEqualTo("some body");
    }

    @Test
    void truncatedResponsesAreErrors() throws IOException {
        assertThatThrownBy(() -> new HttpWire.Reader().result()).hasMessageContaining("without a response");
        HttpWire.Reader r = feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        r.endOfStream();
        assertThatThrownBy(r::result).hasMessageContaining("3 of 10");
    }

    @Test
    void curlOutputTakesTheLastHeaderBlock() {
        HttpWire.Response r = HttpWire.parseCurl("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nLocation: /x\r\n\r\nbody\n");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.headers().get("location")).containsExactly("/x");
        assertThat(r.body()).isEqualTo("body\n");
    }

    @Test
    void httpResultHeadersAreCaseInsensitive() {
        HttpResult r = new HttpResult("red", "http://10.0.0.1/", 200, Map.of("content-type", java.util.List.of("text/plain")), "x", null);
        assertThat(r.header("Content-Type")).hasValue("text/plain");
        assertThat(r.responded()).isTrue();
    }
}
