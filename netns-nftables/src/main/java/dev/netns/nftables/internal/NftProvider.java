package dev.netns.nftables.internal;

import dev.netns.NamespaceClosedException;
import dev.netns.NamespaceId;
import dev.netns.NetNamespace;
import dev.netns.NetnsException;
import dev.netns.PacketFilter;
import dev.netns.internal.Validation;
import dev.netns.netlink.internal.NetlinkSocket;
import dev.netns.netlink.internal.libc.LibC;
import dev.netns.nftables.internal.wire.NftMessages;
import dev.netns.spi.PacketFilterProvider;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The nf_tables packet-filter backend, found by {@link java.util.ServiceLoader}: NAT and filter
 * rules as nf_tables batches over a NETLINK_NETFILTER socket opened inside each namespace. No
 * process, no {@code nft} binary. Public only because the service loader needs it to be.
 */
public final class NftProvider implements PacketFilterProvider {
    static final String NAME = "nftables";

    /**
     * One state per live namespace for the whole JVM, whichever handle reaches it, so that every
     * change to a namespace goes through one lock and one socket. A state is replaced once its last
     * handle closed: the kernel hands a freed namespace's inode to the next new namespace.
     */
    private static final ConcurrentMap<NamespaceId, NamespaceRules> STATES = new ConcurrentHashMap<>();
    private static volatile Optional<String> unavailable;

    /** Called by {@link java.util.ServiceLoader}. */
    public NftProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Above iptables: in-process, atomic, and gone with the JVM when it should be. */
    @Override
    public int priority() {
        return 100;
    }

    /** Asks the kernel for the nf_tables ruleset generation once: any answer means nf_tables is there. */
    @Override
    public Optional<String> unavailableReason() {
        Optional<String> u = unavailable;
        if (u == null) {
            u = probe();
            unavailable = u;
        }
        return u;
    }

    private static Optional<String> probe() {
        try (NftConnection c = new NftConnection(NetlinkSocket.open(LibC.NETLINK_NETFILTER, "NETLINK_NETFILTER"),
                () -> "in the JVM's namespace")) {
            c.request(NftMessages.getGeneration(), "read the nf_tables generation");
            return Optional.empty();
        } catch (NetnsException e) {
            return Optional.of("the kernel has no usable nf_tables (" + e.getMessage() + ")");
        }
    }

    @Override
    public PacketFilter open(NetNamespace namespace, boolean createdByHandle) {
        Validation.notNull("namespace", namespace);
        if (namespace.isClosed()) {
            throw new NamespaceClosedException("the packet filter of a closed namespace handle cannot be opened");
        }
        NamespaceRules state = STATES.compute(namespace.id(), (id, old) ->
                old != null && old.adopt(namespace) ? old : new NamespaceRules(namespace, createdByHandle));
        return new NftPacketFilter(namespace, state);
    }

    @Override
    public void closing(NetNamespace namespace, boolean keepRules) {
        NamespaceRules state = STATES.get(namespace.id());
        if (state != null && state.closing(namespace, keepRules)) {
            STATES.remove(namespace.id(), state);
        }
    }
}
