package dev.netns.cli;

import dev.netns.NetworkStack;
import dev.netns.internal.Capabilities;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code ./netns clean}: removes the named namespaces that SDK programs (test runs, the demo, your
 * own) created and could not delete because they died first. See
 * {@link NetworkStack#removeAbandonedNamespaces()} for which names that is, and which never.
 */
final class Clean {
    private Clean() {
    }

    static int run(List<String> options, PrintStream out) {
        if (!options.isEmpty()) {
            out.println("netns clean: takes no options, got " + options);
            return 2;
        }
        if (!Capabilities.networkAdmin()) {
            out.println("netns clean needs root (CAP_SYS_ADMIN) to unmount names under /run/netns: run it as root, for example: sudo ./netns clean");
            return 1;
        }
        try (NetworkStack stack = NetworkStack.open()) {
            List<String> removed = stack.removeAbandonedNamespaces();
            if (removed.isEmpty()) {
                out.println("netns clean: no namespace left behind by a dead SDK process");
            } else {
                removed.forEach(name -> out.println("removed " + name));
                out.println("netns clean: removed " + removed.size() + " namespace(s) left behind by dead SDK processes");
            }
        }
        return 0;
    }
}
