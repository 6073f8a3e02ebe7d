package dev.netns;

/**
 * What a route does with a packet (the kernel's RTN_* route types), as {@code ip route} names them.
 * {@link NetNamespace#addRoute} accepts {@link #UNICAST}, {@link #BLACKHOLE}, {@link #UNREACHABLE},
 * {@link #PROHIBIT} and {@link #THROW}; the others appear in what the kernel reports (the local table).
 *
 * @since 0.1
 */
public enum RouteType {
    /** Forwarded to a gateway or a directly connected destination. */
    UNICAST,
    /** An address of this namespace (local table). */
    LOCAL,
    /** A broadcast address (local table). */
    BROADCAST,
    /** Answered locally as a broadcast (anycast). */
    ANYCAST,
    /** A multicast route. */
    MULTICAST,
    /** Silently dropped. */
    BLACKHOLE,
    /** Dropped with ICMP host unreachable; a lookup gets EHOSTUNREACH. */
    UNREACHABLE,
    /** Dropped with ICMP administratively prohibited; a lookup gets EACCES. */
    PROHIBIT,
    /** The lookup continues with the next rule. */
    THROW,
    /** A type without a name here (NAT, XRESOLVE, ...). */
    OTHER
}
