package dev.netns.netlink.internal;

import static dev.netns.netlink.internal.wire.IfLink.*;

import com.sun.jna.LastErrorException;
import dev.netns.AlreadyExistsException;
import dev.netns.KernelException;
import dev.netns.LinkInfo;
import dev.netns.LinkType;
import dev.netns.NotSupportedException;
import dev.netns.internal.Validation;
import dev.netns.netlink.internal.libc.Errno;
import dev.netns.netlink.internal.libc.LibC;
import dev.netns.netlink.internal.wire.Attributes;
import dev.netns.netlink.internal.wire.LinkDetails;
import dev.netns.netlink.internal.wire.LinkKindMessages;
import dev.netns.netlink.internal.wire.LinkKindSpec;
import dev.netns.netlink.internal.wire.LinkMessages;
import dev.netns.netlink.internal.wire.NlMessage;
import dev.netns.netlink.internal.wire.RtNetlink;
import dev.netns.netlink.internal.wire.TunTap;
import java.util.function.IntFunction;

/** Links of the kinds in {@link LinkType}: RTM_NEWLINK for most, ioctl on /dev/net/tun for tun/tap. */
final class LinkCreation {
    static final int IFLA_TUN_OWNER = 1;
    static final int IFLA_TUN_GROUP = 2;
    static final int IFLA_TUN_TYPE = 3;

    private LinkCreation() {
    }

    /** Creates the link; returns its index. Nothing is left behind on failure. */
    static int create(NetlinkNamespace ns, String name, LinkType type) {
        Validation.interfaceName(name);
        Validation.notNull("link type", type);
        String op = "create " + type.kind() + " link " + name + " (" + type + ")";
        if (type instanceof LinkType.TunTap t) {
            return createTunTap(ns, name, t, op);
        }
        RtnlTables tables = ns.tables();
        LinkKindSpec spec = Conversions.kindSpec(type, dev -> tables.index(dev, op));
        try {
            ns.rtnl().request(LinkKindMessages.newLink(name, spec), op);
        } catch (NotSupportedException e) {
            throw missing(ns, op, type.kind(), e);
        } catch (KernelException e) {
            // "Unknown device type" may come back as another errno on other kernels' paths.
            if (e.kernelMessage().map(m -> m.contains("Unknown device type")).orElse(false)) {
                throw missing(ns, op, type.kind(), e);
            }
            throw e;
        }
        LinkInfo made = ns.getLink(0, name);
        if (made == null) {
            throw new KernelException(op + " " + ns.where(), Errno.ENODEV, "ENODEV", null,
                    "The kernel acknowledged it but the link is not there");
        }
        return made.index();
    }

    private static NotSupportedException missing(NetlinkNamespace ns, String op, String kind, KernelException e) {
        NotSupportedException n = new NotSupportedException(op + " " + ns.where(), e.errno(), e.errnoName(),
                e.kernelMessage().orElse(null), "The running kernel has no " + kind + " link type: it needs the module "
                        + Conversions.module(kind) + ", built in or loaded (modprobe " + moduleName(kind) + ")");
        n.initCause(e);
        return n;
    }

    private static String moduleName(String kind) {
        String m = Conversions.module(kind);
        int sp = m.indexOf(' ');
        return sp < 0 ? m : m.substring(0, sp);
    }

