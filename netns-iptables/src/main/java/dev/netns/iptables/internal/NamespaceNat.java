package dev.netns.iptables.internal;

import dev.netns.ExecResult;
import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import dev.netns.ToolNotFoundException;
import dev.netns.LinkAddress;
import dev.netns.NatRule;
import dev.netns.NatRule.PortForward;
import dev.netns.NetNamespace;
import dev.netns.NotSupportedException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The SDK's NAT state of one namespace, shared by every table and handle of it. All changes go
 * through one lock, so threads of this JVM never interleave their read-modify-write of the
 * chains; other processes are kept apart by iptables' own lock ({@code --wait}).
 */
final class NamespaceNat {

    /** One applied rule: what the user asked for and the iptables lines it became. */
    record Applied(String id, NatRule rule, List<RenderedRule> lines) {
    }

    private final Binaries binaries;
    /** The namespace's filter rules, which share this state's iptables variant. */
    final NamespaceFilter filter = new NamespaceFilter(this);
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Applied> applied = new LinkedHashMap<>();
    private Variant variant;
    /** The nat table as last seen or left by us; {@code null} when it must be read again. */
    private NatState known;
    /**
     * Set while the variant was chosen without reading its nat table and nothing has been read
     * since: the SDK's chains most likely do not exist yet (a namespace the SDK just made), so the
     * next apply creates them without reading the table first. Creating them with {@code -N}
     * fails if they do exist, and only then is the table read.
     */
    private boolean unread;

    static final String ROUTE_LOCALNET = "net.ipv4.conf.all.route_localnet";

    /**
     * {@value #ROUTE_LOCALNET} as it was before the SDK's first port forward that needs it, while
     * one is applied; {@code null} while none is. The last one removed puts it back.
     */
    private String localnetBefore;

    /** Handles this state was reached through; see {@link #adopt}. */
    private final List<WeakReference<NetNamespace>> handles = new ArrayList<>();

    NamespaceNat(Binaries binaries) {
        this.binaries = binaries;
    }

    /**
     * Records that {@code handle} uses this state, if this state can still be its namespace's.
     * The kernel hands a freed namespace's inode (its {@link dev.netns.NamespaceId}) to the next
     * new namespace at once, so an id alone does not tell an old namespace from a new one. An open
     * handle keeps its namespace alive, though: while one of the handles seen so far is open, the
     * namespace with this id is still the same one.
     *
     * @return false if every handle seen so far is closed or gone: the namespace may have been
     *     replaced, so the caller must start a fresh state
     */
    synchronized boolean adopt(NetNamespace handle) {
        boolean seenAny = !handles.isEmpty();
        boolean alive = false;
        boolean known = false;
        for (var it = handles.iterator(); it.hasNext(); ) {
            NetNamespace h = it.next().get();
            if (h == null || h.isClosed()) {
                it.remove();
                continue;
            }
            alive = true;
            known |= h == handle;
        }
        if (seenAny && !alive) {
            return false;
        }
        if (!known) {
            handles.add(new WeakReference<>(handle));
        }
        return true;
    }

