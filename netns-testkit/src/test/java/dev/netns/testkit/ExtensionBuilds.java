package dev.netns.testkit;

import dev.netns.NetworkStack;

/**
 * The JUnit extension's way of building networks (a {@link SandboxShelf} keeping sandboxes from
 * one network to the next of the same topology), for benchmarks that live outside this package.
 * Test code only.
 */
public final class ExtensionBuilds implements AutoCloseable {
    private final NetworkStack stack;
    private final SandboxShelf shelf = new SandboxShelf();

    /** @param stack the stack to build on; it stays the caller's */
    public ExtensionBuilds(NetworkStack stack) {
        this.stack = stack;
    }

    /** @return the network, built as the extension builds it before a test */
    public Network build(Topology topology) {
        return NetworkFactory.build(topology, stack, shelf);
    }

    /** Deletes the sandboxes kept. */
    @Override
    public void close() {
        shelf.close();
    }
}
