package dev.netns.testkit;

import dev.netns.InvalidInputException;
import dev.netns.internal.Validation;
import dev.netns.IpPrefix;
import dev.netns.NatRule;
import dev.netns.NetworkStack;
import dev.netns.Route;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable description of a network: hosts (namespaces), bridges with addresses, links
 * (veth cables) between a host and a bridge or between two hosts, routes, forwarding and NAT
 * rules. {@link #build(NetworkStack)} makes it real in a few milliseconds; the JUnit extension
 * ({@link NetnsTest}) does that for every test.
 *
 * <p>Every topology has a sandbox host named {@value #SANDBOX}: a namespace of its own that holds
 * the bridges and plays the part the machine plays in the tutorial (gateway, NAT). The machine's
 * own namespace is never touched.
 *
 * <pre>{@code
 * Topology lan = Topology.builder()
 *         .host("red").host("blue")
 *         .bridge("v-net-0", "192.168.15.5/24")
 *         .link("red", "v-net-0", "192.168.15.1/24")
 *         .link("blue", "v-net-0", "192.168.15.2/24")
 *         .defaultRoute("red", "192.168.15.5")
 *         .forwarding(Topology.SANDBOX)
 *         .nat(NatRule.masquerade("192.168.15.0/24"))
 *         .build();
 * try (NetworkStack stack = NetworkStack.open(); Network net = lan.build(stack)) {
 *     net.host("red").ping("192.168.15.2");
 * }
 * }</pre>
 *
 * <p>Immutable and compared by value; made by {@link #builder()}, and varied with {@link #toBuilder()}.
 *
 * @since 0.1
 */
public final class Topology {

    /** The name of the sandbox host, which holds the bridges: {@value}. */
    public static final String SANDBOX = "sandbox";

    private final List<HostSpec> hosts;
    private final List<BridgeSpec> bridges;
    private final List<LinkSpec> links;
    private final List<NatSpec> nat;
    private final boolean named;
    private final HostSpec sandbox;
    private final List<VxlanLinkSpec> vxlanLinks;

    Topology(List<HostSpec> hosts, List<BridgeSpec> bridges, List<LinkSpec> links, List<NatSpec> nat,
            boolean named, HostSpec sandbox) {
        this(hosts, bridges, links, nat, named, sandbox, List.of());
    }

    /** Copies the lists and checks that every name is unique and every reference resolves. */
    Topology(List<HostSpec> hosts, List<BridgeSpec> bridges, List<LinkSpec> links, List<NatSpec> nat,
            boolean named, HostSpec sandbox, List<VxlanLinkSpec> vxlanLinks) {
        this.hosts = List.copyOf(hosts);
        this.vxlanLinks = List.copyOf(vxlanLinks);
        this.bridges = List.copyOf(bridges);
        this.links = List.copyOf(links);
        this.nat = List.copyOf(nat);
        this.named = named;
        if (sandbox == null) {
            sandbox = new HostSpec(SANDBOX, false, List.of());
        }
        if (!sandbox.name().equals(SANDBOX)) {
            throw new InvalidInputException("the sandbox host must be named \"" + SANDBOX + "\", not \"" + sandbox.name() + "\"");
        }
        this.sandbox = sandbox;
        validate(this.hosts, this.bridges, this.links, this.nat);
        validateVxlan();
    }

    private void validateVxlan() {
        Set<String> names = new HashSet<>();
        links.forEach(l -> names.add(l.name()));
        Map<String, Set<String>> used = new HashMap<>();
        for (LinkSpec l : links) {
            used.computeIfAbsent(l.a(), k -> new HashSet<>()).add(l.aInterface());
            used.computeIfAbsent(isBridge(l.b()) ? SANDBOX : l.b(), k -> new HashSet<>()).add(l.bInterface());
        }
        bridges.forEach(b -> used.computeIfAbsent(SANDBOX, k -> new HashSet<>()).add(b.name()));
        for (VxlanLinkSpec v : vxlanLinks) {
            if (!names.add(v.name())) {
                throw new InvalidInputException("link \"" + v.name() + "\" is declared twice");
            }
            if (!SANDBOX.equals(v.host()) && hosts.stream().noneMatch(h -> h.name().equals(v.host()))) {
                throw new InvalidInputException("vxlan link " + v.name() + ": \"" + v.host() + "\" is not a host");
            }
            claim(used, v.host(), v.iface(), v.name());
        }
    }

    /**
     * @return the VXLAN links, created after the veth links; unmodifiable
     * @since 0.1
     */
    public List<VxlanLinkSpec> vxlanLinks() {
        return vxlanLinks;
    }

    /** @return the hosts other than the sandbox, in declaration order; unmodifiable */
    public List<HostSpec> hosts() {
        return hosts;
    }

    /** @return the bridges, all in the sandbox; unmodifiable */
    public List<BridgeSpec> bridges() {
        return bridges;
    }

    /** @return the links, created in order; unmodifiable */
    public List<LinkSpec> links() {
        return links;
    }

    /** @return the NAT rules, applied after links and routes; unmodifiable */
    public List<NatSpec> nat() {
        return nat;
    }

    /** @return whether namespaces get names ({@code ip netns list} shows them) instead of being anonymous */
    public boolean named() {
        return named;
    }

    /** @return the sandbox host's spec (routes, forwarding) */
    public HostSpec sandbox() {
        return sandbox;
    }

    /** @return a builder for a new topology */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder that starts from this topology (to derive a variant) */
    public Builder toBuilder() {
        Builder b = new Builder();
        hosts.forEach(h -> b.hosts.put(h.name(), h));
        b.sandbox = sandbox;
        b.bridges.addAll(bridges);
        b.links.addAll(links);
        b.nat.addAll(nat);
        b.named = named;
        b.vxlanLinks.addAll(vxlanLinks);
        return b;
    }

    /**
     * Creates the network: namespaces, bridges, links, addresses, routes, sysctls and NAT rules.
     * If any step fails, what was created is removed before the exception propagates.
     *
     * @param stack the stack to create namespaces with; the caller keeps owning it
     * @return the running network; close it to remove everything
     */
    public Network build(NetworkStack stack) {
        return NetworkFactory.build(this, stack);
    }

    /** @return the host spec called {@code name}, the sandbox included */
    public HostSpec host(String name) {
        if (SANDBOX.equals(name)) {
            return sandbox;
        }
        for (HostSpec h : hosts) {
            if (h.name().equals(name)) {
                return h;
            }
        }
        throw new InvalidInputException("topology has no host \"" + name + "\"; hosts are " + hostNames());
    }

    /** @return the names of every host, the sandbox first */
    public List<String> hostNames() {
        List<String> names = new ArrayList<>();
        names.add(SANDBOX);
        hosts.forEach(h -> names.add(h.name()));
        return names;
    }

    /**
     * The address the topology gives {@code host}, as text for probes and clients
     * ({@code assertThat(red).canPing(topology.address("blue"))}).
     *
     * @param host a host, or {@link #SANDBOX}
     * @return the address without its length, for example {@code "192.168.15.2"}
     * @throws InvalidInputException if the host has no address, or more than one (then use
     *     {@link #address(String, String)}; the message lists them by link)
     */
    public String address(String host) {
        Map<String, IpPrefix> all = addresses(host);
        if (all.size() != 1) {
            throw new InvalidInputException("host \"" + host + "\" has " + (all.isEmpty() ? "no address"
                    : all.size() + " addresses " + all + "; name the link: address(\"" + host + "\", LINK)"));
        }
        return IpPrefix.hostString(all.values().iterator().next().address());
    }

    /**
     * @param host a host, or {@link #SANDBOX}
     * @param link a link with an end in {@code host}, or a bridge when {@code host} is the sandbox
     * @return the address of {@code host}'s end of {@code link}, without its length
     * @throws InvalidInputException if that end has no address or the names do not fit
     */
    public String address(String host, String link) {
        IpPrefix p = addresses(host).get(link);
        if (p == null) {
            throw new InvalidInputException("host \"" + host + "\" has no address on \"" + link + "\"; its addresses are "
                    + addresses(host));
        }
        return IpPrefix.hostString(p.address());
    }

    /**
     * @param host a host, or {@link #SANDBOX}
     * @return every address the topology gives {@code host}, with its length, by link name (and by
     *     bridge name for the sandbox's bridge addresses), in declaration order
     */
    public Map<String, IpPrefix> addresses(String host) {
        host(host); // names the hosts if there is none of that name
        Map<String, IpPrefix> out = new LinkedHashMap<>();
        for (LinkSpec l : links) {
            if (l.a().equals(host) && l.aAddress() != null) {
                out.put(l.name(), l.aAddress());
            }
            if (l.b().equals(host) && l.bAddress() != null) {
                out.put(l.name(), l.bAddress());
            }
        }
        if (SANDBOX.equals(host)) {
            for (BridgeSpec b : bridges) {
                for (IpPrefix p : b.addresses()) {
                    out.putIfAbsent(b.name(), p);
                }
            }
        }
        return out;
    }

    /** @return whether {@code name} is one of the bridges */
    public boolean isBridge(String name) {
        return bridges.stream().anyMatch(b -> b.name().equals(name));
    }

    /**
     * @return the link called {@code name}
     * @throws InvalidInputException if there is none
     */
    public LinkSpec link(String name) {
        return links.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidInputException("topology has no link \"" + name + "\"; links are "
                        + links.stream().map(LinkSpec::name).toList()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Topology t && hosts.equals(t.hosts) && bridges.equals(t.bridges) && links.equals(t.links) && vxlanLinks.equals(t.vxlanLinks)
                && nat.equals(t.nat) && named == t.named && sandbox.equals(t.sandbox);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hosts, bridges, links, nat, named, sandbox, vxlanLinks);
    }

    @Override
    public String toString() {
        return "Topology[hosts=" + hosts + ", bridges=" + bridges + ", links=" + links + ", nat=" + nat
                + ", named=" + named + ", sandbox=" + sandbox + (vxlanLinks.isEmpty() ? "" : ", vxlanLinks=" + vxlanLinks)
                + "]";
    }

    private static void validate(List<HostSpec> hosts, List<BridgeSpec> bridges, List<LinkSpec> links, List<NatSpec> nat) {
        Set<String> hostNames = new HashSet<>();
        hostNames.add(SANDBOX);
        for (HostSpec h : hosts) {
            if (!hostNames.add(h.name())) {
                throw new InvalidInputException("host \"" + h.name() + "\" is declared twice"
                        + (SANDBOX.equals(h.name()) ? " (\"" + SANDBOX + "\" is the sandbox, which every topology has)" : ""));
            }
        }
        Map<String, Set<String>> interfaces = new HashMap<>();
        Set<String> bridgeNames = new HashSet<>();
        for (BridgeSpec b : bridges) {
            if (hostNames.contains(b.name()) || !bridgeNames.add(b.name())) {
                throw new InvalidInputException("bridge \"" + b.name() + "\" clashes with another host or bridge of that name");
            }
            interfaces.computeIfAbsent(SANDBOX, k -> new HashSet<>()).add(b.name());
        }
        Set<String> linkNames = new HashSet<>();
        for (LinkSpec l : links) {
            if (!linkNames.add(l.name())) {
                throw new InvalidInputException("link \"" + l.name() + "\" is declared twice");
            }
            if (!hostNames.contains(l.a())) {
                throw new InvalidInputException("link " + l.name() + ": end a \"" + l.a() + "\" is not a host"
                        + (bridgeNames.contains(l.a()) ? " (a bridge can only be end b)" : "; hosts are " + hostNames));
            }
            boolean toBridge = bridgeNames.contains(l.b());
            if (!toBridge && !hostNames.contains(l.b())) {
                throw new InvalidInputException("link " + l.name() + ": end b \"" + l.b() + "\" is neither a host nor a bridge");
            }
            if (toBridge && l.bAddress() != null) {
                throw new InvalidInputException("link " + l.name() + ": the port on bridge " + l.b()
                        + " cannot have an address; give the bridge the address instead");
            }
            String bNs = toBridge ? SANDBOX : l.b();
            claim(interfaces, l.a(), l.aInterface(), l.name());
            claim(interfaces, bNs, l.bInterface(), l.name());
        }
        for (NatSpec n : nat) {
            if (!hostNames.contains(n.host())) {
                throw new InvalidInputException("NAT rule " + n.rule() + " is for \"" + n.host() + "\", which is not a host");
            }
        }
    }

    private static void claim(Map<String, Set<String>> interfaces, String host, String ifName, String link) {
        if (ifName.equals("lo") || !interfaces.computeIfAbsent(host, k -> new HashSet<>()).add(ifName)) {
            throw new InvalidInputException("link " + link + ": interface " + ifName + " already exists in " + host);
        }
    }

    static void checkNodeName(String what, String name) {
        if (name == null || name.isEmpty() || name.length() > 64 || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new InvalidInputException(what + " name " + (name == null ? "null" : "\"" + Validation.printable(name) + "\"")
                    + " is invalid: use 1-64 letters, digits, '.', '_' or '-'");
        }
    }

    static void checkInterfaceName(String what, String name) {
        if (name == null || name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > 15
                || name.equals(".") || name.equals("..") || name.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c))) {
            throw new InvalidInputException(what + " " + (name == null ? "null" : "\"" + Validation.printable(name) + "\"")
                    + " is not a valid interface name: 1-15 bytes, no '/', ':' or blanks");
        }
    }

    /**
     * Collects the parts of a {@link Topology}. Not thread-safe; {@link #build()} validates and
     * returns an immutable topology.
     *
     * <pre>{@code
     * Topology t = Topology.builder().host("red").host("blue")
     *         .link("red", "10.0.0.1/30", "blue", "10.0.0.2/30").build();
     * }</pre>
     *
     * @since 0.1
     */
    public static final class Builder {
        private final Map<String, HostSpec> hosts = new LinkedHashMap<>();
        private HostSpec sandbox = new HostSpec(SANDBOX, false, List.of());
        private final List<BridgeSpec> bridges = new ArrayList<>();
        private final List<LinkSpec> links = new ArrayList<>();
        private final List<VxlanLinkSpec> vxlanLinks = new ArrayList<>();
        private final List<NatSpec> nat = new ArrayList<>();
        private boolean named;

        private Builder() {
        }

        /** Adds a host (a namespace) called {@code name}. */
        public Builder host(String name) {
            if (SANDBOX.equals(name)) {
                throw new InvalidInputException("\"" + SANDBOX + "\" is the sandbox, which every topology has; choose another host name");
            }
            if (hosts.putIfAbsent(name, new HostSpec(name, false, List.of())) != null) {
                throw new InvalidInputException("host \"" + name + "\" is declared twice");
            }
            return this;
        }

        /** Adds several hosts. */
        public Builder hosts(String... names) {
            for (String n : names) {
                host(n);
            }
            return this;
        }

        /**
         * Adds a bridge in the sandbox with the given addresses, for example {@code "192.168.15.5/24"}.
         *
         * @throws InvalidInputException if an address has no prefix length (see {@link #link(String, String, String)})
         */
        public Builder bridge(String name, String... addresses) {
            List<IpPrefix> prefixes = new ArrayList<>();
            for (String a : addresses) {
                prefixes.add(withLength("bridge " + name, a));
            }
            bridges.add(new BridgeSpec(name, prefixes));
            return this;
        }

        /**
         * Links {@code host} to {@code bridge} ({@code ip link add veth-red type veth peer ...;
         * ip link set ... master v-net-0}). The host end is called {@code ethN} (N counts that host's
         * links), the bridge port {@code vpN}; the link is named {@code host-bridge}.
         *
         * <p>Addresses are written with their prefix length, as {@code ip addr add} takes them: the
         * length says which subnet the link is on, and the kernel adds the route to it. A bare
         * address is refused rather than silently taken as {@code /32}, which would leave the host
         * without that route; write {@code /32} if that is what you mean.
         *
         * @param address the host end's address, for example {@code "192.168.15.1/24"}, or {@code null}
         * @throws InvalidInputException if the address has no prefix length
         */
        public Builder link(String host, String bridge, String address) {
            String name = uniqueLinkName(host + "-" + bridge);
            return link(LinkSpec.builder(name).a(host, nextInterface(host), withLength("link " + name, address))
                    .b(bridge, "vp" + links.size()).build());
        }

        /**
         * Links two hosts directly with a veth cable; the ends are called {@code ethN} and the link
         * {@code a-b}.
         *
         * @param addressA end a's address or {@code null}
         * @param addressB end b's address or {@code null}
         */
        public Builder link(String a, String addressA, String b, String addressB) {
            String name = uniqueLinkName(a + "-" + b);
            return link(LinkSpec.builder(name).a(a, nextInterface(a), withLength("link " + name, addressA))
                    .b(b, nextInterface(b), withLength("link " + name, addressB)).build());
        }

        /**
         * Adds a fully specified link, with the names you choose.
         *
         * <pre>{@code
         * .link(LinkSpec.builder("uplink").a("red", "wan0", IpPrefix.parse("10.0.0.1/30"))
         *         .b("blue", "wan0", IpPrefix.parse("10.0.0.2/30")).build())
         * }</pre>
         */
        public Builder link(LinkSpec link) {
            links.add(link);
            return this;
        }

        /**
         * Joins a host to a host on another machine by a VXLAN tunnel over the sandbox's underlay,
         * instead of a veth: see {@link VxlanLinkSpec}.
         *
         * <pre>{@code
         * .vxlanLink(VxlanLinkSpec.builder("overlay").host("red", "vx0", "10.200.0.1/24").vni(100)
         *         .underlay("192.0.2.1", "192.0.2.2").build())
         * }</pre>
         *
         * @since 0.1
         */
        public Builder vxlanLink(VxlanLinkSpec link) {
            if (link == null) {
                throw new InvalidInputException("vxlan link must not be null");
            }
            vxlanLinks.add(link);
            return this;
        }

        /** Adds a default route via {@code gateway} in {@code host}. */
        public Builder defaultRoute(String host, String gateway) {
            return route(host, Route.defaultVia(gateway));
        }

        /** Adds a route in {@code host} (the sandbox included). */
        public Builder route(String host, Route route) {
            update(host, h -> h.withRoute(route));
            return this;
        }

        /** Switches IP forwarding on in {@code host}, making it a router. */
        public Builder forwarding(String host) {
            update(host, h -> h.withForwarding(true));
            return this;
        }

        /** Applies {@code rule} in the sandbox's NAT table (the tutorial's host). */
        public Builder nat(NatRule rule) {
            return nat(SANDBOX, rule);
        }

        /** Applies {@code rule} in {@code host}'s NAT table. */
        public Builder nat(String host, NatRule rule) {
            nat.add(new NatSpec(host, rule));
            return this;
        }

        /**
         * Gives the namespaces names with a prefix unique to this run, so {@code ip netns list}
         * shows them and {@code ip netns exec} works while the network exists. They are anonymous
         * otherwise, and vanish even if the JVM is killed.
         */
        public Builder namedNamespaces() {
            named = true;
            return this;
        }

        /**
         * @return the topology
         * @throws InvalidInputException naming what does not fit together
         */
        public Topology build() {
            return new Topology(List.copyOf(hosts.values()), bridges, links, nat, named, sandbox, vxlanLinks);
        }

        private void update(String host, java.util.function.UnaryOperator<HostSpec> change) {
            if (SANDBOX.equals(host)) {
                sandbox = change.apply(sandbox);
                return;
            }
            HostSpec h = hosts.get(host);
            if (h == null) {
                throw new InvalidInputException("no host \"" + host + "\" declared yet; hosts are " + hosts.keySet()
                        + " and the sandbox \"" + SANDBOX + "\"");
            }
            hosts.put(host, change.apply(h));
        }

        private String nextInterface(String host) {
            Set<String> used = new HashSet<>();
            for (LinkSpec l : links) {
                if (l.a().equals(host)) {
                    used.add(l.aInterface());
                }
                if (l.b().equals(host)) {
                    used.add(l.bInterface());
                }
            }
            int n = 0;
            while (used.contains("eth" + n)) {
                n++;
            }
            return "eth" + n;
        }

        private String uniqueLinkName(String base) {
            String name = base;
            for (int i = 2; containsLink(name); i++) {
                name = base + "-" + i;
            }
            return name;
        }

        private boolean containsLink(String name) {
            return links.stream().anyMatch(l -> l.name().equals(name))
                    || vxlanLinks.stream().anyMatch(l -> l.name().equals(name));
        }

        private static IpPrefix withLength(String where, String prefix) {
            if (prefix == null) {
                return null;
            }
            if (prefix.indexOf('/') < 0) {
                throw new InvalidInputException(where + ": address \"" + prefix + "\" has no prefix length; write it "
                        + "as ip addr add takes it, for example \"" + prefix + "/24\" for the subnet the link is on "
                        + "(or \"" + prefix + (prefix.indexOf(':') < 0 ? "/32" : "/128") + "\" for the address alone)");
            }
            return IpPrefix.parse(prefix);
        }
    }
}
