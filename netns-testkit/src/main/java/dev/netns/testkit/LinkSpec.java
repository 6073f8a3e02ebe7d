package dev.netns.testkit;

import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;

/**
 * A virtual cable (veth pair) of a {@link Topology}: from a host to a bridge, or between two hosts
 * (the sandbox, {@link Topology#SANDBOX}, counts as a host).
 *
 * <p>End {@code a} is always in host {@code a}. If {@code b} names a bridge, end {@code b} is
 * created in the sandbox and attached to that bridge (it has no address); otherwise it is in
 * host {@code b}.
 *
 * <pre>{@code
 * // red's eth0 (192.168.15.1/24) plugged into bridge v-net-0 through port vp0
 * new LinkSpec("red-v-net-0", "red", "eth0", IpPrefix.parse("192.168.15.1/24"), "v-net-0", "vp0", null);
 * }</pre>
 *
 * @param name the link's name in the topology, for {@link Network#link(String)} and {@code @NetLink}
 * @param a the host that holds end {@code a}
 * @param aInterface the interface name of end {@code a} (1-15 bytes)
 * @param aAddress the address of end {@code a}, or {@code null} for none
 * @param b the host or bridge at the other end
 * @param bInterface the interface name of end {@code b} (in the sandbox if {@code b} is a bridge)
 * @param bAddress the address of end {@code b}, or {@code null}; must be {@code null} for a bridge port
 * @since 0.1
 */
public record LinkSpec(String name, String a, String aInterface, IpPrefix aAddress, String b,
        String bInterface, IpPrefix bAddress) {

    /** Validates the names. */
    public LinkSpec {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("a link needs a name, got " + (name == null ? "null" : "\"" + name + "\""));
        }
        Topology.checkNodeName("link " + name + " end a", a);
        Topology.checkNodeName("link " + name + " end b", b);
        Topology.checkInterfaceName("link " + name + " end a interface", aInterface);
        Topology.checkInterfaceName("link " + name + " end b interface", bInterface);
        if (a.equals(b)) {
            throw new InvalidInputException("link " + name + " connects " + a + " to itself");
        }
    }
}
