package dev.netns.iptables.internal;

import dev.netns.NamespaceClosedException;
import dev.netns.NamespaceId;
import dev.netns.NatTable;
import dev.netns.NetNamespace;
import dev.netns.internal.Validation;
import dev.netns.spi.NatProvider;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The iptables NAT backend, found by {@link java.util.ServiceLoader}. Public only because the
 * service loader needs it to be.
 */
public final class IptablesNatProvider implements NatProvider {

    /**
     * One state per live namespace for the whole JVM, whichever handle or provider instance reaches
     * it, so that every change to a namespace goes through the same lock. An entry is replaced only
     * when its namespace may be gone ({@link NamespaceNat#adopt}); the few left behind are small.
     */
    private static final ConcurrentMap<NamespaceId, NamespaceNat> STATES = new ConcurrentHashMap<>();
    private static volatile Binaries binaries;

    /** Called by {@link java.util.ServiceLoader}. */
    public IptablesNatProvider() {
    }

    @Override
    public NatTable open(NetNamespace namespace) {
        Validation.notNull("namespace", namespace);
        if (namespace.isClosed()) {
            throw new NamespaceClosedException("the NAT table of a closed namespace handle cannot be opened");
        }
        NamespaceNat state = STATES.compute(namespace.id(), (id, old) -> {
            if (old != null && old.adopt(namespace)) {
                return old;
            }
            NamespaceNat fresh = new NamespaceNat(binaries());
            fresh.adopt(namespace);
            return fresh;
        });
        return new IptablesNatTable(new NetNamespaceAccess(namespace), state);
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
