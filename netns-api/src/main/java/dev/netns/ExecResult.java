package dev.netns;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a process run inside a namespace with {@link NetNamespace#exec}.
 *
 * @param command the command as given (without the SDK's namespace entry)
 * @param exitCode the exit status; -1 if it was killed after the timeout
 * @param stdout everything it wrote to standard output, decoded as UTF-8
 * @param stderr everything it wrote to standard error, decoded as UTF-8
 * @param elapsed how long it ran
 * @param timedOut whether it was killed because it ran past the timeout
 * @since 0.1
 */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr,
        Duration elapsed, boolean timedOut) {

    /** Copies the command list. */
    public ExecResult {
        command = List.copyOf(command);
    }

    /** @return whether it exited with status 0 in time */
    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    /**
     * @return this result if it succeeded
     * @throws CommandFailedException with the exit code and stderr otherwise
     */
    public ExecResult orThrow() {
        if (!succeeded()) {
            String why = timedOut ? "timed out after " + elapsed.toMillis() + " ms" : "exited with status " + exitCode;
            throw new CommandFailedException(String.join(" ", command) + " " + why
                    + (stderr.isBlank() ? "" : ": " + stderr.strip()), this);
        }
        return this;
    }
}
