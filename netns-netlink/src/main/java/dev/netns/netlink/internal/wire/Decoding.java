package dev.netns.netlink.internal.wire;

import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import dev.netns.MacAddress;
import dev.netns.MalformedReplyException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * Bounds-checked reads for the decoders of this package that {@link Attributes} does not offer
 * (u16, big-endian, u64, family-checked addresses). Every failure is a {@link MalformedReplyException}.
 */
final class Decoding {
    static final int AF_UNSPEC = 0;
    static final int AF_INET = 2;
    static final int AF_BRIDGE = 7;
    static final int AF_INET6 = 10;

    private Decoding() {
    }

    static int u16(Attributes a, int type, int dflt) {
        ByteBuffer b = a.get(type);
        return b == null ? dflt : need(type, b, 2).getShort(0) & 0xffff;
    }

    /** An NLA_BE16 attribute: ports and ethertypes. */
    static int be16(Attributes a, int type, int dflt) {
        ByteBuffer b = a.get(type);
        if (b == null) {
            return dflt;
        }
        need(type, b, 2);
        return ((b.get(0) & 0xff) << 8) | (b.get(1) & 0xff);
    }

    static long u32Unsigned(Attributes a, int type, long dflt) {
        return a.has(type) ? Integer.toUnsignedLong(a.u32(type, 0)) : dflt;
    }

    /** An attribute that is an address of {@code family}; {@code null} if absent. */
    static InetAddress address(Attributes a, int type, int family, String what) {
        byte[] raw = a.bytes(type);
        if (raw == null) {
            return null;
        }
        int expected = family == AF_INET ? 4 : family == AF_INET6 ? 16 : -1;
        if (expected > 0 && raw.length != expected) {
            throw new MalformedReplyException(what + " has " + raw.length + " bytes; family " + family + " addresses have "
                    + expected);
        }
        return AddressMessages.address(raw);
    }

    /** A 6-byte link-layer address, or {@code null} when absent or of another size (not Ethernet). */
    static MacAddress mac(Attributes a, int type) {
        byte[] raw = a.bytes(type);
        return raw != null && raw.length == 6 ? MacAddress.of(raw) : null;
    }

    /** A prefix built from the kernel's address and length. */
    static IpPrefix prefix(InetAddress address, int length, String what) {
        try {
            return new IpPrefix(address, length);
        } catch (InvalidInputException e) {
            throw new MalformedReplyException(what + ": " + e.getMessage());
        }
    }

    /**
     * Runs a decoder, turning a value the model rejects (inconsistent kernel data) into a
     * {@link MalformedReplyException}: it is the reply that is wrong, not the caller's input.
     */
    static <T> T decoding(String what, Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (InvalidInputException e) {
            throw new MalformedReplyException(what + ": " + e.getMessage());
        }
    }

    static int family(InetAddress a) {
        return AddressMessages.family(a);
    }

    private static ByteBuffer need(int type, ByteBuffer b, int size) {
        if (b.remaining() < size) {
            throw new MalformedReplyException("attribute type " + type + " has " + b.remaining()
                    + " bytes, expected at least " + size);
        }
        return b;
    }
}
