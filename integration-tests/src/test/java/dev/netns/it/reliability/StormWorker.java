package dev.netns.it.reliability;

import dev.netns.Bridge;
import dev.netns.FilterRule;
import dev.netns.FilterRuleHandle;
import dev.netns.Impairment;
import dev.netns.ImpairmentHandle;
import dev.netns.IpPrefix;
import dev.netns.Link;
import dev.netns.LinkAddress;
import dev.netns.LinkInfo;
import dev.netns.NatRule;
import dev.netns.NatRuleHandle;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import dev.netns.NotFoundException;
import dev.netns.Route;
import dev.netns.VethPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * One thread of the storm: its own namespaces, and a model of what it put in each. After every
 * operation it reads back the namespaces it touched through the SDK (links, addresses, routes, NAT
 * and filter rules) and now and then through {@code ip -j}, {@code nft} and {@code tc -j} inside them, and
 * compares with the model: anything else there (another thread's objects) or missing is a failure.
 * Its values carry its number (addresses and routes in 10.T.0.0/16, names sT...), so cross-talk
 * would be seen.
 */
final class StormWorker implements Runnable {
    private static final int MAX_NAMESPACES = 3;
    private static final int SAMPLE_EVERY = 50;

    private final int t;
    private final int ops;
    private final Random random;
    private final NetworkStack stack;
    private final List<Space> spaces = new ArrayList<>();
    /** veth end name -> peer end name (both directions). */
    private final Map<String, String> peers = new HashMap<>();
    private int counter;
    private String op = "start";
    volatile String failure;
    volatile int done;
    volatile int sampled;

    /** One namespace and the model of what this worker put in it. */
    private static final class Space {
        final NetNamespace ns;
        final Map<String, Link> links = new LinkedHashMap<>();
        final Map<String, Set<String>> addresses = new HashMap<>(); // link -> prefixes
        final Map<String, String> routes = new HashMap<>(); // destination -> link
        final Map<NatRule, NatRuleHandle> nat = new LinkedHashMap<>();
        final Map<FilterRule, FilterRuleHandle> filters = new LinkedHashMap<>();
        final Map<String, ImpairmentHandle> impairments = new HashMap<>(); // link -> handle
        final Map<String, Boolean> emulated = new HashMap<>(); // link -> userspace emulation

        Space(NetNamespace ns) {
            this.ns = ns;
        }
    }

    StormWorker(int t, int ops, long seed, NetworkStack stack) {
        this.t = t;
        this.ops = ops;
        this.random = new Random(seed);
        this.stack = stack;
    }

    @Override
    public void run() {
        try {
            for (int i = 0; i < ops; i++) {
                Space touched = step(i);
                if (touched != null) {
                    check(touched);
                }
                if (i % SAMPLE_EVERY == SAMPLE_EVERY - 1 && !spaces.isEmpty()) {
                    sample(spaces.get(random.nextInt(spaces.size())));
                }
                done = i + 1;
            }
            for (Space s : spaces) {
                check(s);
            }
        } catch (Throwable e) {
            failure = "thread " + t + ", op " + done + " (" + op + "): " + e;
        } finally {
            for (Space s : spaces) {
                try {
                    s.impairments.values().forEach(StormWorker::closeQuietly); // their queue sockets hold the namespace
                    s.ns.close();
                } catch (RuntimeException e) {
                    failure = failure != null ? failure : "thread " + t + ": closing a namespace: " + e;
                }
            }
        }
    }

    /** One random operation; returns the namespace to check (the other end's is checked too). */
    private Space step(int i) {
        if (spaces.isEmpty() || (spaces.size() < MAX_NAMESPACES && random.nextInt(20) == 0)) {
            op = "create namespace";
            Space s = new Space(stack.createAnonymousNamespace());
            spaces.add(s);
            return s;
        }
        Space s = spaces.get(random.nextInt(spaces.size()));
        List<String> links = new ArrayList<>(s.links.keySet());
        String link = links.isEmpty() ? null : links.get(random.nextInt(links.size()));
        int n = counter++;
        switch (random.nextInt(15)) {
            case 0 -> {
                if (spaces.size() > 1 && random.nextInt(3) == 0) {
                    op = "delete namespace";
                    deleteNamespace(s);
                    return spaces.get(0);
                }
                return null;
            }
            case 1, 2 -> {
                Space other = spaces.get(random.nextInt(spaces.size()));
                String a = "s" + t + "v" + n;
                String b = "s" + t + "w" + n;
                op = "create veth " + a + "/" + b;
                VethPair pair = other == s ? s.ns.createVeth(a, b) : s.ns.createVeth(a, b, other.ns);
                pair.local().up();
                pair.peer().up();
                s.links.put(a, pair.local());
                other.links.put(b, pair.peer());
                peers.put(a, b);
                peers.put(b, a);
                if (other != s) {
                    check(other);
                }
                return s;
            }
            case 3 -> {
                String name = "s" + t + "b" + n;
                op = "create bridge " + name;
                Bridge bridge = s.ns.createBridge(name);
                bridge.up();
                s.links.put(name, bridge);
                return s;
            }
            case 4 -> {
                if (link == null) {
                    return null;
                }
                op = "delete link " + link;
                s.links.get(link).delete();
                forgetLink(s, link);
                String peer = peers.remove(link);
                if (peer != null) {
                    peers.remove(peer);
                    for (Space o : spaces) {
                        if (o.links.containsKey(peer)) {
                            forgetLink(o, peer);
                            check(o);
                        }
                    }
                }
                return s;
            }
            case 5, 6 -> {
                if (link == null) {
                    return null;
                }
                String prefix = "10." + t + "." + (n >> 8) + "." + (n & 255) + "/32";
                op = "add address " + prefix + " to " + link;
                s.links.get(link).addAddress(prefix);
                s.addresses.computeIfAbsent(link, k -> new TreeSet<>()).add(prefix);
                return s;
            }
            case 7 -> {
                if (link == null || s.addresses.getOrDefault(link, Set.of()).isEmpty()) {
                    return null;
                }
                String prefix = s.addresses.get(link).iterator().next();
                op = "delete address " + prefix + " from " + link;
                s.links.get(link).deleteAddress(IpPrefix.parse(prefix));
                s.addresses.get(link).remove(prefix);
                if (s.addresses.get(link).isEmpty()) {
                    s.routes.values().removeIf(link::equals); // the kernel flushes them with a link's last IPv4 address
                }
                return s;
            }
            case 8 -> {
                if (link == null) {
                    return null;
                }
                String dest = "10." + t + "." + (100 + (n >> 8)) + "." + (n & 255) + "/32";
                op = "add route " + dest + " dev " + link;
                s.ns.addRoute(Route.to(dest).dev(link));
                s.routes.put(dest, link);
                return s;
            }
            case 9 -> {
                if (s.routes.isEmpty()) {
                    return null;
                }
                String dest = s.routes.keySet().iterator().next();
                op = "delete route " + dest;
                s.ns.deleteRoute(Route.to(dest).dev(s.routes.get(dest)));
                s.routes.remove(dest);
                return s;
            }
            case 10 -> {
                NatRule rule = NatRule.masquerade("10." + t + "." + (n >> 8) + "." + (n & 255) + "/32");
                op = "apply " + rule;
                s.nat.put(rule, s.ns.nat().apply(rule));
                return s;
            }
            case 11 -> {
                FilterRule rule = FilterRule.drop(FilterRule.Direction.INPUT)
                        .from("10." + t + "." + (n >> 8) + "." + (n & 255)).build();
                op = "apply " + rule;
                s.filters.put(rule, s.ns.packetFilter().filter().apply(rule));
                return s;
            }
            case 12 -> {
                if (!s.nat.isEmpty() && random.nextBoolean()) {
                    NatRule rule = s.nat.keySet().iterator().next();
                    op = "remove " + rule;
                    s.nat.remove(rule).close();
                } else if (!s.filters.isEmpty()) {
                    FilterRule rule = s.filters.keySet().iterator().next();
                    op = "remove " + rule;
                    s.filters.remove(rule).close();
                }
                return s;
            }
            case 13 -> {
                if (link == null || s.impairments.containsKey(link)) {
                    return null;
                }
                boolean emulate = random.nextBoolean();
                Impairment impairment = emulate ? Impairment.builder().delay(Duration.ofMillis(1 + random.nextInt(5))).build()
                        : Impairment.builder().rate(1_000_000L * (1 + random.nextInt(100))).build();
                op = "impair " + link + " " + impairment;
                s.impairments.put(link, s.links.get(link).impair(impairment));
                s.emulated.put(link, emulate);
                return s;
            }
            default -> {
                if (s.impairments.isEmpty()) {
                    return null;
                }
                String on = s.impairments.keySet().iterator().next();
                op = "heal " + on;
                s.impairments.remove(on).close();
                s.emulated.remove(on);
                return s;
            }
        }
    }

    private void deleteNamespace(Space s) {
        spaces.remove(s);
        s.impairments.values().forEach(StormWorker::closeQuietly); // their queue sockets hold the namespace
        s.ns.close();
        for (String link : s.links.keySet()) {
            String peer = peers.remove(link);
            if (peer != null) {
                peers.remove(peer);
                for (Space o : spaces) {
                    if (o.links.containsKey(peer)) {
                        // The kernel deletes the other end with the namespace, asynchronously.
                        awaitGone(o, peer);
                        forgetLink(o, peer);
                    }
                }
            }
        }
    }

    private static void awaitGone(Space s, String link) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (s.ns.findLink(link).isPresent()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(link + " is still in its namespace 10 s after the other end's namespace was deleted");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private void forgetLink(Space s, String link) {
        s.links.remove(link);
        s.addresses.remove(link);
        s.routes.values().removeIf(link::equals); // the kernel drops routes through a deleted link
        ImpairmentHandle h = s.impairments.remove(link);
        s.emulated.remove(link);
        if (h != null) {
            closeQuietly(h);
        }
    }

    private static void closeQuietly(ImpairmentHandle h) {
        try {
            h.close();
        } catch (NotFoundException | dev.netns.NamespaceClosedException gone) {
            // its link or namespace went first: nothing left to heal
        }
    }

    /** Compares one namespace with the model, through the SDK's own reads. */
    private void check(Space s) {
        Map<Integer, String> names = new HashMap<>();
        Set<String> links = new TreeSet<>();
        for (LinkInfo l : s.ns.links()) {
            names.put(l.index(), l.name());
            if (!l.name().equals("lo")) {
                links.add(l.name());
            }
        }
        expect("links", new TreeSet<>(s.links.keySet()), links);
        Set<String> addresses = new TreeSet<>();
        for (LinkAddress a : s.ns.addresses()) {
            if (a.prefix().isIpv4() && a.index() != 1) {
                addresses.add(names.get(a.index()) + " " + a.prefix());
            }
        }
        Set<String> want = new TreeSet<>();
        s.addresses.forEach((l, ps) -> ps.forEach(p -> want.add(l + " " + p)));
        expect("addresses", want, addresses);
        Set<String> routes = new TreeSet<>();
        for (Route r : s.ns.routes()) {
            if (r.destination() != null && r.destination().isIpv4() && r.destination().length() == 32) {
                routes.add(r.destination() + " " + r.device());
            }
        }
        Set<String> wantRoutes = new TreeSet<>();
        s.routes.forEach((d, l) -> wantRoutes.add(IpPrefix.parse(d) + " " + l));
        expect("routes", wantRoutes, routes);
        expect("NAT rules", Set.copyOf(s.nat.keySet()), Set.copyOf(s.ns.nat().rules()));
        expect("filter rules", Set.copyOf(s.filters.keySet()), Set.copyOf(s.ns.packetFilter().filter().rules()));
    }

    /** Compares one namespace with the model through iproute2 and nft, run inside it. */
    private void sample(Space s) {
        sampled++;
        String links = s.ns.exec("ip", "-j", "link", "show").orThrow().stdout();
        for (String l : s.links.keySet()) {
            if (!links.contains("\"ifname\":\"" + l + "\"")) {
                throw new AssertionError("ip -j link in thread " + t + "'s namespace lacks " + l + ": " + links);
            }
        }
        expect("links (ip -j)", s.links.size() + 1, count(links, "\"ifname\":"));
        String addrs = s.ns.exec("ip", "-j", "-4", "addr", "show").orThrow().stdout();
        int want = s.addresses.values().stream().mapToInt(Set::size).sum() + 1; // + 127.0.0.1
        expect("IPv4 addresses (ip -j)", want, count(addrs, "\"local\":"));
        // Text, not JSON: nft 1.0.6 prints garbage for the owner flag in JSON, and sometimes aborts.
        String tables = s.ns.exec("nft", "list", "tables").orThrow().stdout();
        long emulated = s.emulated.values().stream().filter(e -> e).count();
        // one table per family (IPv4, IPv6) for each impairment emulated in userspace
        expect("impairment tables (nft list tables) " + tables, (int) emulated * 2, count(tables, " netns_impair_"));
        String qdiscs = s.ns.exec("tc", "-j", "qdisc", "show").orThrow().stdout();
        long rated = s.emulated.values().stream().filter(e -> !e).count();
        if (count(qdiscs, "\"kind\":\"tbf\"") + count(qdiscs, "\"kind\":\"htb\"") < rated) {
            throw new AssertionError("thread " + t + ": " + rated + " rate limits in the model, tc -j shows " + qdiscs);
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private void expect(String what, Object want, Object got) {
        if (!want.equals(got)) {
            throw new AssertionError("thread " + t + ", after " + op + ": " + what + " should be " + want + ", are " + got);
        }
    }
}
