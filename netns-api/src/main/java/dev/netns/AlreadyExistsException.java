package dev.netns;

/**
 * An object with that name or address already exists (EEXIST).
 *
 * @since 0.1
 */
public class AlreadyExistsException extends KernelException {
    private static final long serialVersionUID = 1L;

    /**
     * @param operation what was attempted, naming the object and namespace
     * @param errno the positive errno value
     * @param errnoName the errno's symbolic name
     * @param kernelMessage the kernel's extended-ack text, or {@code null}
     * @param explanation a sentence for a person, or {@code null}
     */
    public AlreadyExistsException(String operation, int errno, String errnoName, String kernelMessage,
            String explanation) {
        super(operation, errno, errnoName, kernelMessage, explanation);
    }
}
