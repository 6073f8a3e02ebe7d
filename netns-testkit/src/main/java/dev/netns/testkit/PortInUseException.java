package dev.netns.testkit;

import dev.netns.NetnsException;

/**
 * A service of {@link Network} could not listen: its port is taken in that host already (by a
 * service of the test, or a program it started).
 *
 * @since 0.1
 */
public class PortInUseException extends NetnsException {
    private static final long serialVersionUID = 1L;

    private final String host;
    private final int port;

    /**
     * @param what the kind of service, for example {@code "TCP"}
     * @param host the topology's host
     * @param port the port
     * @param cause the socket's exception
     */
    public PortInUseException(String what, String host, int port, Throwable cause) {
        super("cannot listen for " + what + " on port " + port + " in host \"" + host + "\": the port is in use there", cause);
        this.host = host;
        this.port = port;
    }

    /** @return the topology's host */
    public String host() {
        return host;
    }

    /** @return the port that is in use */
    public int port() {
        return port;
    }

    /** @return whether {@code e} is the socket layer's EADDRINUSE */
    static boolean isInUse(Throwable e) {
        return e instanceof java.net.BindException && e.getMessage() != null
                && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("in use");
    }
}
