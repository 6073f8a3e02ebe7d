package dev.netns.testkit;

import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import java.util.List;
import java.util.Objects;

/**
 * A bridge (virtual switch) of a {@link Topology}. It lives in the topology's sandbox namespace
 * ({@link Topology#SANDBOX}), like {@code v-net-0} lives in the host in the tutorial; its
 * addresses make the sandbox reachable on that segment (for example as the default gateway).
 * Immutable, compared by value.
 *
 * <p>Bridge specs are made by {@link Topology.Builder#bridge(String, String...)}:
 *
 * <pre>{@code
 * Topology.builder().bridge("v-net-0", "192.168.15.5/24");
 * }</pre>
 *
 * @since 0.1
 */
public final class BridgeSpec {

    private final String name;
    private final List<IpPrefix> addresses;

    /** Validates the name and copies the addresses. */
    BridgeSpec(String name, List<IpPrefix> addresses) {
        Topology.checkInterfaceName("bridge", name);
        if (addresses == null) {
            throw new InvalidInputException("addresses of bridge " + name + " must not be null");
        }
        this.name = name;
        this.addresses = List.copyOf(addresses);
    }

    /** @return the bridge's interface name in the sandbox (1-15 bytes) */
    public String name() {
        return name;
    }

    /** @return the addresses given to the bridge, possibly none; unmodifiable */
    public List<IpPrefix> addresses() {
        return addresses;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BridgeSpec b && name.equals(b.name) && addresses.equals(b.addresses);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, addresses);
    }

    @Override
    public String toString() {
        return "BridgeSpec[name=" + name + ", addresses=" + addresses + "]";
    }
}
