package dev.netns.iptables.internal;

import dev.netns.ExecResult;
import dev.netns.FilterTable;
import dev.netns.NatTable;
import dev.netns.PacketFilter;
import java.util.List;

/** The iptables packet filter of one namespace handle: its NAT and filter tables. */
final class IptablesPacketFilter implements PacketFilter {
    private final IptablesNatTable nat;
    private final IptablesFilterTable filter;
    private final NamespaceAccess ns;
    private final NamespaceNat state;

    IptablesPacketFilter(NamespaceAccess ns, NamespaceNat state) {
        this.ns = ns;
        this.state = state;
        this.nat = new IptablesNatTable(ns, state);
        this.filter = new IptablesFilterTable(ns, state.filter);
    }

    @Override
    public String backend() {
        return IptablesProvider.NAME;
    }

    @Override
    public NatTable nat() {
        return nat;
    }

    @Override
    public FilterTable filter() {
        return filter;
    }

    /** {@code iptables-save} of the variant the SDK writes with here, its {@code -A} lines for the SDK's chains. */
    @Override
    public String ruleset() {
        Variant v = state.variant(ns);
        ExecResult r = ns.run(List.of(v.save().toString()), null);
        if (!r.succeeded()) {
            return "(" + v.save().getFileName() + " failed: " + r.stderr().strip() + ")\n";
        }
        StringBuilder sb = new StringBuilder();
        r.stdout().lines().filter(l -> l.startsWith("-A NETNS-") || (l.startsWith("-A ") && l.contains("-j NETNS-")))
                .forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }
}
