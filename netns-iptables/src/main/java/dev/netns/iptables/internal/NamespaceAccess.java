package dev.netns.iptables.internal;

import dev.netns.ExecResult;
import dev.netns.LinkAddress;
import dev.netns.NetNamespace;
import dev.netns.NetnsEvent;
import java.util.List;
import java.util.Set;

/** What the backend needs from a namespace; a seam so the logic is testable without root. */
interface NamespaceAccess {

    /**
     * Runs a program inside the namespace, feeding it {@code stdin} (none if {@code null}), and
     * waits for it.
     */
    ExecResult run(List<String> command, String stdin);

    /**
     * The legacy (x_tables) IPv4 tables the namespace has, as its {@code /proc/net/ip_tables_names}
     * lists them. Reading it starts no process. The kernel creates a namespace's legacy table on
     * its first legacy use, so an empty set means iptables-legacy holds no rule there.
     *
     * @return the table names, or {@code null} if the list cannot be read (then nothing is known)
     */
    Set<String> legacyTables();

    /** @return the namespace's addresses */
    List<LinkAddress> addresses();

    /** @return a sysctl of the namespace */
    String sysctl(String key);

    /** Writes a sysctl of the namespace. */
    void setSysctl(String key, String value);

    /** @return whether the handle this goes through is closed (the namespace may be gone) */
    boolean isClosed();

    /** @return the namespace's name or id, for messages */
    String describe();

    /**
     * Another way into this access's namespace, for when its own handle is closed: through
     * {@code live} (another open handle to it), or, for a named namespace that still exists under
     * {@code /run/netns} with the same id (or the JVM's own namespace), through a handle opened
     * for the occasion. The caller calls {@link #release()} on the result when done.
     *
     * @param live another open handle to the same namespace, or {@code null}
     * @return an open access, or {@code null} if the namespace is gone (anonymous with no open
     *     handle left, or its name deleted or now naming another namespace)
     */
    NamespaceAccess reopen(NetNamespace live);

    /**
     * @return the namespace as events name it: its name, {@code net:[INODE]}, or {@code "initial"} for the JVM's own
     *     (what the stack's own events say, so one namespace has one label on the timeline)
     */
    default String label() {
        return describe();
    }

    /** @return whether the namespace's stack has listeners; the unit tests' fakes have none */
    default boolean hasListeners() {
        return false;
    }

    /** Hands {@code event} to the listeners of the namespace's stack. */
    default void publish(NetnsEvent event) {
    }

    /** Releases what {@link #reopen} opened for this access; nothing for any other access. */
    default void release() {
    }
}