    private static int createTunTap(NetlinkNamespace ns, String name, LinkType.TunTap t, String op) {
        byte[] ifreq = TunTap.ifreq(name, (t.isTap() ? TunTap.IFF_TAP : TunTap.IFF_TUN) | TunTap.IFF_NO_PI);
        // TUNSETIFF on an existing persistent device attaches to it instead of failing: check first.
        if (ns.getLink(0, name) != null) {
            throw new AlreadyExistsException(op + " " + ns.where(), Errno.EEXIST, "EEXIST", null,
                    "A link called " + name + " exists");
        }
        ns.stack().anchor().callIn(ns.fd(), op + " " + ns.where(), () -> {
            int fd;
            try {
                // /dev/net/tun makes its device in the namespace of the thread that opens it.
                fd = LibC.open("/dev/net/tun", LibC.O_RDWR | LibC.O_CLOEXEC, 0);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.ENOENT || e.getErrorCode() == 6 /* ENXIO */ || e.getErrorCode() == Errno.ENODEV) {
                    throw new NotSupportedException(op + " " + ns.where(), e.getErrorCode(), Errno.name(e.getErrorCode()),
                            null, "There is no usable /dev/net/tun: the kernel needs the module " + Conversions.module("tun"));
                }
                throw Errors.of(op + " (open /dev/net/tun) " + ns.where(), e);
            }
            try {
                // Until TUNSETPERSIST, closing the descriptor deletes the device: a failure leaves nothing.
                LibC.ioctl(fd, TunTap.TUNSETIFF & 0xFFFF_FFFFL, ifreq);
                if (t.owner() >= 0) {
                    LibC.ioctl(fd, TunTap.TUNSETOWNER & 0xFFFF_FFFFL, t.owner());
                }
                if (t.group() >= 0) {
                    LibC.ioctl(fd, TunTap.TUNSETGROUP & 0xFFFF_FFFFL, t.group());
                }
                LibC.ioctl(fd, TunTap.TUNSETPERSIST & 0xFFFF_FFFFL, 1L);
            } catch (LastErrorException e) {
                throw Errors.of(op + " " + ns.where(), e);
            } finally {
                NetlinkSocket.closeQuietly(fd);
            }
            return null;
        });
        LinkInfo made = ns.getLink(0, name);
        if (made == null) {
            throw new KernelException(op + " " + ns.where(), Errno.ENODEV, "ENODEV", null,
                    "TUNSETIFF succeeded but the link is not there");
        }
        return made.index();
    }

    /**
     * Decodes a link message with its kind data as a {@link LinkInfo} with {@link LinkInfo#type()};
     * kind data the model cannot hold leaves the type {@code null} rather than failing the read.
     */
    static LinkInfo decode(NlMessage m, IntFunction<String> names) {
        return decode(m, details(m), names);
    }

    /** The message's link with its kind data and counters, {@code null} if the model cannot hold its kind data. */
    static LinkDetails details(NlMessage m) {
        try {
            return LinkKindMessages.decode(m);
        } catch (RuntimeException unmodelled) {
            return null;
        }
    }

    /** As {@link #decode(NlMessage, IntFunction)}, from the message's {@link #details} decoded already. */
    static LinkInfo decode(NlMessage m, LinkDetails d, IntFunction<String> names) {
        if (d == null) {
            return LinkMessages.decode(m);
        }
        LinkInfo l = d.link();
        // A lower device in another namespace (a vxlan or macvlan moved away from it) has an index
        // there, not here: its name cannot be looked up here, so it reads as "ifN".
        IntFunction<String> lower = d.linkNetnsId() >= 0 ? i -> "if" + i : names;
        try {
            LinkType type = "tun".equals(l.kind()) ? tunType(m) : Conversions.linkType(d.kindSpec(), lower);
            return type == null ? l : l.toBuilder().type(type).build();
        } catch (RuntimeException unmodelled) {
            return l;
        }
    }

    private static LinkType tunType(NlMessage m) {
        Attributes data = m.attributes(RtNetlink.IFINFOMSG_LEN).nested(IFLA_LINKINFO).nested(IFLA_INFO_DATA);
        if (!data.has(IFLA_TUN_TYPE)) {
            return null;
        }
        boolean tap = data.u8(IFLA_TUN_TYPE, 0) == TunTap.IFF_TAP;
        long owner = data.has(IFLA_TUN_OWNER) ? Integer.toUnsignedLong(data.u32(IFLA_TUN_OWNER, 0)) : -1;
        long group = data.has(IFLA_TUN_GROUP) ? Integer.toUnsignedLong(data.u32(IFLA_TUN_GROUP, 0)) : -1;
        LinkType.TunTap t = tap ? LinkType.tap() : LinkType.tun();
        t = owner >= 0 ? t.owner(owner) : t;
        return group >= 0 ? t.group(group) : t;
    }
}
