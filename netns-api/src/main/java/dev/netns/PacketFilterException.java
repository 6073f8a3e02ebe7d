package dev.netns;

/**
 * The packet-filter backend failed in a way that is not the kernel's answer to a request (which
 * is a {@link KernelException}): for the iptables backend, its program failed. The message names
 * the namespace, the operation and the backend's own error text.
 *
 * @since 0.1
 */
public class PacketFilterException extends NetnsException {
    private static final long serialVersionUID = 1L;

    private final String backend;

    /**
     * @param message what was attempted, in which namespace, and why it failed
     * @param backend the backend's name, {@code nftables} or {@code iptables}
     */
    public PacketFilterException(String message, String backend) {
        super(message);
        this.backend = backend;
    }

    /**
     * @param message what was attempted, in which namespace, and why it failed
     * @param backend the backend's name
     * @param cause the underlying cause, may be {@code null}
     */
    public PacketFilterException(String message, String backend, Throwable cause) {
        super(message, cause);
        this.backend = backend;
    }

    /** @return the backend's name, {@code nftables} or {@code iptables} */
    public String backend() {
        return backend;
    }
}
