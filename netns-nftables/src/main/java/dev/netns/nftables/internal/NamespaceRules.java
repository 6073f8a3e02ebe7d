package dev.netns.nftables.internal;

import dev.netns.FilterRule;
import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import dev.netns.LinkAddress;
import dev.netns.NamespaceClosedException;
import dev.netns.NamespaceId;
import dev.netns.NatRule;
import dev.netns.NatRule.PortForward;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import dev.netns.NotFoundException;
import dev.netns.PacketFilterException;
import dev.netns.netlink.internal.NetlinkSocket;
import dev.netns.netlink.internal.libc.LibC;
import dev.netns.netlink.internal.wire.NlMessage;
import dev.netns.nftables.internal.wire.NftBatch;
import dev.netns.nftables.internal.wire.NftChain;
import dev.netns.nftables.internal.wire.NftMessages;
import dev.netns.nftables.internal.wire.NftReplies;
import dev.netns.nftables.internal.wire.NftRule;
import dev.netns.nftables.internal.wire.NftTable;
import dev.netns.nftables.internal.wire.NfTables;
import dev.netns.nftables.internal.wire.Netfilter;
import dev.netns.nftables.internal.wire.RulePosition;
import dev.netns.nftables.internal.wire.UserData;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The SDK's nf_tables rules in one namespace: its table ({@code inet netns}), the netlink socket
 * that writes it, and what was applied, shared by every handle of the namespace. All changes go
 * through one lock and are one batch each.
 *
 * <p><b>Ownership.</b> In a named namespace a handle created (and in the JVM's own), the table is
 * created with NFT_TABLE_F_OWNER: it belongs to this socket, and the kernel deletes it when the
 * socket closes, also when the JVM is killed, while the namespace itself stays under
 * {@code /run/netns}. The flag cannot be changed on an existing table, so when such a namespace must
 * outlive the JVM ({@link NetNamespace#release()}), the last closing handle re-creates the table
 * without the flag, with the same chains and rules, in one batch: the rules never stop applying.
 * An anonymous namespace the SDK created is held only by this JVM's descriptors and sockets, so it
 * and its table go with the JVM anyway: there the table is not owned, because the kernel releases
 * an owned table synchronously at socket close, after an RCU grace period (measured: 10-14 ms per
 * namespace), while an unowned one goes with the namespace in the kernel's asynchronous cleanup.
 * In a namespace the SDK only opened, the table is not owned either: rules written into someone
 * else's namespace stay when the handle closes, as they would with {@code nft}.
 */
final class NamespaceRules {
    static final String TABLE = "netns";
    static final int FAMILY = Netfilter.NFPROTO_INET;
    static final String COMMENT_PREFIX = "netns:";
    static final String TABLE_COMMENT = "rules of the netns SDK";
    static final String ROUTE_LOCALNET = "net.ipv4.conf.all.route_localnet";

    /** One applied rule: what the user asked for and the nf_tables rules it became. */
    record Applied(String id, Object rule, List<RenderedRule> rendered) {
        boolean isNat() {
            return rule instanceof NatRule;
        }
    }

    private final NamespaceId id;
    private final String name;
    private final String label;
    /** Whether the table is created with NFT_TABLE_F_OWNER (see the class comment). */
    private final boolean ownTable;
    /** Whether the namespace is brand new, so no table of ours can be in it yet. */
    private final boolean fresh;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Applied> applied = new LinkedHashMap<>();
    private final Set<SdkChain> chains = EnumSet.noneOf(SdkChain.class);
    private final List<WeakReference<NetNamespace>> handles = new ArrayList<>();
    private NftConnection connection;
    private boolean tableExists;
    /** Whether the table, as it exists, carries NFT_TABLE_F_OWNER. */
    private boolean owned;
    private boolean dead;
    /** {@value #ROUTE_LOCALNET} before the SDK's first port forward that needs it, while one is applied. */
    private String localnetBefore;

    /**
     * @param first the handle the state is opened through
     * @param createdByHandle whether that handle created its namespace (or is the JVM's own)
     */
    NamespaceRules(NetNamespace first, boolean createdByHandle) {
        this.id = first.id();
        this.name = first.name().orElse(null);
        this.label = first.isInitial() ? "initial" : name != null ? name : id.toString();
        this.ownTable = createdByHandle && (name != null || first.isInitial());
        this.fresh = createdByHandle && !first.isInitial();
        handles.add(new WeakReference<>(first));
    }

    String label() {
        return label;
    }

    String where() {
        return label.equals("initial") ? "in the JVM's initial namespace"
                : name != null ? "in namespace " + name : "in anonymous namespace " + id;
    }

    /** @return false if this state can no longer serve {@code handle}'s namespace (see {@link NftProvider#open}) */
    synchronized boolean adopt(NetNamespace handle) {
        if (dead) {
            return false;
        }
        for (WeakReference<NetNamespace> r : handles) {
            if (r.get() == handle) {
                return true;
            }
        }
        handles.add(new WeakReference<>(handle));
        return true;
    }

    // ---- applying -------------------------------------------------------------------------

    List<Applied> apply(NetNamespace via, List<?> rules) {
        lock.lock();
        try {
            checkUsable(via, "apply rules");
            ensureConnection(via);
            List<Applied> batchRules = new ArrayList<>();
            List<LinkAddress> addresses = null;
            boolean localnet = false;
            for (Object rule : rules) {
                List<RenderedRule> rendered;
                if (rule instanceof NatRule n) {
                    List<IpPrefix> hairpin = List.of();
                    if (n instanceof PortForward f && f.inInterface() == null) {
                        if (addresses == null) {
                            addresses = via.addresses();
                        }
                        hairpin = hairpinSubnets(addresses, f);
                        localnet |= needsLocalnet(f);
                    }
                    rendered = NftRenderer.nat(n, hairpin);
                } else {
                    rendered = NftRenderer.filter((FilterRule) rule);
                }
                batchRules.add(new Applied(newId(), rule, rendered));
            }
            NftBatch batch = new NftBatch();
            boolean createTable = !tableExists;
            if (createTable) {
                batch.add(NftMessages.newTable(FAMILY, TABLE, ownTable ? NfTables.NFT_TABLE_F_OWNER : 0,
                        UserData.comment(TABLE_COMMENT)));
            }
            Set<SdkChain> newChains = EnumSet.noneOf(SdkChain.class);
            for (Applied a : batchRules) {
                for (RenderedRule r : a.rendered()) {
                    if (!chains.contains(r.chain()) && newChains.add(r.chain())) {
                        batch.add(NftMessages.newChain(FAMILY, TABLE, r.chain().chainName, r.chain().base));
                    }
                }
            }
            for (Applied a : batchRules) {
                addRules(batch, a);
            }
            // Set before the rules, so a forward works from its first packet; put back if they fail.
            String localnetPrevious = localnet && localnetBefore == null ? enableLocalnet(via) : null;
            try {
                connection.commit(batch, "apply " + describe(rules));
            } catch (RuntimeException | Error e) {
                if (localnetPrevious != null && !"1".equals(localnetPrevious)) {
                    try {
                        via.setSysctl(ROUTE_LOCALNET, localnetPrevious);
                    } catch (RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
            if (localnetPrevious != null) {
                localnetBefore = localnetPrevious;
            }
            if (createTable) {
                tableExists = true;
                owned = ownTable;
            }
            chains.addAll(newChains);
            for (Applied a : batchRules) {
                applied.put(a.id(), a);
            }
            return batchRules;
        } finally {
            lock.unlock();
        }
    }

    private static void addRules(NftBatch batch, Applied a) {
        for (RenderedRule r : a.rendered()) {
            batch.add(NftMessages.newRule(FAMILY, TABLE, r.chain().chainName, r.expressions(),
                    UserData.comment(COMMENT_PREFIX + a.id()), RulePosition.END));
        }
    }

    // ---- removing -------------------------------------------------------------------------

    /**
     * Removes one applied rule. Through {@code via} if it is open, otherwise through another handle
     * this state knows; once no handle is left the namespace is gone or released, and the rule is
     * removed through a handle opened by name for the occasion ({@link #removeAfterClose}).
     *
     * @return whether the rule was applied (and is now removed)
     */
    boolean remove(NetNamespace via, String ruleId) {
        lock.lock();
        try {
            Applied a = applied.get(ruleId);
            if (a == null) {
                return false;
            }
            if (dead) {
                removeAfterClose(Set.of(ruleId));
                applied.remove(ruleId);
                return true;
            }
            deleteRules(r -> (COMMENT_PREFIX + ruleId).equals(UserData.commentOf(r.userData())),
                    "remove " + describe(List.of(a.rule())));
            applied.remove(ruleId);
            settleLocalnet(live(via));
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes every NAT rule ({@code nat}) or every filter rule of the SDK's table, also those an
     * earlier run left in an unowned table; with no rule left the table goes too.
     *
     * @return the rules that were applied through this state and are now removed
     */
    List<Applied> clear(NetNamespace via, boolean nat) {
        lock.lock();
        try {
            List<Applied> gone = applied.values().stream().filter(a -> a.isNat() == nat).toList();
            if (dead) {
                removeAfterClose(gone.stream().map(Applied::id).collect(Collectors.toSet()));
            } else {
                checkUsable(via, "clear rules");
                ensureConnection(via);
                if (tableExists) {
                    deleteRules(r -> {
                        SdkChain c = SdkChain.named(r.chain());
                        return c != null && c.isNat() == nat;
                    }, "clear the SDK's " + (nat ? "NAT" : "filter") + " rules");
                }
            }
            gone.forEach(a -> applied.remove(a.id()));
            settleLocalnet(live(via));
            return gone;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes the table's rules that {@code which} selects, in one batch; when that leaves the table
     * without rules, deletes the table instead, so the namespace's ruleset shows nothing of the SDK.
     */
    private void deleteRules(Predicate<NftRule> which, String operation) {
        List<NftRule> all = rules(connection);
        List<NftRule> doomed = all.stream().filter(which).toList();
        if (doomed.isEmpty()) {
            return;
        }
        NftBatch batch = new NftBatch();
        boolean dropTable = doomed.size() == all.size();
        if (dropTable) {
            batch.add(NftMessages.deleteTable(FAMILY, TABLE));
        } else {
            for (NftRule r : doomed) {
                batch.add(NftMessages.deleteRule(FAMILY, TABLE, r.chain(), r.handle()));
            }
        }
        connection.commit(batch, operation);
        if (dropTable) {
            tableExists = false;
            owned = false;
            chains.clear();
        }
    }

    private static List<NftRule> rules(NftConnection c) {
        List<NftRule> out = new ArrayList<>();
        for (NlMessage m : c.dump(() -> NftMessages.getRules(FAMILY, TABLE), "list the SDK's rules")) {
            NftRule r = NftReplies.rule(m);
            if (r.table().equals(TABLE)) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Removes rules after every handle of this state closed: a released named namespace still holds
     * them (in an unowned table). Opens the namespace by name for the occasion, if it still exists
     * and is the same one; otherwise the rules went with it.
     */
    private void removeAfterClose(Set<String> ids) {
        if (name == null || ids.isEmpty() || !sameNamespace(Path.of("/run/netns", name))) {
            return;
        }
        try (NetworkStack stack = NetworkStack.open()) {
            NetNamespace h;
            try {
                h = stack.openNamespace(name);
            } catch (NotFoundException gone) {
                return;
            }
            try {
                if (!h.id().equals(id)) {
                    return; // replaced between the look and the open
                }
                try (NftConnection c = open(h)) {
                    Set<String> comments = ids.stream().map(i -> COMMENT_PREFIX + i).collect(Collectors.toSet());
                    List<NftRule> all = rules(c);
                    List<NftRule> doomed = all.stream().filter(r -> comments.contains(UserData.commentOf(r.userData())))
                            .toList();
                    if (doomed.isEmpty()) {
                        return;
                    }
                    NftBatch batch = new NftBatch();
                    if (doomed.size() == all.size()) {
                        batch.add(NftMessages.deleteTable(FAMILY, TABLE));
                    } else {
                        doomed.forEach(r -> batch.add(NftMessages.deleteRule(FAMILY, TABLE, r.chain(), r.handle())));
                    }
                    c.commit(batch, "remove " + doomed.size() + " rules of the SDK");
                }
            } finally {
                h.release();
            }
        }
    }

    private boolean sameNamespace(Path file) {
        try {
            long dev = ((Number) Files.getAttribute(file, "unix:dev")).longValue();
            long ino = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
            return dev == id.device() && ino == id.inode();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    // ---- lifecycle ------------------------------------------------------------------------

    /**
     * A handle closes. When it is the last one this state knows, the socket goes: an owned table
     * goes with it, unless {@code keepRules}, when it is first re-created unowned (see the class
     * comment).
     *
     * @return whether this state is finished (no handle left)
     */
    boolean closing(NetNamespace handle, boolean keepRules) {
        lock.lock();
        try {
            synchronized (this) {
                handles.removeIf(r -> {
                    NetNamespace h = r.get();
                    return h == null || h == handle || h.isClosed();
                });
                if (!handles.isEmpty() || dead) {
                    return dead;
                }
                dead = true;
            }
            NftConnection c = connection;
            if (c == null) {
                return true;
            }
            try {
                if (keepRules && owned && tableExists) {
                    recreateUnowned(c);
                }
            } finally {
                c.close();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** One batch: the owned table out, the same table unowned in, with its chains and rules. */
    private void recreateUnowned(NftConnection c) {
        NftBatch batch = new NftBatch();
        batch.add(NftMessages.deleteTable(FAMILY, TABLE));
        batch.add(NftMessages.newTable(FAMILY, TABLE, 0, UserData.comment(TABLE_COMMENT)));
        for (SdkChain chain : chains) {
            batch.add(NftMessages.newChain(FAMILY, TABLE, chain.chainName, chain.base));
        }
        for (Applied a : applied.values()) {
            addRules(batch, a);
        }
        c.commit(batch, "keep the SDK's rules after the handle is released (re-create table inet " + TABLE
                + " without an owner)");
        owned = false;
    }

    private void ensureConnection(NetNamespace via) {
        if (connection != null) {
            return;
        }
        NftConnection c = open(via);
        try {
            if (!fresh) {
                // A namespace the SDK did not just create may hold the table already: from an
                // earlier run that released it (adopted), or from another process (refused).
                discover(c);
            }
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
        connection = c;
    }

    private NftConnection open(NetNamespace via) {
        // Opened on the namespace's own thread, so the socket is born inside and stays there.
        NetlinkSocket socket = via.call(() -> NetlinkSocket.open(LibC.NETLINK_NETFILTER, "NETLINK_NETFILTER"));
        return new NftConnection(socket, this::where);
    }

    private void discover(NftConnection c) {
        NftTable found = null;
        for (NlMessage m : c.dump(() -> NftMessages.getTables(FAMILY), "list nf_tables tables")) {
            NftTable t = NftReplies.table(m);
            if (t.name().equals(TABLE)) {
                found = t;
            }
        }
        if (found == null) {
            return;
        }
        if ((found.flags() & NfTables.NFT_TABLE_F_OWNER) != 0) {
            throw new PacketFilterException("cannot use table inet " + TABLE + " " + where()
                    + ": it belongs to another process's netlink socket (netlink port " + found.owner()
                    + "), most likely another JVM using the netns SDK there", NftProvider.NAME);
        }
        tableExists = true;
        owned = false;
        for (NlMessage m : c.dump(() -> NftMessages.getChains(FAMILY), "list nf_tables chains")) {
            NftChain ch = NftReplies.chain(m);
            SdkChain known = ch.table().equals(TABLE) ? SdkChain.named(ch.name()) : null;
            if (known != null) {
                chains.add(known);
            }
        }
    }

    private void checkUsable(NetNamespace via, String what) {
        if (dead || via.isClosed()) {
            throw new NamespaceClosedException("cannot " + what + " " + where() + ": the namespace handle is closed");
        }
    }

    /** @return {@code via} if open, else another open handle this state knows, else {@code null} */
    private synchronized NetNamespace live(NetNamespace via) {
        if (via != null && !via.isClosed()) {
            return via;
        }
        for (WeakReference<NetNamespace> r : handles) {
            NetNamespace h = r.get();
            if (h != null && !h.isClosed()) {
                return h;
            }
        }
        return null;
    }

    // ---- route_localnet -------------------------------------------------------------------

    /**
     * Sets {@value #ROUTE_LOCALNET}: without it the kernel drops a packet with a 127.x source that
     * DNAT sent elsewhere (a forward reached from the namespace itself through 127.0.0.1).
     *
     * @return its previous value
     */
    private static String enableLocalnet(NetNamespace ns) {
        String previous = ns.sysctl(ROUTE_LOCALNET);
        if (!"1".equals(previous)) {
            ns.setSysctl(ROUTE_LOCALNET, "1");
        }
        return previous;
    }

    /** Puts {@value #ROUTE_LOCALNET} back once the SDK has no forward left that needs it. */
    private void settleLocalnet(NetNamespace ns) {
        if (localnetBefore == null || applied.values().stream().anyMatch(a -> a.rule() instanceof NatRule n
                && needsLocalnet(n))) {
            return;
        }
        if (ns != null && !"1".equals(localnetBefore)) {
            ns.setSysctl(ROUTE_LOCALNET, localnetBefore);
        }
        localnetBefore = null;
    }

    private static boolean needsLocalnet(NatRule rule) {
        return rule instanceof PortForward f && f.inInterface() == null && !f.isIpv6();
    }

    static List<IpPrefix> hairpinSubnets(List<LinkAddress> addresses, PortForward f) {
        List<IpPrefix> out = new ArrayList<>();
        int bits = f.isIpv6() ? 128 : 32;
        for (LinkAddress a : addresses) {
            IpPrefix p = a.prefix();
            if (p.isIpv4() == !f.isIpv6() && p.length() < bits && p.contains(f.target())
                    && !p.address().equals(f.target()) && !out.contains(p.network())) {
                out.add(p.network());
            }
        }
        return out;
    }

    // ---- reading --------------------------------------------------------------------------

    List<Applied> applied(boolean nat) {
        lock.lock();
        try {
            return applied.values().stream().filter(a -> a.isNat() == nat).toList();
        } finally {
            lock.unlock();
        }
    }

    boolean isApplied(String ruleId) {
        lock.lock();
        try {
            return applied.containsKey(ruleId);
        } finally {
            lock.unlock();
        }
    }

    /** @return the SDK's table as the kernel holds it now: its rules, for diagnostics */
    List<NftRule> dumpRules(NetNamespace via) {
        lock.lock();
        try {
            checkUsable(via, "list rules");
            ensureConnection(via);
            return tableExists ? rules(connection) : List.of();
        } finally {
            lock.unlock();
        }
    }

    private static String newId() {
        return String.format("%012x", ThreadLocalRandom.current().nextLong() & 0xffff_ffff_ffffL);
    }

    static String describe(List<?> rules) {
        if (rules.size() == 1) {
            return (rules.get(0) instanceof NatRule ? "NAT rule " : "filter rule ") + rules.get(0);
        }
        return rules.size() + " rules";
    }

    static void checkList(List<?> rules, String what) {
        if (rules == null) {
            throw new InvalidInputException(what + " list must not be null");
        }
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i) == null) {
                throw new InvalidInputException(what + " " + i + " of " + rules.size() + " must not be null");
            }
        }
    }
}
