package dev.netns;

import dev.netns.NatRule.PortRange;
import dev.netns.internal.Validation;
import java.net.Inet4Address;
import java.util.Locale;
import java.util.Objects;

/**
 * A packet-filter rule, as a value: drop or reject packets in one {@linkplain Direction direction}
 * that match every condition given (source, destination, protocol, destination ports, interfaces),
 * optionally only a random fraction of them, optionally only those opening a new connection.
 * Applied to a namespace with {@link FilterTable#apply}. Built by {@link #drop}, {@link #reject} or
 * {@link #builder()}; checked when built, so a rule that exists is one a backend can write.
 *
 * <pre>{@code
 * ns.packetFilter().filter().apply(FilterRule.drop(Direction.INPUT).from("192.168.15.1").build());
 * ns.packetFilter().filter().apply(FilterRule.reject(Direction.INPUT).protocol(IpProtocol.TCP)
 *         .destinationPort(5432).newConnectionsOnly().build());
 * ns.packetFilter().filter().apply(FilterRule.drop(Direction.INPUT).probability(0.3).build()); // 30% loss
 * }</pre>
 *
 * @since 0.1
 */
public final class FilterRule {

    /** What happens to a matching packet. @since 0.1 */
    public enum Action {
        /** Discarded silently: the sender times out. */
        DROP,
        /** Discarded with an answer: a TCP reset for TCP, an ICMP port-unreachable otherwise. */
        REJECT
    }

    /** Which packets of the namespace the rule sees. @since 0.1 */
    public enum Direction {
        /** Packets addressed to this namespace. */
        INPUT,
        /** Packets this namespace routes from one interface to another. */
        FORWARD,
        /** Packets this namespace sends. */
        OUTPUT
    }

    /** The protocol above IP that a rule matches. @since 0.1 */
    public enum IpProtocol {
        /** TCP. */
        TCP,
        /** UDP. */
        UDP,
        /** ICMP (ICMPv6 for IPv6 rules). */
        ICMP
    }

    private final Action action;
    private final Direction direction;
    private final IpPrefix source;
    private final IpPrefix destination;
    private final IpProtocol protocol;
    private final PortRange destinationPorts;
    private final String inInterface;
    private final String outInterface;
    private final double probability;
    private final boolean newConnectionsOnly;

    private FilterRule(Builder b) {
        this.action = Validation.notNull("filter rule action", b.action);
        this.direction = Validation.notNull("filter rule direction", b.direction);
        this.source = b.source == null ? null : b.source.network();
        this.destination = b.destination == null ? null : b.destination.network();
        if (source != null && destination != null && source.isIpv4() != destination.isIpv4()) {
            throw new InvalidInputException("filter rule source " + source + " and destination " + destination
                    + " are of different address families; one rule is all IPv4 or all IPv6");
        }
        this.protocol = b.protocol;
        this.destinationPorts = b.destinationPorts;
        if (destinationPorts != null && protocol != IpProtocol.TCP && protocol != IpProtocol.UDP) {
            throw new InvalidInputException("filter rule destination ports " + destinationPorts
                    + " need protocol TCP or UDP, got " + protocol);
        }
        if (b.inInterface != null) {
            Validation.interfaceName(b.inInterface);
            if (direction == Direction.OUTPUT) {
                throw new InvalidInputException("filter rule in interface " + b.inInterface
                        + " is not allowed for OUTPUT: packets this namespace sends arrive on no interface");
            }
        }
        if (b.outInterface != null) {
            Validation.interfaceName(b.outInterface);
            if (direction == Direction.INPUT) {
                throw new InvalidInputException("filter rule out interface " + b.outInterface
                        + " is not allowed for INPUT: packets addressed to this namespace leave by no interface");
            }
        }
        this.inInterface = b.inInterface;
        this.outInterface = b.outInterface;
        if (!(b.probability > 0 && b.probability <= 1)) {
            throw new InvalidInputException("filter rule probability " + b.probability + " must be in (0, 1]");
        }
        this.probability = b.probability;
        this.newConnectionsOnly = b.newConnectionsOnly;
    }

    /** @return a builder of a rule that drops packets in {@code direction} */
    public static Builder drop(Direction direction) {
        return new Builder().action(Action.DROP).direction(direction);
    }

    /** @return a builder of a rule that rejects packets in {@code direction} */
    public static Builder reject(Direction direction) {
        return new Builder().action(Action.REJECT).direction(direction);
    }

    /** @return an empty builder: action and direction must be set */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this rule's components */
    public Builder toBuilder() {
        Builder b = new Builder().action(action).direction(direction).from(source).to(destination).protocol(protocol)
                .destinationPorts(destinationPorts).arrivingOn(inInterface).leavingBy(outInterface)
                .probability(probability);
        b.newConnectionsOnly = newConnectionsOnly;
        return b;
    }

    /** @return drop or reject */
    public Action action() {
        return action;
    }

    /** @return which packets the rule sees */
    public Direction direction() {
        return direction;
    }

    /** @return the source prefix (network form), or {@code null} for any */
    public IpPrefix source() {
        return source;
    }

    /** @return the destination prefix (network form), or {@code null} for any */
    public IpPrefix destination() {
        return destination;
    }

    /** @return the protocol, or {@code null} for any */
    public IpProtocol protocol() {
        return protocol;
    }

    /** @return the destination ports (TCP or UDP only), or {@code null} for any */
    public PortRange destinationPorts() {
        return destinationPorts;
    }

