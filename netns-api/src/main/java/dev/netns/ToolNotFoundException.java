package dev.netns;

/**
 * A program the SDK needs for an operation is not installed: {@code nsenter} to start processes
 * inside a namespace, {@code iptables-restore} for the iptables packet-filter backend. The
 * message names the operation, the program, where it was looked for and the Debian package to
 * install.
 *
 * <pre>{@code
 * catch (ToolNotFoundException e) {
 *     System.err.println("apt-get install " + e.debianPackage());
 * }
 * }</pre>
 *
 * @since 0.1
 */
public class ToolNotFoundException extends NetnsException {
    private static final long serialVersionUID = 1L;

    private final String tool;
    private final String debianPackage;

    /**
     * @param operation what was attempted, for example {@code "start a process in namespace red"}
     * @param tool the missing program, for example {@code "nsenter"}
     * @param searched where it was looked for, for example {@code "/usr/bin, /usr/sbin, /bin, /sbin"}
     * @param debianPackage the Debian package that provides it, for example {@code "util-linux"}
     */
    public ToolNotFoundException(String operation, String tool, String searched, String debianPackage) {
        super("cannot " + operation + ": " + tool + " is not installed (looked in " + searched
                + "); install the Debian package '" + debianPackage + "' (apt-get install " + debianPackage + ")");
        this.tool = tool;
        this.debianPackage = debianPackage;
    }

    /** @return the missing program, for example {@code "iptables-restore"} */
    public String tool() {
        return tool;
    }

    /** @return the Debian package to install, for example {@code "iptables"} */
    public String debianPackage() {
        return debianPackage;
    }
}
