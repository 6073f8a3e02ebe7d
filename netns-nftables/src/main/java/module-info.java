/**
 * The nf_tables packet-filter backend: NAT and filter rules as nf_tables batches over
 * {@code NETLINK_NETFILTER}. Exports nothing: every package is internal.
 */
@SuppressWarnings({"requires-automatic", "module"}) // JNA 5.19 has no module-info (Automatic-Module-Name com.sun.jna)
module dev.netns.nftables {
    requires dev.netns;
    requires dev.netns.netlink;
    provides dev.netns.spi.PacketFilterProvider with dev.netns.nftables.internal.NftProvider;
    // Link.impair's userspace emulation where the kernel has no netem (nfnetlink_queue + nf_tables).
    provides dev.netns.spi.ImpairmentProvider with dev.netns.nftables.internal.NftImpairments;
    // LastErrorException from the libc calls of the nfnetlink_queue socket.
    requires com.sun.jna;
}
