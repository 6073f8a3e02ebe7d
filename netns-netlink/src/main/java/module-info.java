/**
 * The netlink backend of {@link dev.netns.NetworkStack}, found through
 * {@link dev.netns.spi.NetworkStackProvider}. Exports nothing: every package is internal.
 *
 * <p>JNA binds {@code internal.libc.LibC} by direct mapping ({@code Native.register}): the natives
 * are registered through JNI, with no {@code Structure} or {@code Library} proxy to reflect on, so
 * no package is opened to {@code com.sun.jna}. On Java 24+ run with
 * {@code --enable-native-access=com.sun.jna} on the module path.
 */
@SuppressWarnings({"requires-automatic", "module"}) // JNA 5.19 has no module-info; its Automatic-Module-Name com.sun.jna is declared
module dev.netns.netlink {
    requires dev.netns;
    requires com.sun.jna;

    // The netlink codec and sockets, shared with the nf_tables backend (same wire format, same binding).
    exports dev.netns.netlink.internal.wire to dev.netns.nftables;
    exports dev.netns.netlink.internal to dev.netns.nftables;
    // libc for the nfnetlink_queue socket the nf_tables backend reads packets from.
    exports dev.netns.netlink.internal.libc to dev.netns.nftables;

    provides dev.netns.spi.NetworkStackProvider with dev.netns.netlink.internal.NetlinkStackProvider;

    // Link.impair falls back to a userspace emulation (dev.netns.nftables) where netem is missing.
    uses dev.netns.spi.ImpairmentProvider;
}
