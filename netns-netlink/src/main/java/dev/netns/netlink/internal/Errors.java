package dev.netns.netlink.internal;

import com.sun.jna.LastErrorException;
import dev.netns.AlreadyExistsException;
import dev.netns.KernelException;
import dev.netns.NotFoundException;
import dev.netns.NotSupportedException;
import dev.netns.PermissionDeniedException;
import dev.netns.netlink.internal.libc.Errno;

/**
 * Turns an errno into the API's typed exception, with a sentence for a person where it helps. Used
 * by the nf_tables backend too, so its errors read like rtnetlink's.
 */
public final class Errors {
    private Errors() {
    }

    /** @return the exception for a failed system call; {@code operation} names what and where */
    public static KernelException of(String operation, LastErrorException e) {
        return of(operation, e.getErrorCode(), null);
    }

    /**
     * @param operation what was attempted and where, for example {@code "create veth x in namespace red"}
     * @param errno the positive errno of a netlink error
     * @param kernelMessage the extended-ack text, or {@code null}
     * @return the typed exception for {@code errno}
     */
    public static KernelException of(String operation, int errno, String kernelMessage) {
        String name = Errno.name(errno);
        switch (errno) {
            case Errno.EEXIST:
                return new AlreadyExistsException(operation, errno, name, kernelMessage, "It already exists");
            case Errno.ENOENT:
            case Errno.ENODEV:
            case Errno.ESRCH:
            case Errno.EADDRNOTAVAIL:
                return new NotFoundException(operation, errno, name, kernelMessage, "It does not exist");
            case Errno.EPERM:
            case Errno.EACCES:
                return new PermissionDeniedException(operation, errno, name, kernelMessage,
                        "This needs root, or the capabilities CAP_NET_ADMIN and CAP_SYS_ADMIN");
            case Errno.ENOTSUP:
            case Errno.EAFNOSUPPORT:
            case Errno.EPROTONOSUPPORT:
                return new NotSupportedException(operation, errno, name, kernelMessage,
                        "The running kernel does not support this (a missing module or feature)");
            default:
                return new KernelException(operation, errno, name, kernelMessage, null);
        }
    }
}
