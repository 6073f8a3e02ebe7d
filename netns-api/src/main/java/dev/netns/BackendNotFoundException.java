package dev.netns;

/**
 * No implementation of a part of the SDK is on the class path: {@link NetworkStack#open()} found
 * no backend, or {@link NetNamespace#nat()} no packet-filter backend. The message names the
 * artifact to add.
 *
 * @since 0.1
 */
public class BackendNotFoundException extends NetnsException {
    private static final long serialVersionUID = 1L;

    private final String artifact;

    /**
     * @param operation what was attempted, for example {@code "open a network stack"}
     * @param what the missing part, for example {@code "no NetworkStackProvider"}
     * @param artifact the Maven coordinates that provide it, for example {@code "dev.netns:netns-netlink"}
     */
    public BackendNotFoundException(String operation, String what, String artifact) {
        super("cannot " + operation + ": " + what + " on the class path; add the " + artifact + " dependency");
        this.artifact = artifact;
    }

    /** @return the Maven coordinates ({@code groupId:artifactId}) of the artifact to add */
    public String artifact() {
        return artifact;
    }
}
