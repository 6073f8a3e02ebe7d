package dev.netns;

/**
 * The identity of a network namespace: the device and inode of its nsfs file. Two handles to the
 * same namespace, however they were opened, have equal ids; {@code ip netns identify} and
 * {@code /proc/PID/ns/net} show the inode.
 *
 * @param device the st_dev of the namespace file
 * @param inode the st_ino of the namespace file
 * @since 0.1
 */
public record NamespaceId(long device, long inode) {
    @Override
    public String toString() {
        return "net:[" + inode + "]";
    }
}
