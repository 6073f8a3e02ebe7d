package dev.netns.testkit;

import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import java.util.List;

/**
 * A bridge (virtual switch) of a {@link Topology}. It lives in the topology's sandbox namespace
 * ({@link Topology#SANDBOX}), like {@code v-net-0} lives in the host in the tutorial; its
 * addresses make the sandbox reachable on that segment (for example as the default gateway).
 *
 * <pre>{@code
 * new BridgeSpec("v-net-0", List.of(IpPrefix.parse("192.168.15.5/24")));
 * }</pre>
 *
 * @param name the bridge's interface name in the sandbox (1-15 bytes)
 * @param addresses addresses given to the bridge, possibly none
 * @since 0.1
 */
public record BridgeSpec(String name, List<IpPrefix> addresses) {

    /** Validates the name and copies the addresses. */
    public BridgeSpec {
        Topology.checkInterfaceName("bridge", name);
        if (addresses == null) {
            throw new InvalidInputException("addresses of bridge " + name + " must not be null");
        }
        addresses = List.copyOf(addresses);
    }
}
