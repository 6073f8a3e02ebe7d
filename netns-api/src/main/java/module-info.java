/**
 * The netns API: the model ({@code dev.netns}) and the service provider interfaces that backends
 * implement ({@code dev.netns.spi}). {@link dev.netns.NetworkStack#open()} finds the backend with
 * {@link java.util.ServiceLoader}: put {@code dev.netns.netlink} on the module path (or the class path).
 * {@code dev.netns.internal} is shared with the project's backends, testkit and CLI only.
 */
@SuppressWarnings("module") // the backends' modules are compiled after this one: "module not found"
module dev.netns {
    exports dev.netns;
    exports dev.netns.spi;
    exports dev.netns.internal to dev.netns.netlink, dev.netns.iptables, dev.netns.nftables, dev.netns.testkit, dev.netns.cli;

    uses dev.netns.spi.NetworkStackProvider;
    // The packet-filter backend (nftables or iptables) is chosen here, in dev.netns.internal, for every stack.
    uses dev.netns.spi.PacketFilterProvider;
}
