package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.FibRules.*;
import static dev.netns.netlink.internal.wire.Neighbour.*;
import static dev.netns.netlink.internal.wire.RtNetlink.*;

import dev.netns.netlink.internal.wire.RtnlEvent.Kind;
import java.util.Optional;

/**
 * Turns the messages of a socket that joined rtnetlink groups ({@link RtnlGroups}) into
 * {@link RtnlEvent}s. The kernel sends notifications with sequence number 0 and port id 0.
 */
public final class RtnlEvents {

    private RtnlEvents() {
    }

    /**
     * Decodes a notification.
     *
     * @return the event, or empty for message types that are not link, address, route, neighbour or
     *     rule changes (RTM_NEWNETCONF, NLMSG_DONE, ...), which a listener skips
     * @throws dev.netns.MalformedReplyException if a message of a known type is malformed
     */
    public static Optional<RtnlEvent> decode(NlMessage m) {
        switch (m.type()) {
            case RTM_NEWLINK:
            case RTM_DELLINK:
                return Optional.of(new RtnlEvent.LinkEvent(m.type() == RTM_NEWLINK ? Kind.NEW_LINK : Kind.DEL_LINK,
                        LinkKindMessages.decode(m)));
            case RTM_NEWADDR:
            case RTM_DELADDR:
                return Optional.of(new RtnlEvent.AddressEvent(m.type() == RTM_NEWADDR ? Kind.NEW_ADDRESS : Kind.DEL_ADDRESS,
                        AddressMessages.decode(m)));
            case RTM_NEWROUTE:
            case RTM_DELROUTE:
                return Optional.of(new RtnlEvent.RouteEvent(m.type() == RTM_NEWROUTE ? Kind.NEW_ROUTE : Kind.DEL_ROUTE,
                        RouteSpecMessages.decode(m)));
            case RTM_NEWNEIGH:
            case RTM_DELNEIGH:
                return Optional.of(new RtnlEvent.NeighbourEvent(
                        m.type() == RTM_NEWNEIGH ? Kind.NEW_NEIGHBOUR : Kind.DEL_NEIGHBOUR, NeighbourMessages.decode(m)));
            case RTM_NEWRULE:
            case RTM_DELRULE:
                return Optional.of(new RtnlEvent.RuleEvent(m.type() == RTM_NEWRULE ? Kind.NEW_RULE : Kind.DEL_RULE,
                        RuleMessages.decode(m)));
            default:
                return Optional.empty();
        }
    }
}
