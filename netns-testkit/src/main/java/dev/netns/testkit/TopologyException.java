package dev.netns.testkit;

import dev.netns.NetnsException;

/**
 * Building a {@link Topology} failed at one of its elements. The message names the element (a
 * host, bridge or link, by its name in the topology) and the step; the cause is the SDK's own
 * exception, for example a {@link dev.netns.KernelException} with the kernel's errno:
 *
 * <pre>
 * cannot build the topology: host "n1": add route default via 10.9.9.9: cannot add route ...: ENETUNREACH ...
 * </pre>
 *
 * Nothing of the topology is left behind when this is thrown.
 *
 * @since 0.1
 */
public class TopologyException extends NetnsException {
    private static final long serialVersionUID = 1L;

    private final String element;

    /**
     * @param element the element, for example {@code host "n1"}
     * @param step what was being done to it
     * @param cause the SDK's exception
     */
    public TopologyException(String element, String step, NetnsException cause) {
        super("cannot build the topology: " + element + ": " + step + ": " + cause.getMessage(), cause);
        this.element = element;
    }

    /** @return the element that failed, for example {@code host "n1"} or {@code link "red-v-net-0" (...)} */
    public String element() {
        return element;
    }

    /** @return the SDK's exception */
    @Override
    public synchronized NetnsException getCause() {
        return (NetnsException) super.getCause();
    }
}
