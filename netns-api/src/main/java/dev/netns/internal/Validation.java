package dev.netns.internal;

import dev.netns.InvalidInputException;
import java.nio.charset.StandardCharsets;

/**
 * Input checks shared by the API's value types and the backends. Not API: may change without
 * notice.
 */
public final class Validation {
    /** IFNAMSIZ (16, from linux/if.h) minus the terminating NUL. */
    public static final int MAX_INTERFACE_NAME_BYTES = 15;
    /** NAME_MAX for a file under /run/netns. */
    public static final int MAX_NAMESPACE_NAME_BYTES = 255;
    /** Kernel bounds for an MTU we accept: IPv4's minimum (68) to the largest the kernel takes. */
    public static final int MIN_MTU = 68;
    public static final int MAX_MTU = 65535;

    private Validation() {
    }

    /**
     * Checks a Linux interface name: 1 to 15 UTF-8 bytes, not "." or "..", no '/', ':', NUL or
     * whitespace (the kernel's dev_valid_name, plus ':' which iproute2 reserves for aliases).
     *
     * @return the name, for chaining
     * @throws InvalidInputException naming the value and the rule it breaks
     */
    public static String interfaceName(String name) {
        if (name == null) {
            throw new InvalidInputException("interface name must not be null");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_INTERFACE_NAME_BYTES) {
            throw new InvalidInputException("interface name \"" + printable(name) + "\" is " + bytes
                    + " bytes long; it must be 1 to " + MAX_INTERFACE_NAME_BYTES + " bytes (UTF-8)");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new InvalidInputException("interface name \"" + name + "\" is not allowed");
        }
        checkChars("interface name", name, ":");
        return name;
    }

    /**
     * Checks a namespace name for /run/netns: a single path component of 1 to 255 bytes,
     * not "." or "..", no '/', NUL or whitespace.
     */
    public static String namespaceName(String name) {
        if (name == null) {
            throw new InvalidInputException("namespace name must not be null");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_NAMESPACE_NAME_BYTES) {
            throw new InvalidInputException("namespace name \"" + printable(name) + "\" is " + bytes
                    + " bytes long; it must be 1 to " + MAX_NAMESPACE_NAME_BYTES + " bytes");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new InvalidInputException("namespace name \"" + name + "\" is not allowed: it must name a file under /run/netns");
        }
        checkChars("namespace name", name, "");
        return name;
    }

    private static void checkChars(String what, String name, String extraForbidden) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == 0 || Character.isWhitespace(c) || Character.isISOControl(c)
                    || extraForbidden.indexOf(c) >= 0) {
                throw new InvalidInputException(what + " \"" + printable(name) + "\" contains "
                        + describe(c) + " at position " + i + "; '/', " + (extraForbidden.isEmpty() ? "" : "':', ")
                        + "whitespace and control characters are not allowed");
            }
        }
    }

    /** Checks an MTU against {@link #MIN_MTU}..{@link #MAX_MTU}. */
    public static int mtu(int mtu) {
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw new InvalidInputException("MTU " + mtu + " is out of range; it must be " + MIN_MTU + " to " + MAX_MTU);
        }
        return mtu;
    }

    /** Checks a TCP/UDP port: 1 to 65535. */
    public static int port(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new InvalidInputException(what + " " + port + " is out of range; it must be 1 to 65535");
        }
        return port;
    }

    /** Throws if {@code value} is null, naming it. */
    public static <T> T notNull(String what, T value) {
        if (value == null) {
            throw new InvalidInputException(what + " must not be null");
        }
        return value;
    }

    private static String describe(char c) {
        if (c == 0) {
            return "a NUL character";
        }
        if (c == '/') {
            return "'/'";
        }
        if (c == ':') {
            return "':'";
        }
        return String.format("the character U+%04X", (int) c);
    }

    /** @return {@code s} with control characters as {@code \}{@code uXXXX}, for messages that name a value */
    public static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }
}
