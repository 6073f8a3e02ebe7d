package dev.netns.testkit;

import dev.netns.InvalidInputException;
import dev.netns.Route;
import java.util.List;

/**
 * A host of a {@link Topology}: one network namespace, with its routes and whether it forwards
 * packets (acts as a router).
 *
 * <pre>{@code
 * new HostSpec("red", false, List.of(Route.defaultVia("192.168.15.5")));
 * }</pre>
 *
 * @param name the host's name in the topology, used for injection ({@code @Host("red")}) and in messages
 * @param forwarding whether {@code net.ipv4.ip_forward} (and IPv6 forwarding) is switched on
 * @param routes routes added after every link is up, in order
 * @since 0.1
 */
public record HostSpec(String name, boolean forwarding, List<Route> routes) {

    /** Validates the name and copies the routes. */
    public HostSpec {
        Topology.checkNodeName("host", name);
        if (routes == null) {
            throw new InvalidInputException("routes of host " + name + " must not be null");
        }
        routes = List.copyOf(routes);
    }

    /** @return a copy with {@code route} added */
    public HostSpec withRoute(Route route) {
        List<Route> more = new java.util.ArrayList<>(routes);
        more.add(route);
        return new HostSpec(name, forwarding, more);
    }

    /** @return a copy that forwards packets, or does not */
    public HostSpec withForwarding(boolean on) {
        return new HostSpec(name, on, routes);
    }
}
