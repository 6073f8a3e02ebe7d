package dev.netns;

/**
 * The namespace handle (or a link handle that belongs to it) was used after
 * {@link NetNamespace#close()}.
 *
 * @since 0.1
 */
public class NamespaceClosedException extends NetnsException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the namespace and the operation attempted
     */
    public NamespaceClosedException(String message) {
        super(message);
    }
}
