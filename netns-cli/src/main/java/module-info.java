/**
 * {@code ./netns demo} and {@code ./netns doctor}: {@code java -m dev.netns.cli/dev.netns.cli.Main}.
 * Codes against the API only; the backends ({@code dev.netns.netlink}, {@code dev.netns.iptables})
 * are bound as services from the module path.
 */
module dev.netns.cli {
    requires dev.netns;
    requires okhttp3;
    requires mockwebserver3;
    requires java.logging;
}
