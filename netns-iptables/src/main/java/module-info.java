/**
 * The iptables packet-filter backend of {@link dev.netns.NetNamespace#packetFilter()}, for kernels
 * without nf_tables, found through {@link dev.netns.spi.PacketFilterProvider}. Exports nothing:
 * every package is internal.
 */
module dev.netns.iptables {
    requires dev.netns;

    provides dev.netns.spi.PacketFilterProvider with dev.netns.iptables.internal.IptablesProvider;
}
