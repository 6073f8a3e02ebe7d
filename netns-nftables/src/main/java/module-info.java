/**
 * The nf_tables packet-filter backend: NAT and filter rules as nf_tables batches over
 * {@code NETLINK_NETFILTER}. Exports nothing: every package is internal.
 */
module dev.netns.nftables {
    requires dev.netns;
    requires dev.netns.netlink;
    provides dev.netns.spi.PacketFilterProvider with dev.netns.nftables.internal.NftProvider;
}
