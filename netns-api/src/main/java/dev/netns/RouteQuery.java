package dev.netns;

import dev.netns.internal.Validation;
import java.net.InetAddress;

/**
 * A question for {@link NetNamespace#lookupRoute(RouteQuery)}: which route would a packet to this
 * address take ({@code ip route get ADDRESS [from SOURCE] [iif NAME] [oif NAME] [mark MARK]}).
 * Immutable; the methods return copies.
 *
 * <pre>{@code
 * RouteLookup r = red.lookupRoute(RouteQuery.to("10.1.2.3").from("192.168.15.1").mark(0x1));
 * }</pre>
 *
 * @since 0.1
 */
public final class RouteQuery {
    private final InetAddress destination;
    private final InetAddress source;
    private final String iif;
    private final String oif;
    private final Long mark;

    private RouteQuery(InetAddress destination, InetAddress source, String iif, String oif, Long mark) {
        Validation.notNull("route lookup destination", destination);
        if (source != null && source.getAddress().length != destination.getAddress().length) {
            throw new InvalidInputException("route lookup from " + IpPrefix.hostString(source) + " to "
                    + IpPrefix.hostString(destination) + " mixes IPv4 and IPv6");
        }
        if (iif != null) {
            Validation.interfaceName(iif);
        }
        if (oif != null) {
            Validation.interfaceName(oif);
        }
        if (mark != null && (mark < 0 || mark > 0xFFFF_FFFFL)) {
            throw new InvalidInputException("route lookup mark " + mark + " is out of range 0..4294967295");
        }
        if (iif != null && source == null) {
            throw new InvalidInputException("route lookup to " + IpPrefix.hostString(destination) + " with iif " + iif
                    + " needs a source address (from), as for a packet that arrived there");
        }
        this.destination = destination;
        this.source = source;
        this.iif = iif;
        this.oif = oif;
        this.mark = mark;
    }

    /** @return a lookup of {@code address}, a literal such as {@code "10.1.2.3"} */
    public static RouteQuery to(String address) {
        return to(IpPrefix.parseAddress(address));
    }

    /** @return a lookup of {@code address} */
    public static RouteQuery to(InetAddress address) {
        return new RouteQuery(address, null, null, null, null);
    }

    /** @return a copy that asks for a packet from {@code address} */
    public RouteQuery from(String address) {
        return new RouteQuery(destination, IpPrefix.parseAddress(address), iif, oif, mark);
    }

    /** @return a copy that asks for a packet that arrived on interface {@code name} (needs {@link #from}) */
    public RouteQuery iif(String name) {
        return new RouteQuery(destination, source, name, oif, mark);
    }

    /** @return a copy that forces the output interface {@code name} */
    public RouteQuery oif(String name) {
        return new RouteQuery(destination, source, iif, name, mark);
    }

    /** @return a copy that asks for a packet with firewall mark {@code value} */
    public RouteQuery mark(long value) {
        return new RouteQuery(destination, source, iif, oif, value);
    }

    /** @return the destination address */
    public InetAddress destination() {
        return destination;
    }

    /** @return the source address, or {@code null} */
    public InetAddress source() {
        return source;
    }

    /** @return the input interface, or {@code null} */
    public String iif() {
        return iif;
    }

    /** @return the output interface, or {@code null} */
    public String oif() {
        return oif;
    }

    /** @return the firewall mark, or {@code null} */
    public Long mark() {
        return mark;
    }

    @Override
    public String toString() {
        return IpPrefix.hostString(destination) + (source != null ? " from " + IpPrefix.hostString(source) : "")
                + (iif != null ? " iif " + iif : "") + (oif != null ? " oif " + oif : "")
                + (mark != null ? " mark 0x" + Long.toHexString(mark) : "");
    }
}
