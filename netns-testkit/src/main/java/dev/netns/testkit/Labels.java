package dev.netns.testkit;

import dev.netns.NamespaceId;
import dev.netns.NetNamespace;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers which topology host a namespace is, so messages say "red" rather than an inode. */
final class Labels {
    private static final Map<NamespaceId, String> LABELS = new ConcurrentHashMap<>();

    private Labels() {
    }

    static void register(NamespaceId id, String host) {
        LABELS.put(id, host);
    }

    static void unregister(NamespaceId id) {
        LABELS.remove(id);
    }

    /** @return for example {@code red (net:[4026532301])}, or the namespace's name or id */
    static String of(NetNamespace ns) {
        NamespaceId id;
        try {
            id = ns.id();
        } catch (RuntimeException e) {
            return ns.name().orElse("a closed namespace");
        }
        String host = LABELS.get(id);
        if (host != null) {
            return host + " (" + id + ")";
        }
        if (ns.isHost()) {
            return "the JVM's own namespace";
        }
        return ns.name().map(n -> n + " (" + id + ")").orElse("namespace " + id);
    }
}
