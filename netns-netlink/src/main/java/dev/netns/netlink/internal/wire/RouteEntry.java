package dev.netns.netlink.internal.wire;

import dev.netns.IpPrefix;
import java.net.InetAddress;
import java.util.List;

/**
 * A route as the kernel reports it, from any table and of any type: a dump entry, a notification,
 * or the answer to a route get.
 *
 * @param family 2 or 10
 * @param destination the destination prefix (0.0.0.0/0 or ::/0 for a default route)
 * @param source RTA_SRC with rtm_src_len (a route get "from" address), or {@code null}
 * @param type the RTN_* type
 * @param table the table id, RTA_TABLE when present
 * @param protocol the RTPROT_* origin
 * @param scope the RT_SCOPE_* scope
 * @param gateway RTA_GATEWAY, or {@code null}
 * @param oif RTA_OIF, 0 if absent
 * @param iif RTA_IIF, 0 if absent
 * @param prefsrc RTA_PREFSRC, the source address the kernel would pick, or {@code null}
 * @param metric RTA_PRIORITY, 0 if absent
 * @param mark RTA_MARK (route get replies echo it), 0 if absent
 * @param flags rtm_flags (RTM_F_*, RTNH_F_*)
 * @param nexthops the hops of RTA_MULTIPATH, empty for a single-path route
 */
public record RouteEntry(int family, IpPrefix destination, IpPrefix source, int type, long table, int protocol,
        int scope, InetAddress gateway, int oif, int iif, InetAddress prefsrc, long metric, long mark, int flags,
        List<Hop> nexthops) {

    /**
     * One decoded hop of RTA_MULTIPATH.
     *
     * @param gateway its RTA_GATEWAY, or {@code null}
     * @param oif rtnh_ifindex
     * @param weight rtnh_hops + 1, as {@code ip route} prints it
     * @param flags rtnh_flags (RTNH_F_*)
     */
    public record Hop(InetAddress gateway, int oif, int weight, int flags) {
    }

    /** Copies the hop list. */
    public RouteEntry {
        nexthops = List.copyOf(nexthops);
    }
}
