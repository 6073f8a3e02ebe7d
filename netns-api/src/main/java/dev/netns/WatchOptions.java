package dev.netns;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a {@link NetNamespace#watch watch} listens to and how much the kernel may queue for it.
 * Immutable; made with {@link #builder()}.
 *
 * <pre>{@code
 * red.watch(WatchOptions.builder().topics(Topic.NEIGHBOURS, Topic.ROUTES).build(), change -> ...);
 * }</pre>
 *
 * @since 0.1
 */
public final class WatchOptions {
    /** The receive buffer a watch asks for unless told otherwise: 1 MiB. */
    public static final int DEFAULT_RECEIVE_BUFFER = 1 << 20;

    private final Set<NetworkChange.Topic> topics;
    private final int receiveBufferBytes;

    private WatchOptions(Builder b) {
        if (b.topics.isEmpty()) {
            throw new InvalidInputException("a watch needs at least one topic");
        }
        if (b.receiveBufferBytes < 1024 || b.receiveBufferBytes > (1 << 30)) {
            throw new InvalidInputException("watch receive buffer " + b.receiveBufferBytes
                    + " bytes is out of range 1024..1073741824");
        }
        this.topics = Set.copyOf(b.topics);
        this.receiveBufferBytes = b.receiveBufferBytes;
    }

    /** @return every topic, the default buffer */
    public static WatchOptions all() {
        return builder().build();
    }

    /** @return a builder with every topic and the default buffer */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the topics */
    public Set<NetworkChange.Topic> topics() {
        return topics;
    }

    /** @return the socket receive buffer (SO_RCVBUF) asked for; the kernel doubles it for bookkeeping */
    public int receiveBufferBytes() {
        return receiveBufferBytes;
    }

    /**
     * Collects the options of a watch.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final EnumSet<NetworkChange.Topic> topics = EnumSet.allOf(NetworkChange.Topic.class);
        private int receiveBufferBytes = DEFAULT_RECEIVE_BUFFER;

        private Builder() {
        }

        /** Listens to these topics only. */
        public Builder topics(NetworkChange.Topic... chosen) {
            topics.clear();
            for (NetworkChange.Topic t : chosen) {
                if (t == null) {
                    throw new InvalidInputException("watch topic must not be null");
                }
                topics.add(t);
            }
            return this;
        }

        /**
         * Sets the socket receive buffer, 1024 bytes to 1 GiB. A small one loses notifications in a
         * burst of changes, which the watch reports as a {@link NetworkChange.Type#RESYNC}.
         */
        public Builder receiveBufferBytes(int bytes) {
            receiveBufferBytes = bytes;
            return this;
        }

        /** @return the options */
        public WatchOptions build() {
            return new WatchOptions(this);
        }
    }
}
