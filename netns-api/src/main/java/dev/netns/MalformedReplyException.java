package dev.netns;

/**
 * A message from the kernel could not be decoded: truncated, a length that runs past the
 * buffer, an unexpected sequence number. Signals a bug or a kernel the SDK does not know, never
 * bad user input.
 *
 * @since 0.1
 */
public class MalformedReplyException extends NetnsException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong with the message, with offsets where they help
     */
    public MalformedReplyException(String message) {
        super(message);
    }
}
