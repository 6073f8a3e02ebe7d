package dev.netns.netlink.internal.wire;

import java.util.Objects;

/**
 * A qdisc as a dump (RTM_NEWQDISC) reports it.
 *
 * @param ifindex the device
 * @param handle its handle ({@code 8001:} for an automatic one, 0 for the default noqueue/pfifo_fast)
 * @param parent TC_H_ROOT, TC_H_INGRESS or a class
 * @param options kind and parameters; {@link RawQdiscOptions} for kinds the codec does not model
 * @param stats counters, or {@code null} if the kernel sent none
 */
public record TcQdisc(int ifindex, int handle, int parent, QdiscOptions options, TcStats stats) {

    public TcQdisc {
        Objects.requireNonNull(options, "options");
    }

    /** The TCA_KIND string. */
    public String kind() {
        return options.kind();
    }
}
