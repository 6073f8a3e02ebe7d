package dev.netns;

/**
 * A value given to the SDK is not acceptable: a name too long, a prefix length out of range,
 * a port of 0. Thrown before anything is changed; the message names the value and says what
 * is allowed.
 *
 * @since 0.1
 */
public class InvalidInputException extends NetnsException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the offending value and what is allowed
     */
    public InvalidInputException(String message) {
        super(message);
    }
}
