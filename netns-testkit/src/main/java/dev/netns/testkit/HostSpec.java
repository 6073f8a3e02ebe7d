package dev.netns.testkit;

import dev.netns.InvalidInputException;
import dev.netns.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A host of a {@link Topology}: one network namespace, with its routes and whether it forwards
 * packets (acts as a router). Immutable, compared by value.
 *
 * <p>Host specs are made by {@link Topology.Builder#host(String)}, {@link Topology.Builder#route}
 * and {@link Topology.Builder#forwarding}; read them back with {@link Topology#host(String)}:
 *
 * <pre>{@code
 * Topology t = Topology.builder().host("red").defaultRoute("red", "192.168.15.5").build();
 * t.host("red").routes(); // [default via 192.168.15.5]
 * }</pre>
 *
 * @since 0.1
 */
public final class HostSpec {

    private final String name;
    private final boolean forwarding;
    private final List<Route> routes;

    /** Validates the name and copies the routes. */
    HostSpec(String name, boolean forwarding, List<Route> routes) {
        Topology.checkNodeName("host", name);
        if (routes == null) {
            throw new InvalidInputException("routes of host " + name + " must not be null");
        }
        this.name = name;
        this.forwarding = forwarding;
        this.routes = List.copyOf(routes);
    }

    /** @return the host's name in the topology, used for injection ({@code @Host("red")}) and in messages */
    public String name() {
        return name;
    }

    /** @return whether {@code net.ipv4.ip_forward} (and IPv6 forwarding) is switched on */
    public boolean forwarding() {
        return forwarding;
    }

    /** @return the routes added after every link is up, in order; unmodifiable */
    public List<Route> routes() {
        return routes;
    }

    /** @return a copy with {@code route} added */
    public HostSpec withRoute(Route route) {
        List<Route> more = new ArrayList<>(routes);
        more.add(route);
        return new HostSpec(name, forwarding, more);
    }

    /** @return a copy that forwards packets, or does not */
    public HostSpec withForwarding(boolean on) {
        return new HostSpec(name, on, routes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostSpec h && name.equals(h.name) && forwarding == h.forwarding && routes.equals(h.routes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, forwarding, routes);
    }

    @Override
    public String toString() {
        return "HostSpec[name=" + name + ", forwarding=" + forwarding + ", routes=" + routes + "]";
    }
}
