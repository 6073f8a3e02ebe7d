package dev.netns;

import dev.netns.internal.Validation;
import java.util.List;
import java.util.Objects;

/**
 * One change in a namespace, as the kernel announced it (rtnetlink notifications), delivered to a
 * {@link NetNamespace#watch watcher}: a link, address, route, neighbour or rule came, changed or went.
 * Or a {@link Type#RESYNC}: the kernel dropped notifications (the watcher's receive buffer overflowed,
 * ENOBUFS), so the SDK read the whole state again and hands it over in {@link #links()},
 * {@link #addresses()}, {@link #routes()}, {@link #neighbours()} and {@link #rules()}; changes
 * before it may have been missed, changes after it are reported again.
 *
 * <p>Not kernel notifications: what the SDK itself does is reported to {@link NetnsListener}s.
 *
 * <pre>{@code
 * try (ChangeSubscription s = red.watch(change -> {
 *     if (change.type() == NetworkChange.Type.NEIGHBOUR_CHANGED) seen.add(change.neighbour());
 * })) { ... }
 * }</pre>
 *
 * @since 0.1
 */
public final class NetworkChange {

    /** What kind of object a watcher hears about (each is one or two rtnetlink groups). */
    public enum Topic {
        /** Links: created, changed (up, down, carrier, rename, MTU), deleted. */
        LINKS,
        /** IPv4 and IPv6 addresses. */
        ADDRESSES,
        /** IPv4 and IPv6 routes of every table. */
        ROUTES,
        /** ARP and NDP neighbour entries. */
        NEIGHBOURS,
        /** IPv4 and IPv6 policy-routing rules. */
        RULES
    }

    /** What happened. */
    public enum Type {
        /** A link appeared or changed: {@link #link()}. */
        LINK_CHANGED,
        /** A link went away: {@link #link()}. */
        LINK_DELETED,
        /** An address was added: {@link #address()}. */
        ADDRESS_ADDED,
        /** An address was removed: {@link #address()}. */
        ADDRESS_DELETED,
        /** A route was added or replaced: {@link #route()}. */
        ROUTE_ADDED,
        /** A route was removed: {@link #route()}. */
        ROUTE_DELETED,
        /** A neighbour entry appeared or changed state: {@link #neighbour()}. */
        NEIGHBOUR_CHANGED,
        /** A neighbour entry was removed: {@link #neighbour()}. */
        NEIGHBOUR_DELETED,
        /** A rule was added: {@link #rule()}. */
        RULE_ADDED,
        /** A rule was removed: {@link #rule()}. */
        RULE_DELETED,
        /** Notifications were lost; the snapshot lists hold the state read again. */
        RESYNC
    }

    private final Type type;
    private final Object subject;
    private final String reason;
    private final List<LinkInfo> links;
    private final List<LinkAddress> addresses;
    private final List<Route> routes;
    private final List<Neighbour> neighbours;
    private final List<Rule> rules;

    private NetworkChange(Type type, Object subject, String reason, List<LinkInfo> links, List<LinkAddress> addresses,
            List<Route> routes, List<Neighbour> neighbours, List<Rule> rules) {
        this.type = Validation.notNull("change type", type);
        this.subject = subject;
        this.reason = reason;
        this.links = List.copyOf(links);
        this.addresses = List.copyOf(addresses);
        this.routes = List.copyOf(routes);
        this.neighbours = List.copyOf(neighbours);
        this.rules = List.copyOf(rules);
    }

    private static NetworkChange of(Type type, Object subject, Type a, Type b) {
        if (type != a && type != b) {
            throw new InvalidInputException("change type " + type + " does not go with a " + subject.getClass().getSimpleName());
        }
        return new NetworkChange(type, Validation.notNull("changed object", subject), null, List.of(), List.of(), List.of(),
                List.of(), List.of());
    }

