package dev.netns;

/**
 * A running {@link NetNamespace#watch watch} of a namespace's changes. It ends when it is closed,
 * or when its namespace handle is closed; after that no more changes are delivered.
 *
 * @since 0.1
 */
public interface ChangeSubscription extends AutoCloseable {

    /**
     * Stops the watch and waits (up to a second) until the delivery thread has finished, unless
     * called from a listener on that thread. Idempotent.
     */
    @Override
    void close();

    /** @return whether the watch has ended */
    boolean isClosed();

    /** @return how many times notifications were lost and the state read again ({@link NetworkChange.Type#RESYNC}) */
    int resyncs();
}
