package dev.netns;

/**
 * The packet-filter backend refused a change of rules; nothing was changed, as every change is one
 * transaction. The message carries the backend's own error text; {@link #input()} is what was
 * given to it (for the iptables backend, the {@code iptables-restore} input).
 *
 * @since 0.1
 */
public class RuleRejectedException extends PacketFilterException {
    private static final long serialVersionUID = 1L;

    private final String input;

    /**
     * @param message what was attempted, in which namespace, and the backend's error text
     * @param backend the backend's name
     * @param input what was given to the backend, or {@code null}
     */
    public RuleRejectedException(String message, String backend, String input) {
        super(message, backend);
        this.input = input == null ? "" : input;
    }

    /** @return what was given to the backend, empty if nothing textual */
    public String input() {
        return input;
    }
}