    /** @return a link change, for backends */
    public static NetworkChange link(Type type, LinkInfo link) {
        return of(type, link, Type.LINK_CHANGED, Type.LINK_DELETED);
    }

    /** @return an address change, for backends */
    public static NetworkChange address(Type type, LinkAddress address) {
        return of(type, address, Type.ADDRESS_ADDED, Type.ADDRESS_DELETED);
    }

    /** @return a route change, for backends */
    public static NetworkChange route(Type type, Route route) {
        return of(type, route, Type.ROUTE_ADDED, Type.ROUTE_DELETED);
    }

    /** @return a neighbour change, for backends */
    public static NetworkChange neighbour(Type type, Neighbour neighbour) {
        return of(type, neighbour, Type.NEIGHBOUR_CHANGED, Type.NEIGHBOUR_DELETED);
    }

    /** @return a rule change, for backends */
    public static NetworkChange rule(Type type, Rule rule) {
        return of(type, rule, Type.RULE_ADDED, Type.RULE_DELETED);
    }

    /**
     * @param reason why, for example "ENOBUFS: the receive buffer overflowed"
     * @return a resync with the state read again (lists of topics not watched are empty), for backends
     */
    public static NetworkChange resync(String reason, List<LinkInfo> links, List<LinkAddress> addresses,
            List<Route> routes, List<Neighbour> neighbours, List<Rule> rules) {
        return new NetworkChange(Type.RESYNC, null, reason, links, addresses, routes, neighbours, rules);
    }

    /** @return what happened */
    public Type type() {
        return type;
    }

    /** @return whether an object went away */
    public boolean isDeletion() {
        return type.name().endsWith("_DELETED");
    }

    /** @return the link of a link change, else {@code null} */
    public LinkInfo link() {
        return subject instanceof LinkInfo l ? l : null;
    }

    /** @return the address of an address change, else {@code null} */
    public LinkAddress address() {
        return subject instanceof LinkAddress a ? a : null;
    }

    /** @return the route of a route change (of any table and type), else {@code null} */
    public Route route() {
        return subject instanceof Route r ? r : null;
    }

    /** @return the entry of a neighbour change, else {@code null} */
    public Neighbour neighbour() {
        return subject instanceof Neighbour n ? n : null;
    }

    /** @return the rule of a rule change, else {@code null} */
    public Rule rule() {
        return subject instanceof Rule r ? r : null;
    }

    /** @return why a {@link Type#RESYNC} happened, else {@code null} */
    public String reason() {
        return reason;
    }

    /** @return for a {@link Type#RESYNC} of links, every link; else empty */
    public List<LinkInfo> links() {
        return links;
    }

    /** @return for a {@link Type#RESYNC} of addresses, every address; else empty */
    public List<LinkAddress> addresses() {
        return addresses;
    }

    /** @return for a {@link Type#RESYNC} of routes, every route of every table; else empty */
    public List<Route> routes() {
        return routes;
    }

    /** @return for a {@link Type#RESYNC} of neighbours, every ARP and NDP entry; else empty */
    public List<Neighbour> neighbours() {
        return neighbours;
    }

    /** @return for a {@link Type#RESYNC} of rules, every rule; else empty */
    public List<Rule> rules() {
        return rules;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkChange c && type == c.type && Objects.equals(subject, c.subject)
                && Objects.equals(reason, c.reason) && links.equals(c.links) && addresses.equals(c.addresses)
                && routes.equals(c.routes) && neighbours.equals(c.neighbours) && rules.equals(c.rules);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, subject, reason, links, addresses, routes, neighbours, rules);
    }

    @Override
    public String toString() {
        if (type == Type.RESYNC) {
            return "RESYNC (" + reason + "): " + links.size() + " links, " + addresses.size() + " addresses, "
                    + routes.size() + " routes, " + neighbours.size() + " neighbours, " + rules.size() + " rules";
        }
        return type + " " + subject;
    }
}
