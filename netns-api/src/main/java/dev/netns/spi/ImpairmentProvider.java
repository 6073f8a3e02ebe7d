package dev.netns.spi;

import dev.netns.Impairment;
import dev.netns.ImpairmentHandle;
import dev.netns.Link;
import dev.netns.NotSupportedException;

/**
 * Emulates packet impairments without the kernel's {@code netem}: implemented by a backend that
 * can steer a link's packets to userspace (the nf_tables backend, through nfnetlink_queue) and
 * registered in {@code META-INF/services/dev.netns.spi.ImpairmentProvider}. {@link Link#impair}
 * uses it when the kernel has no netem, or when the impairment is seeded.
 *
 * @since 0.1
 */
public interface ImpairmentProvider {

    /** @return the priority; the highest wins */
    int priority();

    /**
     * Applies the packet part of {@code impairment} (everything but the rate, which the caller
     * applies in the kernel) to what {@code link} sends.
     *
     * @return the handle that removes it
     * @throws NotSupportedException if this kernel lacks what the provider needs
     */
    ImpairmentHandle apply(Link link, Impairment impairment);
}
