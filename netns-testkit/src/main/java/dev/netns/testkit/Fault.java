package dev.netns.testkit;

/**
 * A fault in force in a {@link Network}: a link down, a partition, packet loss, a delay.
 * {@link #close()} heals it; faults still in force when the network closes go with it.
 *
 * <pre>{@code
 * try (Fault cut = net.partition("red", "blue")) {
 *     assertThat(red).cannotConnect("192.168.15.2", 80);
 * }
 * assertThat(red).eventually().canConnect("192.168.15.2", 80);
 * }</pre>
 *
 * @since 0.1
 */
public interface Fault extends AutoCloseable {

    /** @return what the fault does, for example {@code "partition red <-> blue"} */
    String description();

    /** @return whether it is still in force */
    boolean isActive();

    /** Heals the fault. Idempotent; does nothing once the network is closed. */
    @Override
    void close();
}
