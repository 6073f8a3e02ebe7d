package dev.netns;

import dev.netns.internal.Validation;
import java.util.Objects;

/**
 * An address assigned to a link. Immutable, compared by value.
 *
 * <p>Backends make one with {@link #builder()}, so that attributes the kernel reports (flags such
 * as {@code tentative}, label, lifetimes) can be added later without breaking them.
 *
 * <pre>{@code
 * LinkAddress a = LinkAddress.builder().prefix(IpPrefix.parse("192.168.15.1/24")).index(3).scope("global").build();
 * }</pre>
 *
 * @since 0.1
 */
public final class LinkAddress {

    private final IpPrefix prefix;
    private final int index;
    private final String scope;

    private LinkAddress(Builder b) {
        Validation.notNull("link address prefix", b.prefix);
        prefix = b.prefix;
        index = b.index;
        scope = b.scope;
    }

    /** @return a builder; {@link Builder#prefix} must be set, the index defaults to 0 and the scope to {@code null} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the address and prefix length */
    public IpPrefix prefix() {
        return prefix;
    }

    /** @return the index of the link that carries it */
    public int index() {
        return index;
    }

    /** @return the address scope as iproute2 prints it: "global", "link", "host" */
    public String scope() {
        return scope;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinkAddress a && prefix.equals(a.prefix) && index == a.index && Objects.equals(scope, a.scope);
    }

    @Override
    public int hashCode() {
        return Objects.hash(prefix, index, scope);
    }

    @Override
    public String toString() {
        return "LinkAddress[prefix=" + prefix + ", index=" + index + ", scope=" + scope + "]";
    }

    /**
     * Collects the fields of a {@link LinkAddress}. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private IpPrefix prefix;
        private int index;
        private String scope;

        private Builder() {
        }

        /** Sets the address and prefix length. */
        public Builder prefix(IpPrefix prefix) {
            this.prefix = prefix;
            return this;
        }

        /** Sets the index of the link that carries the address. */
        public Builder index(int index) {
            this.index = index;
            return this;
        }

        /** Sets the scope as iproute2 prints it ("global", "link", "host"). */
        public Builder scope(String scope) {
            this.scope = scope;
            return this;
        }

        /**
         * @return the link address
         * @throws InvalidInputException if no prefix was set
         */
        public LinkAddress build() {
            return new LinkAddress(this);
        }
    }
}
