package dev.netns;

import java.util.Objects;

/**
 * A link's counters at one moment ({@code ip -s link}, the kernel's 64-bit IFLA_STATS64): packets,
 * bytes, errors and drops each way. "rx" is what the link received, "tx" what it sent. The counters
 * are unsigned 64-bit values that only grow; {@link #minus} gives what happened between two snapshots.
 *
 * <pre>{@code
 * LinkStatistics before = link.statistics();
 * partition.heal(); ...
 * LinkStatistics during = link.statistics().minus(before);
 * assertThat(during.rxPackets()).isZero();
 * }</pre>
 *
 * <p>Made by backends with {@link #builder()}; fields not given are 0, so counters can be added.
 *
 * @since 0.1
 */
public final class LinkStatistics {
    private final long rxPackets;
    private final long txPackets;
    private final long rxBytes;
    private final long txBytes;
    private final long rxErrors;
    private final long txErrors;
    private final long rxDropped;
    private final long txDropped;
    private final long multicast;
    private final long collisions;

    private LinkStatistics(Builder b) {
        rxPackets = b.rxPackets;
        txPackets = b.txPackets;
        rxBytes = b.rxBytes;
        txBytes = b.txBytes;
        rxErrors = b.rxErrors;
        txErrors = b.txErrors;
        rxDropped = b.rxDropped;
        txDropped = b.txDropped;
        multicast = b.multicast;
        collisions = b.collisions;
    }

    /** @return a builder with every counter at 0 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return packets received */
    public long rxPackets() {
        return rxPackets;
    }

    /** @return packets sent */
    public long txPackets() {
        return txPackets;
    }

    /** @return bytes received */
    public long rxBytes() {
        return rxBytes;
    }

    /** @return bytes sent */
    public long txBytes() {
        return txBytes;
    }

    /** @return receive errors */
    public long rxErrors() {
        return rxErrors;
    }

    /** @return send errors */
    public long txErrors() {
        return txErrors;
    }

    /** @return received packets dropped (no buffer, unknown protocol, ...) */
    public long rxDropped() {
        return rxDropped;
    }

    /** @return packets dropped on the way out (for a veth: the peer was down) */
    public long txDropped() {
        return txDropped;
    }

    /** @return multicast packets received */
    public long multicast() {
        return multicast;
    }

    /** @return collisions */
    public long collisions() {
        return collisions;
    }

    /** @return packets in both directions */
    public long packets() {
        return rxPackets + txPackets;
    }

    /**
     * @param earlier a snapshot of the same link taken before this one
     * @return the counters' growth from {@code earlier} to this snapshot (modulo 2<sup>64</sup>)
     */
    public LinkStatistics minus(LinkStatistics earlier) {
        Objects.requireNonNull(earlier, "earlier");
        return builder().rxPackets(rxPackets - earlier.rxPackets).txPackets(txPackets - earlier.txPackets)
                .rxBytes(rxBytes - earlier.rxBytes).txBytes(txBytes - earlier.txBytes)
                .rxErrors(rxErrors - earlier.rxErrors).txErrors(txErrors - earlier.txErrors)
                .rxDropped(rxDropped - earlier.rxDropped).txDropped(txDropped - earlier.txDropped)
                .multicast(multicast - earlier.multicast).collisions(collisions - earlier.collisions).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinkStatistics s && rxPackets == s.rxPackets && txPackets == s.txPackets
                && rxBytes == s.rxBytes && txBytes == s.txBytes && rxErrors == s.rxErrors && txErrors == s.txErrors
                && rxDropped == s.rxDropped && txDropped == s.txDropped && multicast == s.multicast
                && collisions == s.collisions;
    }

    @Override
    public int hashCode() {
        return Objects.hash(rxPackets, txPackets, rxBytes, txBytes, rxErrors, txErrors, rxDropped, txDropped, multicast,
                collisions);
    }

    @Override
    public String toString() {
        return "rx " + Long.toUnsignedString(rxPackets) + " packets " + Long.toUnsignedString(rxBytes) + " bytes "
                + rxErrors + " errors " + rxDropped + " dropped, tx " + Long.toUnsignedString(txPackets) + " packets "
                + Long.toUnsignedString(txBytes) + " bytes " + txErrors + " errors " + txDropped + " dropped";
    }

    /**
     * Collects the counters of a {@link LinkStatistics}.
     *
     * @since 0.1
     */
    public static final class Builder {
        private long rxPackets;
        private long txPackets;
        private long rxBytes;
        private long txBytes;
        private long rxErrors;
        private long txErrors;
        private long rxDropped;
        private long txDropped;
        private long multicast;
        private long collisions;

        private Builder() {
        }

        /** Sets packets received. */
        public Builder rxPackets(long v) {
            rxPackets = v;
            return this;
        }

        /** Sets packets sent. */
        public Builder txPackets(long v) {
            txPackets = v;
            return this;
        }

        /** Sets bytes received. */
        public Builder rxBytes(long v) {
            rxBytes = v;
            return this;
        }

        /** Sets bytes sent. */
        public Builder txBytes(long v) {
            txBytes = v;
            return this;
        }

        /** Sets receive errors. */
        public Builder rxErrors(long v) {
            rxErrors = v;
            return this;
        }

        /** Sets send errors. */
        public Builder txErrors(long v) {
            txErrors = v;
            return this;
        }

        /** Sets received packets dropped. */
        public Builder rxDropped(long v) {
            rxDropped = v;
            return this;
        }

        /** Sets sent packets dropped. */
        public Builder txDropped(long v) {
            txDropped = v;
            return this;
        }

        /** Sets multicast packets received. */
        public Builder multicast(long v) {
            multicast = v;
            return this;
        }

        /** Sets collisions. */
        public Builder collisions(long v) {
            collisions = v;
            return this;
        }

        /** @return the counters */
        public LinkStatistics build() {
            return new LinkStatistics(this);
        }
    }
}
