package dev.netns;

/**
 * An {@link Impairment} in force on one link end, from {@link Link#impair(Impairment)}.
 * {@link #close()} removes exactly it: the link sends as before.
 *
 * @since 0.1
 */
public interface ImpairmentHandle extends AutoCloseable {

    /** @return the impairment */
    Impairment impairment();

    /**
     * @return how it is done, for logs and reports: for example {@code "netem qdisc"},
     *     {@code "tbf qdisc"} or {@code "userspace (nfnetlink_queue)"}
     */
    String mechanism();

    /** Removes the impairment. Idempotent; a no-op once the link or its namespace is gone. */
    @Override
    void close();
}
