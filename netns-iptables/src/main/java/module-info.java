/**
 * The iptables backend of {@link dev.netns.NetNamespace#nat()}, found through
 * {@link dev.netns.spi.NatProvider}. Exports nothing: every package is internal.
 */
module dev.netns.iptables {
    requires dev.netns;

    provides dev.netns.spi.PacketFilterProvider with dev.netns.iptables.internal.IptablesProvider;
}
