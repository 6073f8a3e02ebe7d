package dev.netns;

import java.util.Optional;

/**
 * The kernel refused an operation. Carries the errno, its symbolic name, the kernel's own
 * explanation where it gave one (netlink extended ack), the operation and the object.
 *
 * <p>Common causes have their own subclasses: {@link AlreadyExistsException},
 * {@link NotFoundException}, {@link PermissionDeniedException}, {@link NotSupportedException}.
 *
 * @since 0.1
 */
public class KernelException extends NetnsException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String errnoName;
    private final String operation;
    private final String kernelMessage;

    /**
     * @param operation what was attempted, naming the object and namespace, for example
     *     {@code "create veth veth-red in namespace red"}
     * @param errno the positive errno value
     * @param errnoName the symbolic name, for example {@code "EEXIST"}
     * @param kernelMessage the kernel's extended-ack text, or {@code null} if it gave none
     * @param explanation a sentence for a person, may be {@code null}
     */
    public KernelException(String operation, int errno, String errnoName, String kernelMessage,
            String explanation) {
        super(format(operation, errnoName, kernelMessage, explanation));
        this.errno = errno;
        this.errnoName = errnoName;
        this.operation = operation;
        this.kernelMessage = kernelMessage;
    }

    private static String format(String operation, String errnoName, String kernelMessage,
            String explanation) {
        StringBuilder sb = new StringBuilder("cannot ").append(operation).append(": ").append(errnoName);
        if (kernelMessage != null && !kernelMessage.isEmpty()) {
            sb.append(" (kernel: ").append(kernelMessage).append(')');
        }
        if (explanation != null && !explanation.isEmpty()) {
            sb.append(". ").append(explanation);
        }
        return sb.toString();
    }

    /** @return the positive errno value the kernel returned */
    public int errno() {
        return errno;
    }

    /** @return the errno's symbolic name, for example {@code "ENODEV"} */
    public String errnoName() {
        return errnoName;
    }

    /** @return what was attempted, naming the object and the namespace */
    public String operation() {
        return operation;
    }

    /** @return the kernel's extended-ack message, if it sent one */
    public Optional<String> kernelMessage() {
        return Optional.ofNullable(kernelMessage);
    }
}