    /** @return the interface packets arrive on, or {@code null} for any */
    public String inInterface() {
        return inInterface;
    }

    /** @return the interface packets leave by, or {@code null} for any */
    public String outInterface() {
        return outInterface;
    }

    /** @return the fraction of matching packets the action applies to, in (0, 1]; 1 for all */
    public double probability() {
        return probability;
    }

    /** @return whether only packets that open a new connection match (conntrack state NEW) */
    public boolean newConnectionsOnly() {
        return newConnectionsOnly;
    }

    /**
     * @return {@code Boolean.TRUE} for an IPv6-only rule, {@code FALSE} for an IPv4-only one,
     *     {@code null} when the rule names no address and so matches both
     */
    public Boolean isIpv6() {
        IpPrefix p = source != null ? source : destination;
        return p == null ? null : !(p.address() instanceof Inet4Address);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FilterRule r && r.action == action && r.direction == direction
                && Objects.equals(r.source, source) && Objects.equals(r.destination, destination)
                && r.protocol == protocol && Objects.equals(r.destinationPorts, destinationPorts)
                && Objects.equals(r.inInterface, inInterface) && Objects.equals(r.outInterface, outInterface)
                && Double.compare(r.probability, probability) == 0 && r.newConnectionsOnly == newConnectionsOnly;
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, direction, source, destination, protocol, destinationPorts, inInterface,
                outInterface, probability, newConnectionsOnly);
    }

    /** @return for example {@code drop INPUT from 10.0.0.1/32 tcp dport 80 new (30%)} */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(action.name().toLowerCase(Locale.ROOT)).append(' ').append(direction);
        if (inInterface != null) {
            sb.append(" in ").append(inInterface);
        }
        if (outInterface != null) {
            sb.append(" out ").append(outInterface);
        }
        if (source != null) {
            sb.append(" from ").append(source);
        }
        if (destination != null) {
            sb.append(" to ").append(destination);
        }
        if (protocol != null) {
            sb.append(' ').append(protocol.name().toLowerCase(Locale.ROOT));
        }
        if (destinationPorts != null) {
            sb.append(" dport ").append(destinationPorts);
        }
        if (newConnectionsOnly) {
            sb.append(" new");
        }
        if (probability < 1) {
            sb.append(String.format(Locale.ROOT, " (%.4g%%)", probability * 100));
        }
        return sb.toString();
    }

    /**
     * Builds a {@link FilterRule}; not thread-safe. Conditions left unset match anything.
     *
     * @since 0.1
     */
    public static final class Builder {
        private Action action;
        private Direction direction;
        private IpPrefix source;
        private IpPrefix destination;
        private IpProtocol protocol;
        private PortRange destinationPorts;
        private String inInterface;
        private String outInterface;
        private double probability = 1;
        private boolean newConnectionsOnly;

        private Builder() {
        }

        /**
         * @param action drop or reject
         * @return this
         */
        public Builder action(Action action) {
            this.action = action;
            return this;
        }

        /**
         * @param direction which packets the rule sees
         * @return this
         */
        public Builder direction(Direction direction) {
            this.direction = direction;
            return this;
        }

        /**
         * @param source the source prefix, or {@code null} for any
         * @return this
         */
        public Builder from(IpPrefix source) {
            this.source = source;
            return this;
        }

        /**
         * @param source a prefix or an address literal ({@code /32} or {@code /128})
         * @return this
         */
        public Builder from(String source) {
            return from(IpPrefix.parse(source));
        }

        /**
         * @param destination the destination prefix, or {@code null} for any
         * @return this
         */
        public Builder to(IpPrefix destination) {
            this.destination = destination;
            return this;
        }

        /**
         * @param destination a prefix or an address literal
         * @return this
         */
        public Builder to(String destination) {
            return to(IpPrefix.parse(destination));
        }

        /**
         * @param protocol the protocol, or {@code null} for any
         * @return this
         */
        public Builder protocol(IpProtocol protocol) {
            this.protocol = protocol;
            return this;
        }

        /**
         * @param ports the destination ports, or {@code null} for any; needs TCP or UDP
         * @return this
         */
        public Builder destinationPorts(PortRange ports) {
            this.destinationPorts = ports;
            return this;
        }

        /**
         * @param port one destination port; needs TCP or UDP
         * @return this
         */
        public Builder destinationPort(int port) {
            return destinationPorts(PortRange.of(port));
        }

        /**
         * @param inInterface the interface packets arrive on, or {@code null}
         * @return this
         */
        public Builder arrivingOn(String inInterface) {
            this.inInterface = inInterface;
            return this;
        }

        /**
         * @param outInterface the interface packets leave by, or {@code null}
         * @return this
         */
        public Builder leavingBy(String outInterface) {
            this.outInterface = outInterface;
            return this;
        }

        /**
         * @param probability the fraction of matching packets affected, in (0, 1]
         * @return this
         */
        public Builder probability(double probability) {
            this.probability = probability;
            return this;
        }

        /**
         * Matches only packets that open a new connection: for TCP the SYN (so connections opened
         * before the rule are never touched), for other protocols conntrack's state NEW.
         *
         * @return this
         */
        public Builder newConnectionsOnly() {
            this.newConnectionsOnly = true;
            return this;
        }

        /**
         * @return the rule
         * @throws InvalidInputException if a component is missing or not acceptable
         */
        public FilterRule build() {
            return new FilterRule(this);
        }
    }
}
