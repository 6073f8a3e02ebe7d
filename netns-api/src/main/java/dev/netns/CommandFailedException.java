package dev.netns;

/**
 * A process started inside a namespace exited with a non-zero status, or did not finish in
 * time, where success was required. Carries the whole {@link ExecResult}.
 *
 * @since 0.1
 */
public class CommandFailedException extends NetnsException {
    private static final long serialVersionUID = 1L;

    private final transient ExecResult result;

    /**
     * @param message what was run and in which namespace
     * @param result the outcome, with exit code and captured output
     */
    public CommandFailedException(String message, ExecResult result) {
        super(message);
        this.result = result;
    }

    /** @return the process's outcome: exit code, stdout and stderr */
    public ExecResult result() {
        return result;
    }
}
