package dev.netns.spi;

import dev.netns.NetNamespace;
import dev.netns.PacketFilter;
import java.util.Optional;

/**
 * A packet-filter backend (NAT and filter rules), registered in
 * {@code META-INF/services/dev.netns.spi.PacketFilterProvider} and found with
 * {@link java.util.ServiceLoader} by the namespace backend, which picks one per
 * {@link dev.netns.NetworkStack}: the one the system property
 * {@value dev.netns.PacketFilter#BACKEND_PROPERTY} names, otherwise the available one with the
 * highest {@link #priority()}.
 *
 * @since 0.1
 */
public interface PacketFilterProvider {

    /** @return the backend's name, for example {@code nftables}; what the system property names */
    String name();

    /** @return the preference among available backends: the highest wins */
    int priority();

    /**
     * Probes whether the backend can work on this machine; may be slow the first time, then cached.
     *
     * @return empty if it can, otherwise why not, for a person
     */
    Optional<String> unavailableReason();

    /**
     * Returns the packet filter of {@code namespace}. Called once per namespace handle; filters of
     * the same namespace (equal {@link NetNamespace#id()}) share their state, whichever handle they
     * were opened through.
     *
     * @param namespace an open namespace handle
     * @param createdByHandle whether {@code namespace} is a handle that created its namespace (or the
     *     JVM's own namespace): rules the backend writes there may die with this JVM, unless the
     *     handle is {@linkplain NetNamespace#release() released}, see {@link #closing}
     * @return the packet filter of {@code namespace}
     */
    PacketFilter open(NetNamespace namespace, boolean createdByHandle);

    /**
     * Called by the namespace backend when a handle whose packet filter was opened closes, before
     * its descriptor is released. A backend that holds something per namespace (a socket) lets go
     * of it when no open handle is left.
     *
     * @param namespace the handle being closed, still usable during this call
     * @param keepRules whether the namespace outlives the handle and its rules must stay
     *     ({@link NetNamespace#release()} of a named namespace, or a handle that did not create
     *     its namespace)
     */
    default void closing(NetNamespace namespace, boolean keepRules) {
    }
}
