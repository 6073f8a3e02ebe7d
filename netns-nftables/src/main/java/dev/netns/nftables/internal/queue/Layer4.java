package dev.netns.nftables.internal.queue;

/**
 * Finds where an IP packet's layer-4 payload starts, to corrupt data rather than addresses (a
 * flipped address would misroute the packet instead of failing its checksum).
 */
final class Layer4 {
    private static final int IPPROTO_ICMP = 1;
    private static final int IPPROTO_TCP = 6;
    private static final int IPPROTO_UDP = 17;
    private static final int IPPROTO_ICMPV6 = 58;
    private static final int IPV6_HEADER = 40;
    private static final int UDP_HEADER = 8;
    private static final int ICMP_HEADER = 8;

    private Layer4() {
    }

    /**
     * @return the first byte that may be flipped: the layer-4 payload, or the layer-4 header when
     *     the payload is empty; -1 when the packet is not IP or too short to have a layer-4 header
     */
    static int corruptibleStart(byte[] p) {
        if (p.length < 1) {
            return -1;
        }
        int version = (p[0] & 0xff) >>> 4;
        int l4;
        int proto;
        if (version == 4 && p.length >= 20) {
            l4 = (p[0] & 0x0f) * 4;
            proto = p[9] & 0xff;
        } else if (version == 6 && p.length >= IPV6_HEADER) {
            l4 = IPV6_HEADER;
            proto = p[6] & 0xff; // extension headers are not walked: their bytes count as payload
        } else {
            return -1;
        }
        if (l4 < 20 || l4 >= p.length) {
            return -1;
        }
        int header;
        switch (proto) {
            case IPPROTO_UDP:
                header = UDP_HEADER;
                break;
            case IPPROTO_TCP:
                header = l4 + 12 < p.length ? ((p[l4 + 12] & 0xff) >>> 4) * 4 : 0;
                break;
            case IPPROTO_ICMP:
            case IPPROTO_ICMPV6:
                header = ICMP_HEADER;
                break;
            default:
                header = 0;
        }
        int payload = l4 + header;
        return payload < p.length ? payload : l4;
    }
}
