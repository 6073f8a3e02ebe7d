package dev.netns.testkit;

import dev.netns.NetnsException;

/**
 * The state of a test's network at the moment the test failed, attached by {@link NetnsTest} to
 * the failure as a suppressed exception: {@link #getMessage()} lists each namespace's links,
 * addresses, routes and NAT/firewall rules. It carries no stack trace of its own.
 *
 * <pre>{@code
 * for (Throwable t : failure.getSuppressed()) {
 *     if (t instanceof NetworkDiagnostics d) { System.out.println(d.getMessage()); }
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class NetworkDiagnostics extends NetnsException {
    private static final long serialVersionUID = 1L;

    /** @param report the network's description, from {@link Network#describe()} */
    public NetworkDiagnostics(String report) {
        super("state of the test's network when it failed:\n" + report);
        setStackTrace(new StackTraceElement[0]);
    }
}
