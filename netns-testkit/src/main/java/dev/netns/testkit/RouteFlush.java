package dev.netns.testkit;

import dev.netns.NetNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A kept sandbox's route flush ({@code net.ipv4.route.flush}, and {@code net.ipv6.route.flush}
 * where the topology has IPv6), opened once inside the sandbox and written from the shelf's
 * thread. A {@code /proc/sys/net} file stays bound to the namespace it was opened in, so the reset
 * writes it without handing the write to the sandbox's own thread: that hand-off was a fifth of
 * a reset's time on a busy machine, and the next test waits for the reset.
 */
final class RouteFlush implements AutoCloseable {
    private static final byte[] ONE = {'1', '\n'};

    private final List<FileChannel> files;

    private RouteFlush(List<FileChannel> files) {
        this.files = files;
    }

    /** Opens the flush files inside {@code sandbox} (on its own thread). */
    static RouteFlush open(NetNamespace sandbox, boolean ipv6) {
        List<String> keys = ipv6 ? List.of("ipv4", "ipv6") : List.of("ipv4");
        return sandbox.call(() -> {
            List<FileChannel> opened = new ArrayList<>();
            try {
                for (String family : keys) {
                    opened.add(FileChannel.open(Path.of("/proc/sys/net", family, "route/flush"), StandardOpenOption.WRITE));
                }
            } catch (IOException | RuntimeException e) {
                closeAll(opened);
                throw e;
            }
            return new RouteFlush(List.copyOf(opened));
        });
    }

    /**
     * Flushes the sandbox's cached routes and learnt path MTUs (the kernel flushes on any write).
     *
     * @throws UncheckedIOException if the kernel refused, for example because the sandbox is gone
     */
    void flush() {
        try {
            for (FileChannel f : files) {
                f.write(ByteBuffer.wrap(ONE), 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("flush the kept sandbox's routes", e);
        }
    }

    @Override
    public void close() {
        closeAll(files);
    }

    private static void closeAll(List<FileChannel> files) {
        for (FileChannel f : files) {
            try {
                f.close();
            } catch (IOException ignored) {
                // closed either way
            }
        }
    }
}
