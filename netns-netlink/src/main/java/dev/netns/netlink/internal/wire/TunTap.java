package dev.netns.netlink.internal.wire;

import dev.netns.InvalidInputException;
import dev.netns.internal.Validation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * TUN/TAP devices are not made over netlink but with ioctl(TUNSETIFF) on /dev/net/tun: this is the
 * pure part of that, struct ifreq and the ioctl numbers of linux/if_tun.h (names as there). The
 * system call itself belongs to the libc binding.
 *
 * <p>The layout is LP64's (x86-64, aarch64, riscv64): a 40-byte ifreq, and the ioctl numbers of the
 * generic _IOC encoding. Architectures with another encoding (powerpc, mips, sparc) are not covered.
 */
public final class TunTap {
    public static final int IFF_TUN = 0x0001;
    public static final int IFF_TAP = 0x0002;
    public static final int IFF_MULTI_QUEUE = 0x0100;
    public static final int IFF_NO_PI = 0x1000;
    public static final int IFF_VNET_HDR = 0x4000;

    /** From linux/if.h. */
    public static final int IFNAMSIZ = 16;
    /** sizeof(struct ifreq) on LP64: the name, then a 24-byte union (ifr_flags is its first short). */
    public static final int IFREQ_LEN = 40;
    public static final int IFR_FLAGS_OFFSET = 16;

    public static final int TUNSETIFF = iow('T', 202, 4);
    public static final int TUNSETPERSIST = iow('T', 203, 4);
    public static final int TUNSETOWNER = iow('T', 204, 4);
    public static final int TUNSETGROUP = iow('T', 206, 4);

    private static final int IOC_WRITE = 1;

    private TunTap() {
    }

    /**
     * _IOW(type, nr, size) of asm-generic/ioctl.h: direction in bits 30-31, size in 16-29, type in
     * 8-15, number in 0-7.
     */
    static int iow(char type, int nr, int size) {
        return (IOC_WRITE << 30) | (size << 16) | (type << 8) | nr;
    }

    /**
     * The struct ifreq for TUNSETIFF.
     *
     * @param name the device name (1..15 bytes), or a template such as "tap%d" the kernel fills in
     * @param flags IFF_TUN or IFF_TAP, optionally with IFF_NO_PI, IFF_MULTI_QUEUE, IFF_VNET_HDR
     * @throws InvalidInputException if the name is not a valid interface name or the flags do not
     *     choose exactly one of IFF_TUN and IFF_TAP
     */
    public static byte[] ifreq(String name, int flags) {
        Validation.interfaceName(name);
        int mode = flags & (IFF_TUN | IFF_TAP);
        if (mode != IFF_TUN && mode != IFF_TAP) {
            throw new InvalidInputException("tun/tap flags 0x" + Integer.toHexString(flags)
                    + " must contain exactly one of IFF_TUN (0x1) and IFF_TAP (0x2)");
        }
        int known = IFF_TUN | IFF_TAP | IFF_NO_PI | IFF_MULTI_QUEUE | IFF_VNET_HDR;
        if ((flags & ~known) != 0) {
            throw new InvalidInputException("tun/tap flags 0x" + Integer.toHexString(flags & ~known)
                    + " are not IFF_TUN, IFF_TAP, IFF_NO_PI, IFF_MULTI_QUEUE or IFF_VNET_HDR");
        }
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(IFREQ_LEN).order(ByteOrder.nativeOrder());
        b.put(n); // at most 15 bytes: the zeroed 16th is the terminating NUL
        b.putShort(IFR_FLAGS_OFFSET, (short) flags);
        return b.array();
    }
}
