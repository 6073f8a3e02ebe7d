package dev.netns;

/**
 * Root of every exception the SDK throws. All of them are unchecked and say in their message
 * what was attempted, on which object, and why it failed.
 *
 * <p>Catch a subclass to branch on the cause: {@link InvalidInputException} (nothing was
 * changed), {@link KernelException} and its subclasses (the kernel refused),
 * {@link MalformedReplyException} (the kernel's answer could not be decoded),
 * {@link NamespaceClosedException} (the handle is closed), {@link CommandFailedException}
 * (a process started in a namespace failed).
 *
 * @since 0.1
 */
public class NetnsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and why; never {@code null}
     */
    public NetnsException(String message) {
        super(message);
    }

    /**
     * @param message what failed and why; never {@code null}
     * @param cause the underlying cause, may be {@code null}
     */
    public NetnsException(String message, Throwable cause) {
        super(message, cause);
    }
}
