package dev.netns;

/**
 * A 48-bit Ethernet address. {@link #toString()} gives the lower-case colon form that
 * iproute2 prints.
 *
 * <pre>{@code
 * MacAddress mac = MacAddress.parse("02:00:00:00:00:01");
 * }</pre>
 *
 * @param value the address in the low 48 bits
 * @since 0.1
 */
public record MacAddress(long value) {

    /** Validates that only the low 48 bits are used. */
    public MacAddress {
        if ((value & ~0xFFFF_FFFF_FFFFL) != 0) {
            throw new InvalidInputException("MAC address value 0x" + Long.toHexString(value) + " has more than 48 bits");
        }
    }

    /**
     * Parses six hex octets separated by ':' or '-'.
     *
     * @throws InvalidInputException with the expected format
     */
    public static MacAddress parse(String text) {
        if (text == null || !text.matches("(?i)[0-9a-f]{1,2}([:-][0-9a-f]{1,2}){5}")) {
            throw new InvalidInputException("\"" + text + "\" is not a MAC address; expected six hex octets like 02:00:00:00:00:01");
        }
        long v = 0;
        for (String part : text.split("[:-]")) {
            v = (v << 8) | Integer.parseInt(part, 16);
        }
        return new MacAddress(v);
    }

    /**
     * @param bytes exactly six bytes
     * @return the address
     */
    public static MacAddress of(byte[] bytes) {
        if (bytes == null || bytes.length != 6) {
            throw new InvalidInputException("a MAC address has 6 bytes, got " + (bytes == null ? "null" : bytes.length));
        }
        long v = 0;
        for (byte b : bytes) {
            v = (v << 8) | (b & 0xff);
        }
        return new MacAddress(v);
    }

    /** @return the six bytes, most significant first */
    public byte[] toBytes() {
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) (value >>> (8 * (5 - i)));
        }
        return b;
    }

    /** @return whether the multicast bit is set (such an address cannot be given to a link) */
    public boolean isMulticast() {
        return (value & 0x0100_0000_0000L) != 0;
    }

    @Override
    public String toString() {
        byte[] b = toBytes();
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
        }
        return sb.toString();
    }
}
