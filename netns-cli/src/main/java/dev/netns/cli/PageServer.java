package dev.netns.cli;

import dev.netns.NetNamespace;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A one-page HTTP server listening inside a namespace. Its socket is opened on the namespace's
 * thread, so it belongs there; its accept loop runs on a thread started by the caller (outside
 * any namespace). The JDK's HttpServer would instead start its timer and dispatcher threads from
 * the thread that creates it, inside the namespace, where they would keep it alive.
 */
final class PageServer implements AutoCloseable {
    private final ServerSocketChannel channel;
    private final Thread acceptor;
    private final byte[] response;

    private PageServer(ServerSocketChannel channel, String body) {
        this.channel = channel;
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        this.response = ("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + b.length
                + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
        this.acceptor = new Thread(this::serve, "netns-demo-http");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code address:port} inside {@code ns} and answers every request with {@code body}. */
    static PageServer start(NetNamespace ns, String address, int port, String body) {
        ServerSocketChannel ch = ns.call(() -> {
            ServerSocketChannel c = ServerSocketChannel.open();
            c.bind(new InetSocketAddress(dev.netns.IpPrefix.parseAddress(address), port), 16);
            return c;
        });
        return new PageServer(ch, body);
    }

    private void serve() {
        while (true) {
            try (SocketChannel client = channel.accept()) {
                // Read the request head (small, one segment in practice), then answer and close.
                client.read(ByteBuffer.allocate(4096));
                client.write(ByteBuffer.wrap(response));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // one client's broken connection: keep serving the others
            }
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
            acceptor.join(1000);
        } catch (IOException e) {
            // closing a listening socket does not fail in a way worth reporting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
