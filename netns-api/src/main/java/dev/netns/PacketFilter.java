package dev.netns;

/**
 * The packet filter of one namespace, obtained with {@link NetNamespace#packetFilter()}: its
 * {@linkplain #nat() NAT rules} and its {@linkplain #filter() filter rules}, written by one backend.
 *
 * <p>The backend is nf_tables over netlink (in-process) wherever the kernel has it, otherwise
 * iptables; the system property {@value #BACKEND_PROPERTY} ({@code nftables} or {@code iptables})
 * chooses one, read when the {@link NetworkStack} is opened.
 *
 * <pre>{@code
 * PacketFilter pf = red.packetFilter();
 * pf.nat().apply(NatRule.masquerade("192.168.15.0/24"));
 * try (FilterRuleHandle cut = pf.filter().apply(FilterRule.drop(Direction.INPUT).from("10.0.0.2").build())) {
 *     ...
 * }
 * }</pre>
 *
 * @since 0.1
 */
public interface PacketFilter {

    /** System property naming the backend to use: {@code nftables} or {@code iptables}. */
    String BACKEND_PROPERTY = "netns.packetfilter";

    /** @return the backend's name: {@code nftables} or {@code iptables} */
    String backend();

    /** @return this namespace's NAT rules */
    NatTable nat();

    /** @return this namespace's filter rules */
    FilterTable filter();

    /**
     * The SDK's rules as the backend holds them in this namespace now, read back from it (not from
     * the SDK's bookkeeping), as text for a person: what the testkit's failure report shows. The
     * format is not specified and may change.
     *
     * @return one line per rule, or an empty string if there are none
     */
    String ruleset();
}
