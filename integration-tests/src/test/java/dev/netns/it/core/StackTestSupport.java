package dev.netns.it.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.NetworkStack;
import dev.netns.it.support.Procfs;
import dev.netns.testkit.RequiresRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every core integration test class shares: one stack for the class, a run-unique prefix for
 * the names it creates, and after each test the removal of any name with that prefix a failed
 * test left behind (then the check that none is left).
 */
@RequiresRoot
abstract class StackTestSupport {
    static final String P = Procfs.uniquePrefix();
    static NetworkStack stack;

    @BeforeAll
    static void openStack() {
        stack = NetworkStack.open();
    }

    @AfterAll
    static void closeStack() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }

    @AfterEach
    void removeNamesLeftBehind() {
        for (String n : Ip.netnsList()) {
            if (n.startsWith(P)) {
                Ip.tryRun("netns", "del", n);
            }
        }
        assertThat(Ip.netnsList()).noneMatch(n -> n.startsWith(P));
    }
}
