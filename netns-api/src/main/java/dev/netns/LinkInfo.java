package dev.netns;

/**
 * A snapshot of a link's state as the kernel reported it.
 *
 * @param index the interface index, unique within its namespace
 * @param name the interface name
 * @param kind the link kind ("veth", "bridge", ...) or {@code null} for links without one
 *     (loopback, physical devices)
 * @param mtu the MTU
 * @param mac the hardware address, or {@code null} if the link has none
 * @param up whether the link is administratively up (IFF_UP)
 * @param lowerUp whether the carrier is up (IFF_LOWER_UP)
 * @param masterIndex the index of the bridge it is attached to, 0 if none
 * @param linkIndex for a veth, the peer's index (in the peer's namespace), 0 if none
 * @param operState the operational state as iproute2 prints it ("UP", "DOWN", "UNKNOWN", ...)
 * @since 0.1
 */
public record LinkInfo(int index, String name, String kind, int mtu, MacAddress mac, boolean up,
        boolean lowerUp, int masterIndex, int linkIndex, String operState) {

    /** @return whether the link is attached to a bridge or another master */
    public boolean hasMaster() {
        return masterIndex != 0;
    }
}
