package dev.netns.spi;

import dev.netns.NatTable;
import dev.netns.NetNamespace;

/**
 * Implemented by a NAT backend and registered in {@code META-INF/services/dev.netns.spi.NatProvider}.
 * Backends of {@link NetNamespace#nat()} look it up with {@link java.util.ServiceLoader}.
 *
 * @since 0.1
 */
public interface NatProvider {

    /**
     * Returns the NAT table of {@code namespace}. Called on every {@link NetNamespace#nat()}, so it
     * must be cheap; tables of the same namespace (equal {@link NetNamespace#id()}) share their
     * state, whichever handle they were opened through.
     *
     * @param namespace an open namespace handle
     * @return the NAT table of {@code namespace}
     */
    NatTable open(NetNamespace namespace);
}
