package dev.netns.it.nat;

import dev.netns.Bridge;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import dev.netns.PacketFilter;
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
    static final String HOST_LAN6 = "fd00:15::5";
    static final String RED6 = "fd00:15::1";
    static final String BLUE6 = "fd00:15::2";
    static final String HOST_WAN6 = "fd00:113::1";
    static final String WAN6 = "fd00:113::2";
    /** The packet-filter backends every NAT test runs on. */
    static final String NFTABLES = "nftables";
    static final String IPTABLES = "iptables";

    final NetworkStack stack;
    final String backend;
    final NetNamespace host;
    final NetNamespace wan;
    final NetNamespace red;
    final NetNamespace blue;

    private NatLab(NetworkStack stack, String backend) {
        this.stack = stack;
        this.backend = backend;
        this.host = stack.createAnonymousNamespace();
        this.wan = stack.createAnonymousNamespace();
        this.red = stack.createAnonymousNamespace();
        this.blue = stack.createAnonymousNamespace();
    }

    /** The lab on the default backend (nf_tables here). */
    static NatLab create() {
        return create(NFTABLES);
    }

    /** The lab whose stack uses packet-filter backend {@code backend}. */
    static NatLab create(String backend) {
        return create(backend, false);
    }

    /**
     * @param dualStack also IPv6: fd00:15::/64 on the bridge (the host fd00:15::5), fd00:113::/64
     *     towards wan (the host fd00:113::1, wan fd00:113::2), IPv6 forwarding on, and no duplicate
     *     address detection, so addresses are usable at once
     */
    static NatLab create(String backend, boolean dualStack) {
        NetworkStack stack = openStack(backend);
        NatLab lab = null;
        try {
            lab = new NatLab(stack, backend);
            lab.wire(dualStack);
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

    /**
     * Opens a stack whose packet filter is {@code backend}: the system property is read when the
     * stack first needs a packet filter, so that is done here, while it is set. Tests do not run in
     * parallel in this module, so the property is nobody else's meanwhile.
     */
    static synchronized NetworkStack openStack(String backend) {
        String before = System.getProperty(PacketFilter.BACKEND_PROPERTY);
        System.setProperty(PacketFilter.BACKEND_PROPERTY, backend);
        NetworkStack stack = NetworkStack.open();
        try {
            if (!stack.initialNamespace().packetFilter().backend().equals(backend)) {
                throw new IllegalStateException("asked for " + backend + ", got another backend");
            }
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        } finally {
            if (before == null) {
                System.clearProperty(PacketFilter.BACKEND_PROPERTY);
            } else {
                System.setProperty(PacketFilter.BACKEND_PROPERTY, before);
            }
        }
    }

    private void wire(boolean dualStack) {
        if (dualStack) {
            for (NetNamespace ns : new NetNamespace[] {host, wan, red, blue}) {
                ns.setSysctl("net.ipv6.conf.default.accept_dad", "0");
                ns.setSysctl("net.ipv6.conf.all.accept_dad", "0");
            }
        }
        Bridge br = host.createBridge("v-net-0");
        br.addAddress(HOST_LAN + "/24");
        if (dualStack) {
            br.addAddress(HOST_LAN6 + "/64");
        }
        br.up();
        plug(red, "veth-red", RED, dualStack ? RED6 : null);
        plug(blue, "veth-blue", BLUE, dualStack ? BLUE6 : null);
        VethPair uplink = host.createVeth("veth-wan", "veth-host", wan);
        uplink.local().addAddress(HOST_WAN + "/24");
        uplink.peer().addAddress(WAN + "/24");
        if (dualStack) {
            uplink.local().addAddress(HOST_WAN6 + "/64");
            uplink.peer().addAddress(WAN6 + "/64");
            host.setSysctl("net.ipv6.conf.all.forwarding", "1");
        }
        uplink.local().up();
        uplink.peer().up();
        host.setSysctl("net.ipv4.ip_forward", "1");
        if (dualStack) {
            // Even without DAD an IPv6 address stays tentative (not bindable) until the kernel has
            // seen its link's carrier, which happens asynchronously after "up".
            usable(red, RED6);
            usable(blue, BLUE6);
            usable(host, HOST_LAN6);
            usable(host, HOST_WAN6);
            usable(wan, WAN6);
        }
    }

    /** Waits until a socket can be bound to {@code address} in {@code ns}. */
    private static void usable(NetNamespace ns, String address) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).pollInSameThread()
                .pollInterval(java.time.Duration.ofMillis(2)).ignoreExceptions().until(() -> ns.call(() -> {
                    try (java.nio.channels.DatagramChannel c = java.nio.channels.DatagramChannel.open()) {
                        c.bind(new java.net.InetSocketAddress(address, 0));
                        return true;
                    }
                }));
    }

    private void plug(NetNamespace ns, String name, String address, String address6) {
        VethPair cable = ns.createVeth(name, name + "-br", host);
        cable.local().addAddress(address + "/24");
        if (address6 != null) {
            cable.local().addAddress(address6 + "/64");
        }
        cable.local().up();
        cable.peer().attachTo(host.bridge("v-net-0"));
        cable.peer().up();
        ns.addRoute(Route.defaultVia(HOST_LAN));
        if (address6 != null) {
            ns.addRoute(Route.defaultVia(HOST_LAN6));
        }
    }

    /** @return the SDK's rules in the sandbox host as the backend's own tool lists them there */
    String hostRules() {
        return rules(host, backend);
    }

    /** @return {@code nft list ruleset} or {@code iptables-save}, run inside {@code ns} */
    static String rules(NetNamespace ns, String backend) {
        return (backend.equals(NFTABLES) ? ns.exec("nft", "list", "ruleset") : ns.exec("iptables-save")).orThrow().stdout();
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
