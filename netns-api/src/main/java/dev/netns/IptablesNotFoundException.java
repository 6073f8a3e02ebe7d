package dev.netns;

/**
 * No {@code iptables-restore} was found, so NAT rules cannot be written. On Debian and Ubuntu,
 * install the package named by {@link #debianPackage()} ({@code apt-get install iptables}).
 *
 * @since 0.1
 */
public class IptablesNotFoundException extends NetnsException {
    private static final long serialVersionUID = 1L;

    /** The Debian package that provides iptables-restore and iptables-save. */
    public static final String DEBIAN_PACKAGE = "iptables";

    /**
     * @param message where it was looked for
     */
    public IptablesNotFoundException(String message) {
        super(message + "; install the Debian package '" + DEBIAN_PACKAGE + "' (apt-get install " + DEBIAN_PACKAGE + ")");
    }

    /** @return the Debian package to install: {@code iptables} */
    public String debianPackage() {
        return DEBIAN_PACKAGE;
    }
}
