package dev.netns.netlink.internal.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A qdisc whose kind the codec does not model (pfifo_fast, noqueue, mq, ...): its kind and the
 * TCA_OPTIONS payload as the kernel sent it (empty when there was none). Only decoded, never sent.
 *
 * @param kind the TCA_KIND string
 * @param options the TCA_OPTIONS payload, never null
 */
public record RawQdiscOptions(String kind, byte[] options) implements QdiscOptions {

    public RawQdiscOptions {
        Objects.requireNonNull(kind, "kind");
        options = options == null ? new byte[0] : options.clone();
    }

    @Override
    public byte[] options() {
        return options.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawQdiscOptions r && r.kind.equals(kind) && Arrays.equals(r.options, options);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(options);
    }

    @Override
    public String toString() {
        return "RawQdiscOptions[kind=" + kind + ", options=" + HexFormat.of().formatHex(options) + "]";
    }
}
