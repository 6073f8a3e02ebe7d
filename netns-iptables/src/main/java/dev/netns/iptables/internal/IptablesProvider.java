package dev.netns.iptables.internal;

import dev.netns.NamespaceClosedException;
import dev.netns.NamespaceId;
import dev.netns.NetNamespace;
import dev.netns.PacketFilter;
import dev.netns.internal.Validation;
import dev.netns.spi.PacketFilterProvider;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The iptables packet-filter backend, found by {@link java.util.ServiceLoader}, for kernels without
 * nf_tables: NAT and filter rules through {@code iptables-restore} inside the namespace. IPv4 only.
 * Its rules outlive the JVM (iptables has no owner for a rule). Public only because the service
 * loader needs it to be.
 */
public final class IptablesProvider implements PacketFilterProvider {
    static final String NAME = "iptables";

    /**
     * One state per live namespace for the whole JVM, whichever handle or provider instance reaches
     * it, so that every change to a namespace goes through the same lock. An entry is replaced only
     * when its namespace may be gone ({@link NamespaceNat#adopt}); the few left behind are small.
     */
    private static final ConcurrentMap<NamespaceId, NamespaceNat> STATES = new ConcurrentHashMap<>();
    private static volatile Binaries binaries;

    /** Called by {@link java.util.ServiceLoader}. */
    public IptablesProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Optional<String> unavailableReason() {
        return binaries().preferred() != null ? Optional.empty()
                : Optional.of("iptables-restore is not installed (apt-get install iptables)");
    }

    @Override
    public PacketFilter open(NetNamespace namespace, boolean createdByHandle) {
        Validation.notNull("namespace", namespace);
        if (namespace.isClosed()) {
            throw new NamespaceClosedException("the packet filter of a closed namespace handle cannot be opened");
        }
        NamespaceNat state = STATES.compute(namespace.id(), (id, old) -> {
            if (old != null && old.adopt(namespace)) {
                return old;
            }
            NamespaceNat fresh = new NamespaceNat(binaries());
            fresh.adopt(namespace);
            return fresh;
        });
        return new IptablesPacketFilter(new NetNamespaceAccess(namespace), state);
    }

    private static Binaries binaries() {
        Binaries b = binaries;
        if (b == null) {
            b = Binaries.locate();
            binaries = b;
        }
        return b;
    }
}
