package dev.netns.netlink.internal.wire;

import dev.netns.LinkAddress;

/**
 * One rtnetlink notification, decoded: its {@link Kind} (what changed and whether it was added or
 * removed) and the object the kernel sent with it. See {@link RtnlEvents#decode(NlMessage)}.
 */
public sealed interface RtnlEvent {

    /** What a notification reports, one constant per RTM_NEW and RTM_DEL message type. */
    enum Kind {
        NEW_LINK, DEL_LINK, NEW_ADDRESS, DEL_ADDRESS, NEW_ROUTE, DEL_ROUTE, NEW_NEIGHBOUR, DEL_NEIGHBOUR,
        NEW_RULE, DEL_RULE;

        /** @return whether the object went away (an RTM_DEL* message) */
        public boolean isDeletion() {
            return name().startsWith("DEL_");
        }
    }

    /** @return what changed */
    Kind kind();

    /** RTM_NEWLINK / RTM_DELLINK. A NEWLINK also reports changes (up/down, carrier, rename). */
    record LinkEvent(Kind kind, LinkDetails link) implements RtnlEvent {
    }

    /** RTM_NEWADDR / RTM_DELADDR. */
    record AddressEvent(Kind kind, LinkAddress address) implements RtnlEvent {
    }

    /** RTM_NEWROUTE / RTM_DELROUTE, of any table (local and multicast routes included). */
    record RouteEvent(Kind kind, RouteEntry route) implements RtnlEvent {
    }

    /** RTM_NEWNEIGH / RTM_DELNEIGH; state changes come as NEWNEIGH, bridge FDB entries as family 7. */
    record NeighbourEvent(Kind kind, NeighbourEntry neighbour) implements RtnlEvent {
    }

    /** RTM_NEWRULE / RTM_DELRULE. */
    record RuleEvent(Kind kind, FibRule rule) implements RtnlEvent {
    }
}
