package dev.netns.netlink.internal.wire;

import dev.netns.InvalidInputException;
import java.net.InetAddress;

/**
 * A route lookup ({@code ip route get DESTINATION [from SOURCE] [iif NAME] [oif NAME] [mark MARK]}).
 *
 * @param destination the address to look up
 * @param source the source address, or {@code null}
 * @param iif the input interface index (a lookup as if the packet arrived there), 0 for none
 * @param oif the output interface index to force, 0 for none
 * @param mark the firewall mark (RTA_MARK, u32), or {@code null}
 */
public record RouteQuery(InetAddress destination, InetAddress source, int iif, int oif, Long mark) {

    /** Validates families and ranges. */
    public RouteQuery {
        if (destination == null) {
            throw new InvalidInputException("route get needs a destination address");
        }
        if (source != null && Decoding.family(source) != Decoding.family(destination)) {
            throw new InvalidInputException("route get from " + source.getHostAddress() + " to "
                    + destination.getHostAddress() + " mixes IPv4 and IPv6");
        }
        if (iif < 0 || oif < 0) {
            throw new InvalidInputException("route get interface indexes must be 0 (none) or positive");
        }
        if (mark != null && (mark < 0 || mark > 0xffff_ffffL)) {
            throw new InvalidInputException("route get mark " + mark + " is out of range 0..4294967295");
        }
    }

    /** {@code ip route get DESTINATION}. */
    public static RouteQuery to(InetAddress destination) {
        return new RouteQuery(destination, null, 0, 0, null);
    }
}
