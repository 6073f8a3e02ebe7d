package dev.netns;

/**
 * {@code iptables-restore} (or {@code iptables-save}) failed. Nothing was changed: a restore is
 * one transaction. The message carries iptables' own error text; {@link #input()} is what was fed
 * to it.
 *
 * @since 0.1
 */
public class IptablesFailedException extends CommandFailedException {
    private static final long serialVersionUID = 1L;

    private final String input;

    /**
     * @param message what was attempted, in which namespace, and iptables' stderr
     * @param result the process outcome
     * @param input the text given to iptables-restore on standard input, or empty
     */
    public IptablesFailedException(String message, ExecResult result, String input) {
        super(message, result);
        this.input = input == null ? "" : input;
    }

    /** @return the text given to {@code iptables-restore}, empty for other commands */
    public String input() {
        return input;
    }

    /** @return iptables' standard error */
    public String stderr() {
        return result() == null ? "" : result().stderr();
    }
}