    List<Applied> applyAll(NamespaceAccess ns, List<? extends NatRule> rules) {
        if (rules == null) {
            throw new InvalidInputException("NAT rule list must not be null");
        }
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i) == null) {
                throw new InvalidInputException("NAT rule " + i + " of " + rules.size() + " must not be null");
            }
        }
        if (rules.isEmpty()) {
            return List.of();
        }
        for (NatRule r : rules) {
            if (r.isIpv6()) {
                throw new NotSupportedException("apply NAT rule " + r + " in namespace " + ns.describe()
                        + " with the iptables backend", 97, "EAFNOSUPPORT", null,
                        "the iptables backend writes IPv4 rules only (iptables, not ip6tables); the nftables backend"
                                + " writes IPv6 NAT too");
            }
        }
        lock.lock();
        try {
            ensureKnown(ns);
            List<Applied> batch = new ArrayList<>();
            List<RenderedRule> lines = new ArrayList<>();
            List<LinkAddress> addresses = null;
            boolean localnet = false;
            for (NatRule rule : rules) {
                List<IpPrefix> hairpin = List.of();
                if (rule instanceof PortForward f && needsLocalnet(f)) {
                    if (addresses == null) {
                        addresses = ns.addresses();
                    }
                    hairpin = hairpinSubnets(addresses, f);
                    localnet = true;
                }
                String id = newId();
                List<RenderedRule> r = RuleRenderer.render(rule, id, hairpin);
                batch.add(new Applied(id, rule, r));
                lines.addAll(r);
            }
            // Set before the rules, so a forward works from its first packet; put back below if
            // the rules do not make it in.
            String localnetPrevious = localnet && localnetBefore == null ? enableLocalnet(ns) : null;
            try {
                restoreRules(ns, rules, lines);
            } catch (RuntimeException | Error e) {
                if (localnetPrevious != null) {
                    try {
                        ns.setSysctl(ROUTE_LOCALNET, localnetPrevious);
                    } catch (RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
            if (localnetPrevious != null) {
                localnetBefore = localnetPrevious;
            }
            for (Applied a : batch) {
                applied.put(a.id(), a);
            }
            // Forwards found deleted by hand on the way are forgotten; if none is left, put it back.
            settleLocalnet(ns);
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sets {@value #ROUTE_LOCALNET}: without it the kernel drops a packet with a 127.x source that
     * DNAT sent elsewhere (a forward reached from the namespace itself).
     *
     * @return its previous value
     */
    private static String enableLocalnet(NamespaceAccess ns) {
        String previous = ns.sysctl(ROUTE_LOCALNET);
        if (!"1".equals(previous)) {
            ns.setSysctl(ROUTE_LOCALNET, "1");
        }
        return previous;
    }

    /**
     * Puts {@value #ROUTE_LOCALNET} back to what it was before the SDK's first port forward, once
     * the SDK has none left in this namespace. {@code ns} is {@code null} when the namespace is
     * gone: then there is nothing to put back.
     */
    private void settleLocalnet(NamespaceAccess ns) {
        if (localnetBefore == null || applied.values().stream().anyMatch(a -> needsLocalnet(a.rule()))) {
            return;
        }
        String before = localnetBefore;
        if (ns != null && !"1".equals(before)) {
            ns.setSysctl(ROUTE_LOCALNET, before);
        }
        localnetBefore = null;
    }

    private static boolean needsLocalnet(NatRule rule) {
        return rule instanceof PortForward f && f.inInterface() == null;
    }

    /** One iptables-restore (two if the table was not as believed) that adds {@code lines}; throws if it fails. */
    private void restoreRules(NamespaceAccess ns, List<? extends NatRule> rules, List<RenderedRule> lines) {
        // Unread: assume a table without the SDK's chains, and create them in this same run.
        NatState assumed = known != null ? known : NatState.empty();
        unread = false;
        String script = RuleRenderer.applyScript(assumed, lines);
        ExecResult res = restore(ns, script);
        if (!res.succeeded()) {
            // Our picture of the chains may be wrong (never read, someone flushed the table,
            // or the namespace id was reused): read it again and retry once if it was. The
            // failed run changed nothing: iptables-restore commits all of it or none.
            NatState now = probe(ns);
            forgetMissing(now);
            if (sameSdkLayout(now, assumed)) {
                known = now;
                throw failure("apply " + describe(rules), ns, res, script);
            }
            assumed = now;
            script = RuleRenderer.applyScript(assumed, lines);
            res = restore(ns, script);
            if (!res.succeeded()) {
                known = null;
                throw failure("apply " + describe(rules), ns, res, script);
            }
        }
        known = withSdkChains(assumed);
    }

    /** Removes one rule; nothing happens if it is gone already. */
    void remove(NamespaceAccess ns, String id) {
        lock.lock();
        try {
            Applied a = applied.get(id);
            if (a == null) {
                return;
            }
            if (ns.isClosed()) {
                // A named namespace outlives a released handle, and its rule with it: go in
                // through another open handle, or the name if it still means this namespace.
                NamespaceAccess other = ns.reopen(liveHandle());
                if (other == null) {
                    // The namespace is gone, and the rule (and its sysctls) went with it.
                    applied.remove(id);
                    settleLocalnet(null);
                    return;
                }
                try {
                    removeThrough(other, a);
                    settleLocalnet(other);
                } finally {
                    other.release();
                }
                return;
            }
            removeThrough(ns, a);
            settleLocalnet(ns);
        } finally {
            lock.unlock();
        }
    }

    /** @return a handle seen so far that is still open, or {@code null} */
    private synchronized NetNamespace liveHandle() {
        for (WeakReference<NetNamespace> ref : handles) {
            NetNamespace h = ref.get();
            if (h != null && !h.isClosed()) {
                return h;
            }
        }
        return null;
    }

    private void removeThrough(NamespaceAccess ns, Applied a) {
        String id = a.id();
        String script = RuleRenderer.deleteScript(a.lines());
        ExecResult res = restore(ns, script);
        if (!res.succeeded()) {
            // Some of its lines are gone (removed by hand?): delete whatever is left of it,
            // exactly as iptables-save prints it.
            NatState now = probe(ns);
            List<String> left = now.rulesWithComment(RuleRenderer.comment(id));
            if (!left.isEmpty()) {
                script = RuleRenderer.deleteSavedScript(left);
                res = restore(ns, script);
                if (!res.succeeded()) {
                    throw failure("remove NAT rule " + RuleRenderer.comment(id) + " (" + a.rule() + ")", ns, res, script);
                }
            }
            known = now;
        }
        applied.remove(id);
    }

    void clear(NamespaceAccess ns) {
        lock.lock();
        try {
            variant(ns);
            NatState now = probe(ns);
            String script = RuleRenderer.clearScript(now);
            if (script != null) {
                ExecResult res = restore(ns, script);
                if (!res.succeeded()) {
                    known = null;
                    throw failure("remove the SDK's NAT chains", ns, res, script);
                }
            }
            applied.clear();
            settleLocalnet(ns);
            unread = false;
            Set<String> chains = new HashSet<>(now.natChains());
            for (SdkChain c : SdkChain.values()) {
                chains.remove(c.chainName);
            }
            known = new NatState(chains, Map.of(), List.of(), now.totalRules());
        } finally {
            lock.unlock();
        }
    }

    List<NatRule> rules() {
        lock.lock();
        try {
            return applied.values().stream().map(Applied::rule).collect(Collectors.toUnmodifiableList());
        } finally {
            lock.unlock();
        }
    }

    /** @return the rules applied and not removed, with their ids and lines, in order */
    List<Applied> appliedRules() {
        lock.lock();
        try {
            return List.copyOf(applied.values());
        } finally {
            lock.unlock();
        }
    }

    boolean isApplied(String id) {
        lock.lock();
        try {
            return applied.containsKey(id);
        } finally {
            lock.unlock();
        }
    }

    /** @return the variant this namespace uses, detecting it on first use */
    Variant variant(NamespaceAccess ns) {
        lock.lock();
        try {
            if (variant == null) {
                detect(ns);
            }
            return variant;
        } finally {
            lock.unlock();
        }
    }

    private void ensureKnown(NamespaceAccess ns) {
        if (variant == null) {
            detect(ns);
        }
        if (known == null && !unread) {
            known = probe(ns);
            forgetMissing(known);
        }
    }

    /**
     * Picks the variant that already holds this namespace's rules, so the SDK's rules sit next to
     * the user's and are seen by the same tools; with none (or both) the one {@code iptables} on
     * the PATH is.
     */
    private void detect(NamespaceAccess ns) {
        if (binaries.preferred() == null) {
            throw new ToolNotFoundException("write NAT rules in namespace " + ns.describe(), "iptables-restore",
                    binaries.searched().stream().map(Object::toString).collect(Collectors.joining(", ")), "iptables");
        }
        if (binaries.nft() == null || binaries.legacy() == null) {
            variant = binaries.preferred();
            unread = true;
            return;
        }
        // Each *-save is a process (~5-15 ms); most namespaces have no legacy table at all, which
        // the kernel tells without one.
        Set<String> legacyTables = ns.legacyTables();
        boolean noLegacy = legacyTables != null && legacyTables.isEmpty();
        if (noLegacy && binaries.preferred() == binaries.nft()) {
            // Legacy holds no rule, so choose() would pick nft whatever nft holds: skip both saves.
            variant = binaries.nft();
            unread = true;
            return;
        }
        NatState nft = save(ns, binaries.nft(), false);
        // Without tables iptables-legacy-save prints nothing, which is what empty() stands for.
        NatState legacy = noLegacy ? NatState.empty() : save(ns, binaries.legacy(), false);
        variant = choose(binaries, nft, legacy);
        known = variant == binaries.legacy() ? legacy : nft;
        forgetMissing(known);
    }

    /** @return whether both show the same SDK chains and the same jumps to them */
    static boolean sameSdkLayout(NatState a, NatState b) {
        for (SdkChain c : SdkChain.values()) {
            if (a.natChains().contains(c.chainName) != b.natChains().contains(c.chainName)) {
                return false;
            }
        }
        return a.jumps().equals(b.jumps());
    }

    static Variant choose(Binaries b, NatState nft, NatState legacy) {
        if (legacy.totalRules() > nft.totalRules() || (legacy.hasSdkTraces() && !nft.hasSdkTraces())) {
            return b.legacy();
        }
        if (nft.totalRules() > legacy.totalRules() || nft.hasSdkTraces()) {
            return b.nft();
        }
        return b.preferred();
    }

    private NatState probe(NamespaceAccess ns) {
        return save(ns, variant, true);
    }

    private NatState save(NamespaceAccess ns, Variant v, boolean natOnly) {
        // Without -t, iptables-legacy-save lists only the tables the namespace has, rather than
        // creating an empty legacy nat table just by asking about it.
        List<String> cmd = natOnly ? List.of(v.save().toString(), "-t", "nat") : List.of(v.save().toString());
        ExecResult res = ns.run(cmd, null);
        if (!res.succeeded()) {
            throw failure("read the NAT table with " + v.save().getFileName(), ns, res, "");
        }
        return NatState.parse(res.stdout());
    }

    private ExecResult restore(NamespaceAccess ns, String script) {
        try {
            return ns.run(List.of(variant.restore().toString(), "--noflush", "--wait=30"), script);
        } catch (RuntimeException e) {
            // Killed after a timeout or an interrupt: it may have committed or not, so what we
            // believe about the table is read again before the next change.
            known = null;
            unread = false;
            throw e;
        }
    }

    /** Drops rules from our bookkeeping whose comment the namespace no longer shows. */
    private void forgetMissing(NatState state) {
        applied.keySet().removeIf(id -> state.rulesWithComment(RuleRenderer.comment(id)).isEmpty());
    }

    private static NatState withSdkChains(NatState s) {
        Set<String> chains = new HashSet<>(s.natChains());
        Map<SdkChain, List<String>> jumps = new LinkedHashMap<>();
        for (SdkChain c : SdkChain.values()) {
            chains.add(c.chainName);
            jumps.put(c, s.jumps().get(c).isEmpty() ? List.of(c.jumpSpec()) : s.jumps().get(c));
        }
        // The rule lines are only read after a fresh probe, so they need not be tracked here.
        return new NatState(chains, jumps, List.of(), s.totalRules());
    }

    static List<IpPrefix> hairpinSubnets(List<LinkAddress> addresses, PortForward f) {
        List<IpPrefix> out = new ArrayList<>();
        for (LinkAddress a : addresses) {
            IpPrefix p = a.prefix();
            if (p.isIpv4() && p.length() < 32 && p.contains(f.target()) && !p.address().equals(f.target())
                    && !out.contains(p.network())) {
                out.add(p.network());
            }
        }
        return out;
    }

    private static String newId() {
        return String.format("%012x", ThreadLocalRandom.current().nextLong() & 0xffff_ffff_ffffL);
    }

    private static String describe(List<? extends NatRule> rules) {
        return rules.size() == 1 ? "NAT rule " + rules.get(0) : rules.size() + " NAT rules";
    }

    private IptablesException failure(String what, NamespaceAccess ns, ExecResult res, String script) {
        StringBuilder msg = new StringBuilder(what).append(" in namespace ").append(ns.describe()).append(": ")
                .append(variant == null ? "iptables" : res.command().get(0));
        msg.append(res.timedOut() ? " timed out" : " exited with status " + res.exitCode());
        String err = res.stderr().strip();
        msg.append(err.isEmpty() ? " and printed nothing" : ": " + err);
        String line = failedLine(err, script);
        if (line != null) {
            msg.append(" [input line: ").append(line).append(']');
        }
        msg.append("; nothing was changed");
        return new IptablesException(msg.toString(), res, script);
    }

    /** iptables-restore names the failing line by number only; show the line itself too. */
    static String failedLine(String stderr, String script) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("line (\\d+) failed").matcher(stderr);
        if (!m.find()) {
            return null;
        }
        int n = Integer.parseInt(m.group(1));
        String[] lines = script.split("\n");
        return n >= 1 && n <= lines.length ? lines[n - 1] : null;
    }
}
