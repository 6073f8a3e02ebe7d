package dev.netns.testkit;

import dev.netns.NamespaceId;
import dev.netns.NetNamespace;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which topology host a namespace is, so messages say "red" rather than an inode; and,
 * because every network registers its namespaces here while it is open, which namespace ids
 * belong to a live network right now ({@link #isOpen}).
 */
final class Labels {

    /** @param owner the handle that registered it, or {@code null} for a label only */
    private record Label(String host, NetNamespace owner) {
    }

    private static final Map<NamespaceId, Label> LABELS = new ConcurrentHashMap<>();

    private Labels() {
    }

    /** Labels {@code ns}, a namespace of an open network, as {@code host}. */
    static void register(NetNamespace ns, String host) {
        LABELS.put(ns.id(), new Label(host, ns));
    }

    /** A label with no namespace handle behind it (tests of the messages). */
    static void register(NamespaceId id, String host) {
        LABELS.put(id, new Label(host, null));
    }

    /**
     * Forgets {@code ns}'s label, unless its id already labels another namespace: the kernel hands
     * a freed namespace's inode to the next new one at once, possibly another network's.
     */
    static void unregister(NamespaceId id, NetNamespace ns) {
        LABELS.computeIfPresent(id, (k, label) -> label.owner() == ns ? null : label);
    }

    static void unregister(NamespaceId id) {
        LABELS.remove(id);
    }

    /** @return whether {@code id} is a namespace of a network that is open now (its handle is open) */
    static boolean isOpen(NamespaceId id) {
        Label label = LABELS.get(id);
        return label != null && label.owner() != null && !label.owner().isClosed();
    }

    /** @return for example {@code red (net:[4026532301])}, or the namespace's name or id */
    static String of(NetNamespace ns) {
        NamespaceId id;
        try {
            id = ns.id();
        } catch (RuntimeException e) {
            return ns.name().orElse("a closed namespace");
        }
        Label label = LABELS.get(id);
        if (label != null) {
            return label.host() + " (" + id + ")";
        }
        if (ns.isInitial()) {
            return "the JVM's own namespace";
        }
        return ns.name().map(n -> n + " (" + id + ")").orElse("namespace " + id);
    }
}
