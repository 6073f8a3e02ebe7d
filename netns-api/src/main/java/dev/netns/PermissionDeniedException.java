package dev.netns;

/**
 * The process lacks the privileges (EPERM, EACCES): the SDK needs root, or CAP_NET_ADMIN and CAP_SYS_ADMIN.
 *
 * @since 0.1
 */
public class PermissionDeniedException extends KernelException {
    private static final long serialVersionUID = 1L;

    /**
     * @param operation what was attempted, naming the object and namespace
     * @param errno the positive errno value
     * @param errnoName the errno's symbolic name
     * @param kernelMessage the kernel's extended-ack text, or {@code null}
     * @param explanation a sentence for a person, or {@code null}
     */
    public PermissionDeniedException(String operation, int errno, String errnoName, String kernelMessage,
            String explanation) {
        super(operation, errno, errnoName, kernelMessage, explanation);
    }
}
