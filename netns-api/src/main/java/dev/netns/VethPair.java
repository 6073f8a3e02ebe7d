package dev.netns;

/**
 * The two ends of a virtual Ethernet cable. What enters one end leaves the other.
 *
 * <pre>{@code
 * VethPair cable = red.createVeth("veth-red", "veth-blue", blue);
 * cable.local().addAddress("192.168.15.1/24").up();
 * cable.peer().addAddress("192.168.15.2/24").up();
 * }</pre>
 *
 * @param local the end created in the namespace the request was made on
 * @param peer the other end, possibly in another namespace
 * @since 0.1
 */
public record VethPair(Link local, Link peer) {
}
