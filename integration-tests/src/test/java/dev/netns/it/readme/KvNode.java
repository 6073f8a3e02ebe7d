package dev.netns.it.readme;

import dev.netns.NetNamespace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;

/**
 * The service of the README's cluster sample: a tiny replicated key-value store, small enough to
 * read in one go, real enough to show what a partition does. Not a consensus algorithm: it shows
 * quorum writes and catch-up, nothing more.
 *
 * <p>Each node listens on TCP port {@value #PORT} of its own namespace. One request per connection,
 * one text line; the answer is text lines, then the node closes the connection:
 * <pre>
 *   PUT key value        -> OK | NO_QUORUM   the node asked coordinates: it sends REPL to its peers and
 *                                            stores and answers OK once a majority (itself included) has it
 *   GET key              -> VALUE value | NONE   this node's own copy: a node cut off may be stale
 *   REPL key version value -> ACK            a peer's write
 *   DUMP                 -> "key version value" lines   every node pulls its peers' entries every 200 ms
 * </pre>
 * A version is {@code counter.writer} (writer: the node's index); the higher one wins, so a node
 * that missed writes catches up as soon as it can reach a peer again.
 *
 * <p>Where the namespace comes in: the listening socket is {@link NetNamespace#openServerSocketChannel()},
 * the sockets to peers come from {@link NetNamespace#socketFactory()}, and every thread (accepting,
 * serving, syncing) begins outside every namespace: {@link #start} runs on the caller's thread,
 * and the serving threads are started by the accepting one.
 */
final class KvNode implements AutoCloseable {
    static final int PORT = 7400;
    private static final int CONNECT_TIMEOUT_MS = 300;
    private static final int READ_TIMEOUT_MS = 2000;
    private static final long SYNC_EVERY_MS = 200;

    private record Entry(long counter, int writer, String value) {
        static Entry parse(String version, String value) {
            int dot = version.indexOf('.');
            return new Entry(Long.parseLong(version.substring(0, dot)), Integer.parseInt(version.substring(dot + 1)), value);
        }

        String version() {
            return counter + "." + writer;
        }

        boolean newerThan(Entry other) {
            return other == null || counter > other.counter || (counter == other.counter && writer > other.writer);
        }
    }

    private final String self;
    private final int index;
    private final List<String> peers;
    private final int members;
    private final SocketFactory sockets;
    private final ServerSocketChannel server;
    private final Map<String, Entry> data = new ConcurrentHashMap<>();
    private final ExecutorService handlers;
    private final Thread acceptor;
    private final Thread syncer;

    private KvNode(NetNamespace ns, String self, List<String> nodes) throws IOException {
        this.self = self;
        this.index = nodes.indexOf(self);
        this.peers = nodes.stream().filter(n -> !n.equals(self)).toList();
        this.members = nodes.size();
        this.sockets = ns.socketFactory();
        this.server = ns.openServerSocketChannel().bind(new InetSocketAddress(PORT));
        AtomicInteger n = new AtomicInteger();
        this.handlers = Executors.newCachedThreadPool(r -> daemon(r, "kv-" + self + "-" + n.incrementAndGet()));
        this.acceptor = daemon(this::acceptLoop, "kv-" + self + "-accept");
        this.syncer = daemon(this::syncLoop, "kv-" + self + "-sync");
    }

    /**
     * Starts the node {@code self} (one of {@code nodes}) in {@code ns}. Call it from a thread
     * outside every namespace (the test's own): the node's threads begin where their creator is.
     */
    static KvNode start(NetNamespace ns, String self, List<String> nodes) throws IOException {
        KvNode node = new KvNode(ns, self, nodes);
        node.acceptor.start();
        node.syncer.start();
        return node;
    }

    /** Sends one request to the node at {@code address} on a socket from {@code from}: the answer's lines. */
    static String ask(SocketFactory from, String address, String request) throws IOException {
        try (Socket s = from.createSocket()) {
            s.connect(new InetSocketAddress(address, PORT), CONNECT_TIMEOUT_MS);
            s.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = s.getOutputStream();
            out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            return String.join("\n", in.lines().toList());
        }
    }

    private List<String> answer(String request) {
        String[] w = request.split(" ", 4);
        switch (w[0]) {
            case "PUT":
                return List.of(put(w[1], request.split(" ", 3)[2]));
            case "GET":
                Entry e = data.get(w[1]);
                return List.of(e == null ? "NONE" : "VALUE " + e.value());
            case "REPL":
                merge(w[1], Entry.parse(w[2], w[3]));
                return List.of("ACK");
            case "DUMP":
                List<String> lines = new ArrayList<>();
                data.forEach((k, v) -> lines.add(k + " " + v.version() + " " + v.value()));
                return lines;
            default:
                return List.of("ERROR unknown request " + w[0]);
        }
    }

    /** A quorum write: stored here only once a majority has it (so a cut-off node never stores it). */
    private synchronized String put(String key, String value) {
        Entry old = data.get(key);
        Entry next = new Entry(old == null ? 1 : old.counter() + 1, index, value);
        int copies = 1; // this node
        for (String peer : peers) {
            try {
                if (ask(sockets, peer, "REPL " + key + " " + next.version() + " " + value).equals("ACK")) {
                    copies++;
                }
            } catch (IOException unreachable) {
                // no copy there
            }
        }
        if (2 * copies <= members) {
            return "NO_QUORUM";
        }
        merge(key, next);
        return "OK";
    }

    private void merge(String key, Entry incoming) {
        data.merge(key, incoming, (mine, theirs) -> theirs.newerThan(mine) ? theirs : mine);
    }

    private void acceptLoop() {
        try {
            while (true) {
                SocketChannel c = server.accept();
                handlers.execute(() -> serve(c));
            }
        } catch (ClosedChannelException closed) {
            // close() ends the node
        } catch (IOException e) {
            throw new IllegalStateException("node " + self + " cannot accept", e);
        }
    }

    private void serve(SocketChannel c) {
        try (c; BufferedReader in = new BufferedReader(Channels.newReader(c, StandardCharsets.UTF_8));
                Writer out = Channels.newWriter(c, StandardCharsets.UTF_8)) {
            String request = in.readLine();
            if (request != null) {
                for (String line : answer(request)) {
                    out.write(line + "\n");
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or sent garbage: nothing to answer
        }
    }

    /** Anti-entropy: pull every peer's entries and keep the newer ones. */
    private void syncLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            for (String peer : peers) {
                try {
                    for (String line : ask(sockets, peer, "DUMP").lines().toList()) {
                        String[] w = line.split(" ", 3);
                        merge(w[0], Entry.parse(w[1], w[2]));
                    }
                } catch (IOException unreachable) {
                    // try again next round
                }
            }
            try {
                Thread.sleep(SYNC_EVERY_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        syncer.interrupt();
        handlers.shutdownNow();
        acceptor.join(2000);
        syncer.join(2000);
        handlers.awaitTermination(2, TimeUnit.SECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
