package dev.netns.it.nat;

import dev.netns.Bridge;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import dev.netns.Route;
import dev.netns.VethPair;

/**
 * The tutorial's topology, entirely inside namespaces this test makes: a sandbox {@code host}
 * holding bridge {@code v-net-0} (192.168.15.5/24) with {@code red} (192.168.15.1) and
 * {@code blue} (192.168.15.2) behind it, and {@code wan} (203.0.113.2) as the "outside", linked
 * to the host's 203.0.113.1. {@code wan} has no route to 192.168.15.0/24, so only NAT lets the
 * bridge's namespaces talk to it. The machine's own namespace is never touched.
 */
final class NatLab implements AutoCloseable {
    static final String HOST_LAN = "192.168.15.5";
    static final String RED = "192.168.15.1";
    static final String BLUE = "192.168.15.2";
    static final String HOST_WAN = "203.0.113.1";
    static final String WAN = "203.0.113.2";

    final NetworkStack stack;
    final NetNamespace host;
    final NetNamespace wan;
    final NetNamespace red;
    final NetNamespace blue;

    private NatLab(NetworkStack stack) {
        this.stack = stack;
        this.host = stack.createAnonymousNamespace();
        this.wan = stack.createAnonymousNamespace();
        this.red = stack.createAnonymousNamespace();
        this.blue = stack.createAnonymousNamespace();
    }

    static NatLab create() {
        NetworkStack stack = NetworkStack.open();
        NatLab lab = null;
        try {
            lab = new NatLab(stack);
            lab.wire();
            return lab;
        } catch (RuntimeException | Error e) {
            if (lab != null) {
                lab.close();
            } else {
                stack.close();
            }
            throw e;
        }
    }

    private void wire() {
        Bridge br = host.createBridge("v-net-0");
        br.addAddress(HOST_LAN + "/24");
        br.up();
        plug(red, "veth-red", RED);
        plug(blue, "veth-blue", BLUE);
        VethPair uplink = host.createVeth("veth-wan", "veth-host", wan);
        uplink.local().addAddress(HOST_WAN + "/24").up();
        uplink.peer().addAddress(WAN + "/24").up();
        host.setSysctl("net.ipv4.ip_forward", "1");
    }

    private void plug(NetNamespace ns, String name, String address) {
        VethPair cable = ns.createVeth(name, name + "-br", host);
        cable.local().addAddress(address + "/24").up();
        cable.peer().attachTo(host.bridge("v-net-0"));
        cable.peer().up();
        ns.addRoute(Route.defaultVia(HOST_LAN));
    }

    /** @return iptables-save of the sandbox host, run inside it */
    String hostIptablesSave() {
        return host.exec("iptables-save").orThrow().stdout();
    }

    @Override
    public void close() {
        // Each close is attempted even if an earlier one failed; the stack closes whatever is left.
        try {
            for (NetNamespace ns : new NetNamespace[] {red, blue, wan, host}) {
                try {
                    ns.close();
                } catch (RuntimeException e) {
                    // reported by the stack's close below if it matters
                }
            }
        } finally {
            stack.close();
        }
    }
}
