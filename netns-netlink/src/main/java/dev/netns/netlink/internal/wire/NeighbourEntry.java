package dev.netns.netlink.internal.wire;

import dev.netns.MacAddress;
import java.net.InetAddress;
import java.util.List;

/**
 * One neighbour table entry as the kernel reports it (RTM_NEWNEIGH / RTM_DELNEIGH).
 *
 * @param family ndm_family: 2 (IPv4 ARP), 10 (IPv6 ND), 7 (bridge forwarding database)
 * @param address NDA_DST; {@code null} for a bridge's own FDB entries, which have none (a vxlan's
 *     FDB entries carry the remote endpoint here)
 * @param lladdr NDA_LLADDR when it is 6 bytes long, else {@code null} (incomplete entries, non-Ethernet links)
 * @param state the NUD_* bits ({@link Neighbour#NUD_REACHABLE}, ...)
 * @param ifindex the link the entry belongs to
 * @param flags the NTF_* bits
 * @param type ndm_type, the route type of the address (RTN_UNICAST, ...)
 */
public record NeighbourEntry(int family, InetAddress address, MacAddress lladdr, int state, int ifindex, int flags,
        int type) {

    /** @return the state as {@code ip -j neigh} prints it, for example {@code ["REACHABLE"]} */
    public List<String> stateNames() {
        return Neighbour.stateNames(state);
    }

    /** @return whether the entry was configured by hand and never expires (NUD_PERMANENT) */
    public boolean isPermanent() {
        return (state & Neighbour.NUD_PERMANENT) != 0;
    }
}
