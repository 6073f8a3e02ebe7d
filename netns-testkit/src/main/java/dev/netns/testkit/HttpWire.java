package dev.netns.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Just enough HTTP/1.1 for probes: one request, one response, Content-Length, chunked or until EOF. */
final class HttpWire {

    record Response(int status, Map<String, List<String>> headers, String body) {
    }

    private HttpWire() {
    }

    static String request(String method, URI uri, Map<String, String> headers, String body) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        sb.append("Host: ").append(uri.getRawAuthority()).append("\r\n");
        sb.append("Connection: close\r\n");
        sb.append("User-Agent: netns-testkit\r\n");
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) {
            sb.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        }
        sb.append("\r\n");
        if (body != null) {
            sb.append(body);
        }
        return sb.toString();
    }

    /** Parses the output of {@code curl -i}: the last header block, then the body. */
    static Response parseCurl(String output) {
        String rest = output;
        Response last = null;
        while (rest.startsWith("HTTP/")) {
            int end = rest.indexOf("\r\n\r\n");
            int sep = 4;
            if (end < 0) {
                end = rest.indexOf("\n\n");
                sep = 2;
            }
            if (end < 0) {
                return parseHead(rest, "");
            }
            last = parseHead(rest.substring(0, end), "");
            rest = rest.substring(end + sep);
        }
        if (last == null) {
            throw new IllegalArgumentException("curl printed no HTTP status line: " + output);
        }
        return new Response(last.status(), last.headers(), rest);
    }

    static Response parseHead(String head, String body) {
        String[] lines = head.split("\r?\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new IllegalArgumentException("not an HTTP status line: " + lines[0]);
        }
        int status = Integer.parseInt(statusLine[1].trim());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        return new Response(status, headers, body);
    }

    /** Accumulates a response and says when it is complete. */
    static final class Reader {
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private Response head;
        private int bodyStart = -1;
        private long contentLength = -1;
        private boolean chunked;
        private boolean eof;
        private byte[] chunkedBody;

        void feed(byte[] buf, int n) throws IOException {
            data.write(buf, 0, n);
            if (head == null) {
                byte[] all = data.toByteArray();
                for (int i = 0; i + 3 < all.length; i++) {
                    if (all[i] == '\r' && all[i + 1] == '\n' && all[i + 2] == '\r' && all[i + 3] == '\n') {
                        head = parseHead(new String(all, 0, i, StandardCharsets.ISO_8859_1), "");
                        bodyStart = i + 4;
                        List<String> te = head.headers().get("transfer-encoding");
                        chunked = te != null && te.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"));
                        List<String> cl = head.headers().get("content-length");
                        if (cl != null && !chunked) {
                            contentLength = Long.parseLong(cl.get(0).trim());
                        }
                        if (head.status() == 204 || head.status() == 304 || head.status() / 100 == 1) {
                            contentLength = 0;
                        }
                        break;
                    }
                }
            }
        }

        int size() {
            return data.size();
        }

        void endOfStream() {
            eof = true;
        }

        boolean complete() throws IOException {
            if (head == null) {
                return false;
            }
            byte[] all = data.toByteArray();
            int bodyLen = all.length - bodyStart;
            if (chunked) {
                chunkedBody = dechunk(all, bodyStart);
                return chunkedBody != null;
            }
            return contentLength >= 0 && bodyLen >= contentLength;
        }

        Response result() throws IOException {
            if (head == null) {
                throw new IOException(data.size() == 0 ? "connection closed without a response"
                        : "connection closed in the middle of the response headers");
            }
            byte[] all = data.toByteArray();
            byte[] body;
            if (chunked) {
                body = chunkedBody != null ? chunkedBody : dechunk(all, bodyStart);
                if (body == null) {
                    throw new IOException("connection closed in the middle of a chunked body");
                }
            } else {
                int len = contentLength >= 0 ? (int) Math.min(contentLength, all.length - bodyStart) : all.length - bodyStart;
                if (contentLength > len && eof) {
                    throw new IOException("connection closed after " + len + " of " + contentLength + " body bytes");
                }
                body = new byte[len];
                System.arraycopy(all, bodyStart, body, 0, len);
            }
            return new Response(head.status(), head.headers(), new String(body, StandardCharsets.UTF_8));
        }

        /** @return the decoded body, or {@code null} while the last chunk has not arrived */
        static byte[] dechunk(byte[] all, int pos) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                int lineEnd = indexOfCrlf(all, pos);
                if (lineEnd < 0) {
                    return null;
                }
                String sizeText = new String(all, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
                int semi = sizeText.indexOf(';');
                int size;
                try {
                    size = Integer.parseInt((semi >= 0 ? sizeText.substring(0, semi) : sizeText).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size \"" + sizeText + "\"");
                }
                pos = lineEnd + 2;
                if (size == 0) {
                    return out.toByteArray();
                }
                if (all.length < pos + size + 2) {
                    return null;
                }
                out.write(all, pos, size);
                pos += size + 2;
            }
        }

        private static int indexOfCrlf(byte[] a, int from) {
            for (int i = from; i + 1 < a.length; i++) {
                if (a[i] == '\r' && a[i + 1] == '\n') {
                    return i;
                }
            }
            return -1;
        }
    }
}
