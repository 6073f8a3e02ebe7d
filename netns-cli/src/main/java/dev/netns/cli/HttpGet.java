package dev.netns.cli;

import dev.netns.NetNamespace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A minimal HTTP/1.0 GET from inside a namespace: the socket is created on the namespace's thread. */
final class HttpGet {
    record Response(int status, String body, String failure) {
        boolean ok() {
            return failure == null;
        }
    }

    private HttpGet() {
    }

    static Response get(NetNamespace from, String host, int port, Duration timeout) {
        return from.call(() -> {
            try (SocketChannel ch = SocketChannel.open()) {
                ch.socket().setSoTimeout((int) timeout.toMillis());
                ch.socket().connect(new InetSocketAddress(dev.netns.IpPrefix.parseAddress(host), port), (int) timeout.toMillis());
                ch.write(ByteBuffer.wrap(("GET / HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                var in = ch.socket().getInputStream();
                for (int n; (n = in.read(buf)) > 0; ) {
                    all.write(buf, 0, n);
                }
                String text = all.toString(StandardCharsets.ISO_8859_1);
                int sp = text.indexOf(' ');
                if (!text.startsWith("HTTP/") || sp < 0 || text.length() < sp + 4) {
                    return new Response(0, text, "not an HTTP response");
                }
                int status = Integer.parseInt(text.substring(sp + 1, sp + 4));
                int bodyAt = text.indexOf("\r\n\r\n");
                return new Response(status, bodyAt < 0 ? "" : text.substring(bodyAt + 4), null);
            } catch (SocketTimeoutException e) {
                return new Response(0, "", "no answer within " + timeout.toMillis() + " ms");
            } catch (IOException e) {
                return new Response(0, "", e.getMessage() == null ? e.toString() : e.getMessage());
            }
        });
    }
}
