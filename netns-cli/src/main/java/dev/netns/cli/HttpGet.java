package dev.netns.cli;

import dev.netns.NetNamespace;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** One HTTP GET from inside a namespace: OkHttp over a socket born there ({@link NetNamespace#socketFactory()}). */
final class HttpGet {
    record Result(int status, String body, String failure) {
        boolean ok() {
            return failure == null;
        }
    }

    private HttpGet() {
    }

    static Result get(NetNamespace from, String host, int port, Duration timeout) {
        // No proxy (it would take the request out of the demo's namespaces), no pooled connections.
        OkHttpClient client = new OkHttpClient.Builder().socketFactory(from.socketFactory()).proxy(Proxy.NO_PROXY)
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.MILLISECONDS)).retryOnConnectionFailure(false)
                .callTimeout(timeout).build();
        Request request = new Request.Builder().url("http://" + host + ":" + port + "/").header("Connection", "close").build();
        try (Response r = client.newCall(request).execute()) {
            return new Result(r.code(), r.body().string(), null);
        } catch (SocketTimeoutException e) {
            return new Result(0, "", "no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedIOException e) {
            return new Result(0, "", "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Result(0, "", reason(e));
        }
    }

    /** The innermost message: OkHttp wraps the socket's "Connection refused" in "Failed to connect to ...". */
    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String inner = t.getMessage() == null ? t.toString() : t.getMessage();
        return t == e ? inner : e.getMessage() + " (" + inner + ")";
    }
}
