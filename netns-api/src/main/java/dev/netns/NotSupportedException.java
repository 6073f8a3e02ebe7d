package dev.netns;

/**
 * The kernel lacks the feature asked for (EOPNOTSUPP, EAFNOSUPPORT, an unknown link kind or a missing module).
 *
 * @since 0.1
 */
public class NotSupportedException extends KernelException {
    private static final long serialVersionUID = 1L;

    /**
     * @param operation what was attempted, naming the object and namespace
     * @param errno the positive errno value
     * @param errnoName the errno's symbolic name
     * @param kernelMessage the kernel's extended-ack text, or {@code null}
     * @param explanation a sentence for a person, or {@code null}
     */
    public NotSupportedException(String operation, int errno, String errnoName, String kernelMessage,
            String explanation) {
        super(operation, errno, errnoName, kernelMessage, explanation);
    }
}
