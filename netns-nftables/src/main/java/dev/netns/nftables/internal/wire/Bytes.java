package dev.netns.nftables.internal.wire;

import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string: the value of an nft_data (what {@code cmp}, {@code bitwise} and
 * {@code immediate} carry), user data, or an expression kept raw. Equal by content, so decoded
 * expressions compare with the ones a test or renderer built.
 */
public final class Bytes {
    private static final Bytes EMPTY = new Bytes(new byte[0]);
    /** IFNAMSIZ: nft compares exact interface names over the whole 16-byte buffer. */
    private static final int IFNAMSIZ = 16;

    private final byte[] bytes;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @return the bytes, copied */
    public static Bytes of(byte... bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
    }

    /** @return the empty byte string */
    public static Bytes empty() {
        return EMPTY;
    }

    /** @return a 16-bit value in network order (ports) */
    public static Bytes be16(int value) {
        return new Bytes(new byte[] {(byte) (value >>> 8), (byte) value});
    }

    /** @return a 32-bit value in network order */
    public static Bytes be32(int value) {
        return new Bytes(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    /**
     * A 32-bit value in host order: what the kernel keeps in registers for host-endian keys
     * ({@code ct state}, {@code meta mark}), so the same rule has different bytes on big-endian hosts.
     */
    public static Bytes host32(int value) {
        return be32(ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? value : Integer.reverseBytes(value));
    }

    /** @return the address's bytes, 4 or 16 */
    public static Bytes address(InetAddress address) {
        return new Bytes(address.getAddress());
    }

    /**
     * An interface name as nft compares an exact name: NUL-padded to IFNAMSIZ (16 bytes).
     *
     * @throws IllegalArgumentException for a name of more than 15 bytes
     */
    public static Bytes ifname(String name) {
        byte[] s = name.getBytes(StandardCharsets.UTF_8);
        if (s.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("interface name \"" + name + "\" has " + s.length
                    + " bytes, at most " + (IFNAMSIZ - 1) + " fit");
        }
        return new Bytes(Arrays.copyOf(s, IFNAMSIZ));
    }

    /** @return a copy of the bytes */
    public byte[] toArray() {
        return bytes.clone();
    }

    /** @return the number of bytes */
    public int length() {
        return bytes.length;
    }

    /** Package-private view for encoders, which never modify it. */
    byte[] unsafeArray() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** @return the bytes in hex, as nft's debug output shows data */
    @Override
    public String toString() {
        return "0x" + HexFormat.of().formatHex(bytes);
    }
}
