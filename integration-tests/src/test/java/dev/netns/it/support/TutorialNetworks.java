package dev.netns.it.support;

import dev.netns.NatRule;
import dev.netns.testkit.Topology;

/**
 * The tutorial's networks, for tests that run real libraries on them: declared once here so that
 * every library test speaks of the same red (192.168.15.1), blue (.2) and wan (203.0.113.1).
 */
public final class TutorialNetworks {
    private TutorialNetworks() {
    }

    /** Step 3: red and blue on the bridge v-net-0 (192.168.15.5) in the sandbox. */
    public static Topology.Builder lan() {
        return Topology.builder()
                .host("red").host("blue")
                .bridge("v-net-0", "192.168.15.5/24")
                .link("red", "v-net-0", "192.168.15.1/24")
                .link("blue", "v-net-0", "192.168.15.2/24");
    }

    /**
     * Step 5: the LAN, the outside world {@code wan} (203.0.113.1, the sandbox is 203.0.113.2),
     * default routes, forwarding, masquerade of the LAN and TCP port 80 of the sandbox forwarded
     * to blue.
     */
    public static Topology.Builder withPortForward() {
        return lan()
                .host("wan")
                .link(Topology.SANDBOX, "203.0.113.2/24", "wan", "203.0.113.1/24")
                .defaultRoute("red", "192.168.15.5")
                .defaultRoute("blue", "192.168.15.5")
                .forwarding(Topology.SANDBOX)
                .nat(NatRule.masquerade("192.168.15.0/24"))
                .nat(NatRule.portForward(NatRule.Protocol.TCP, 80, "192.168.15.2", 80));
    }
}
