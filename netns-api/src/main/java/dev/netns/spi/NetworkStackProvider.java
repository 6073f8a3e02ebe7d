package dev.netns.spi;

import dev.netns.NetworkStack;

/**
 * Implemented by a backend and registered in {@code META-INF/services/dev.netns.spi.NetworkStackProvider}.
 * {@link NetworkStack#open()} uses the provider with the highest priority.
 *
 * @since 0.1
 */
public interface NetworkStackProvider {

    /** @return the priority; the highest wins */
    int priority();

    /** @return a new stack */
    NetworkStack open();
}
