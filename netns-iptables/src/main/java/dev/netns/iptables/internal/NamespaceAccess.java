package dev.netns.iptables.internal;

import dev.netns.ExecResult;
import dev.netns.LinkAddress;
import java.util.List;

/** What the backend needs from a namespace; a seam so the logic is testable without root. */
interface NamespaceAccess {

    /**
     * Runs a program inside the namespace, feeding it {@code stdin} (none if {@code null}), and
     * waits for it.
     */
    ExecResult run(List<String> command, String stdin);

    /** @return the namespace's addresses */
    List<LinkAddress> addresses();

    /** Writes a sysctl of the namespace. */
    void setSysctl(String key, String value);

    /** @return whether the handle this goes through is closed (the namespace may be gone) */
    boolean isClosed();

    /** @return the namespace's name or id, for messages */
    String describe();
}
