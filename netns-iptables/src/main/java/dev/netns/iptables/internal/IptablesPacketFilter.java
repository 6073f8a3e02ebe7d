package dev.netns.iptables.internal;

import dev.netns.FilterTable;
import dev.netns.NatTable;
import dev.netns.PacketFilter;

/** The iptables packet filter of one namespace handle: its NAT and filter tables. */
record IptablesPacketFilter(NatTable nat, FilterTable filter) implements PacketFilter {
    @Override
    public String backend() {
        return IptablesProvider.NAME;
    }
}
