package dev.netns;

import dev.netns.internal.Validation;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IP address with a prefix length, IPv4 or IPv6: {@code 192.168.15.1/24}, {@code fd00::1/64}.
 * The address keeps its host bits (it is an interface address as much as a network); use
 * {@link #network()} for the masked form.
 *
 * <pre>{@code
 * IpPrefix p = IpPrefix.parse("192.168.15.1/24");
 * p.address();   // 192.168.15.1
 * p.network();   // 192.168.15.0/24
 * }</pre>
 *
 * <p>Parsing never resolves host names: only address literals are accepted.
 *
 * @param address the address, never {@code null}
 * @param length the prefix length, 0..32 for IPv4, 0..128 for IPv6
 * @since 0.1
 */
public record IpPrefix(InetAddress address, int length) {

    /** Validates the components. */
    public IpPrefix {
        if (address == null) {
            throw new InvalidInputException("prefix address must not be null");
        }
        int max = maxLength(address);
        if (length < 0 || length > max) {
            throw new InvalidInputException("prefix length " + length + " for " + address.getHostAddress()
                    + " is out of range; it must be 0 to " + max);
        }
    }

    /**
     * Parses {@code "address/length"}; a bare address gets the full length (/32 or /128).
     *
     * @throws InvalidInputException if the text is not an address literal with a valid length
     */
    public static IpPrefix parse(String text) {
        if (text == null) {
            throw new InvalidInputException("prefix must not be null");
        }
        try {
            int slash = text.indexOf('/');
            String addr = slash < 0 ? text : text.substring(0, slash);
            InetAddress address = parseAddress(addr);
            if (slash < 0) {
                return new IpPrefix(address, maxLength(address));
            }
            String len = text.substring(slash + 1);
            if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(Character::isDigit)) {
                throw new InvalidInputException("it has an invalid length \"" + Validation.printable(len)
                        + "\"; expected a number 0 to " + maxLength(address));
            }
            return new IpPrefix(address, Integer.parseInt(len));
        } catch (InvalidInputException e) {
            // The part's own message ("256 is above 255") with the whole value as the caller wrote it.
            throw new InvalidInputException("prefix \"" + Validation.printable(text) + "\": " + e.getMessage());
        }
    }

    /** @return a prefix from an address literal and a length */
    public static IpPrefix of(String address, int length) {
        return new IpPrefix(parseAddress(address), length);
    }

    /** @return the IPv4 default-route prefix {@code 0.0.0.0/0} */
    public static IpPrefix anyIpv4() {
        return of("0.0.0.0", 0);
    }

    /** @return the IPv6 default-route prefix {@code ::/0} */
    public static IpPrefix anyIpv6() {
        return of("::", 0);
    }

    /**
     * Parses an IPv4 dotted quad or an IPv6 literal without any DNS lookup.
     *
     * @throws InvalidInputException if it is not an address literal
     */
    public static InetAddress parseAddress(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidInputException("IP address must not be empty");
        }
        try {
            if (text.indexOf(':') >= 0) {
                if (!text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    throw new InvalidInputException("\"" + text + "\" is not an IPv6 address literal");
                }
                // A literal with ':' is never resolved by the JDK.
                InetAddress a = InetAddress.getByName(text);
                if (!(a instanceof Inet6Address) && !(a instanceof Inet4Address)) {
                    throw new InvalidInputException("\"" + text + "\" is not an IP address");
                }
                return a;
            }
            String[] parts = text.split("\\.", -1);
            if (parts.length != 4) {
                throw new InvalidInputException("\"" + text + "\" is not an IPv4 address (expected four numbers 0-255 separated by dots)");
            }
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                String p = parts[i];
                if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                    throw new InvalidInputException("\"" + text + "\" is not an IPv4 address (part \"" + p + "\")");
                }
                int v = Integer.parseInt(p);
                if (v > 255) {
                    throw new InvalidInputException("\"" + text + "\" is not an IPv4 address (" + v + " is above 255)");
                }
                b[i] = (byte) v;
            }
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new InvalidInputException("\"" + text + "\" is not an IP address: " + e.getMessage());
        }
    }

    /** @return true for an IPv4 prefix */
    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** @return the prefix with its host bits cleared, for example 192.168.15.0/24 */
    public IpPrefix network() {
        byte[] b = address.getAddress();
        for (int bit = length; bit < b.length * 8; bit++) {
            b[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return new IpPrefix(InetAddress.getByAddress(b), length);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return whether {@code other} lies inside this prefix's network */
    public boolean contains(InetAddress other) {
        byte[] a = address.getAddress();
        byte[] o = other.getAddress();
        if (a.length != o.length) {
            return false;
        }
        for (int bit = 0; bit < length; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((a[bit / 8] & mask) != (o[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static int maxLength(InetAddress a) {
        return a instanceof Inet4Address ? 32 : 128;
    }

    /** @return {@code address/length}, IPv6 in its compressed form */
    @Override
    public String toString() {
        return hostString(address) + "/" + length;
    }

    /** @return the address as text without a scope or host name, IPv6 compressed like iproute2 */
    public static String hostString(InetAddress a) {
        if (a instanceof Inet4Address) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(w[i]));
        }
        return sb.toString();
    }
}
