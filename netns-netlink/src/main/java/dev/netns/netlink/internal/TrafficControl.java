package dev.netns.netlink.internal;

import dev.netns.AlreadyExistsException;
import dev.netns.BackendNotFoundException;
import dev.netns.Impairment;
import dev.netns.ImpairmentHandle;
import dev.netns.KernelException;
import dev.netns.NamespaceClosedException;
import dev.netns.NotFoundException;
import dev.netns.NotSupportedException;
import dev.netns.NetnsEvent.Kind;
import dev.netns.internal.Listeners;
import dev.netns.netlink.internal.libc.Errno;
import dev.netns.netlink.internal.wire.NetemOptions;
import dev.netns.netlink.internal.wire.PschedClock;
import dev.netns.netlink.internal.wire.QdiscOptions;
import dev.netns.netlink.internal.wire.HtbClassOptions;
import dev.netns.netlink.internal.wire.HtbOptions;
import dev.netns.netlink.internal.wire.TcEncoding;
import dev.netns.netlink.internal.wire.TcHandle;
import dev.netns.netlink.internal.wire.TcMessages;
import dev.netns.spi.ImpairmentProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Impairments of a link end, over rtnetlink's traffic control: {@code netem} where the kernel has
 * it, {@code htb} for a rate limit, and an {@link ImpairmentProvider} (userspace emulation) for
 * the rest where netem is missing or the impairment is seeded (netem's randomness cannot be
 * replayed). The SDK's root qdisc has a fixed handle, so removing it removes exactly that.
 */
final class TrafficControl {
    /** The handle of the SDK's root qdisc: 0x5a5a is unlikely to be a person's choice. */
    static final int ROOT_HANDLE = TcHandle.make(0x5a5a0000, 0);
    /** The class of the SDK's rate limit under its htb root. */
    static final int RATE_CLASS = TcHandle.make(0x5a5a0000, 1);
    /** The kernel's extended-ack text when a qdisc kind is not built in or loadable. */
    private static final String UNKNOWN_KIND = "qdisc kind is unknown";
    private static final TcEncoding ENCODING = new TcEncoding(readClock(), false);

    private TrafficControl() {
    }

    static ImpairmentHandle impair(NetlinkLink link, Impairment imp) {
        if (!imp.emulatesPackets()) {
            return rateLimit(link, imp);
        }
        if (imp.seed().isEmpty()) {
            try {
                return addRoot(link, imp, netem(imp), "netem qdisc");
            } catch (NotSupportedException noNetem) {
                // no netem in this kernel: emulate in userspace below
            }
        }
        ImpairmentProvider provider = ServiceLoader.load(ImpairmentProvider.class).stream()
                .map(ServiceLoader.Provider::get).max(Comparator.comparingInt(ImpairmentProvider::priority))
                .orElseThrow(() -> new BackendNotFoundException("impair " + link.label() + " with " + imp,
                        (imp.seed().isPresent() ? "a seeded impairment runs in userspace, and"
                                : "this kernel has no netem qdisc (module sch_netem), and") + " no ImpairmentProvider is",
                        "dev.netns:netns-nftables"));
        ImpairmentHandle rate = imp.rateBitsPerSecond() > 0 ? rateLimit(link, imp) : null;
        try {
            ImpairmentHandle packets = provider.apply(link, imp);
            return link.ns.tieEmulation(rate == null ? packets : new Both(imp, rate, packets));
        } catch (RuntimeException e) {
            if (rate != null) {
                rate.close();
            }
            throw e;
        }
    }

    /**
     * A rate limit: an htb root whose one (default) class runs at the rate, queueing in the link's
     * own default queue (a thousand packets). Not tbf: tbf cuts each segmentation-offload burst
     * TCP hands a veth (up to 64 KB) into segments that must all fit its byte queue, and when they
     * do not, TCP stalls in retransmission timeouts (measured through a 1 Mbit/s tbf: from 3 kbit/s
     * to 0.67 Mbit/s of goodput, depending on the queue); htb charges such a burst to its bucket.
     */
    static ImpairmentHandle rateLimit(NetlinkLink link, Impairment imp) {
        long bytes = imp.rateBitsPerSecond() / 8;
        ImpairmentHandle root = addRoot(link, imp, HtbOptions.withDefaultClass(1), "htb qdisc");
        try {
            link.ns.rtnl().request(TcMessages.addHtbClass(link.index, RATE_CLASS, ROOT_HANDLE,
                    HtbClassOptions.of(bytes, bytes), ENCODING), "add the rate class of " + link.label());
            return root;
        } catch (RuntimeException e) {
            try {
                root.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    static NetemOptions netem(Impairment imp) {
        NetemOptions o = NetemOptions.DEFAULTS.delay(imp.delay(), imp.jitter())
                .loss(imp.loss() * 100).duplicate(imp.duplicate() * 100).corrupt(imp.corrupt() * 100);
        if (imp.reorder() > 0) {
            o = o.reorder(imp.reorder() * 100, 0);
        }
        if (imp.rateBitsPerSecond() > 0) {
            o = o.rate(imp.rateBitsPerSecond() / 8);
        }
        return o;
    }

    private static ImpairmentHandle addRoot(NetlinkLink link, Impairment imp, QdiscOptions options, String mechanism) {
        NetlinkNamespace ns = link.ns;
        ns.checkOpen();
        String op = "add a " + options.kind() + " qdisc on " + link.label();
        Listeners l = ns.listeners();
        boolean on = l.active();
        long start = on ? System.nanoTime() : 0;
        String subject = imp + " on " + link.name() + " (" + mechanism + ")";
        try {
            ns.rtnl().request(TcMessages.addQdisc(link.index, ROOT_HANDLE, TcHandle.ROOT, options, ENCODING), op);
        } catch (AlreadyExistsException e) {
            if (on) {
                l.failed(ns.label(), subject, start, e);
            }
            throw new AlreadyExistsException(op, e.errno(), e.errnoName(), e.kernelMessage().orElse(null),
                    "The link already has a root queueing discipline: an impairment of the SDK's, or one of "
                            + "someone else's, which the SDK does not replace");
        } catch (NotFoundException e) {
            if (on) {
                l.failed(ns.label(), subject, start, e);
            }
            if (e.kernelMessage().orElse("").contains(UNKNOWN_KIND)) {
                throw new NotSupportedException(op, e.errno(), e.errnoName(), e.kernelMessage().orElse(null),
                        "This kernel has no " + options.kind() + " qdisc (module sch_" + options.kind() + ")");
            }
            throw e;
        } catch (RuntimeException e) {
            if (on) {
                l.failed(ns.label(), subject, start, e);
            }
            throw e;
        }
        if (on) {
            l.emit(Kind.LINK_CHANGED, ns.label(), "impair " + subject, start);
        }
        return new RootQdisc(link, imp, options.kind(), mechanism);
    }

    private static PschedClock readClock() {
        try {
            return PschedClock.parse(Files.readString(Path.of("/proc/net/psched")));
        } catch (IOException | RuntimeException e) {
            return PschedClock.STANDARD; // what every Linux since 2.6.31 prints
        }
    }

    /** The SDK's root qdisc on one link; closing deletes exactly it. */
    private static final class RootQdisc implements ImpairmentHandle {
        private final NetlinkLink link;
        private final Impairment impairment;
        private final String kind;
        private final String mechanism;
        private final AtomicBoolean closed = new AtomicBoolean();

        RootQdisc(NetlinkLink link, Impairment impairment, String kind, String mechanism) {
            this.link = link;
            this.impairment = impairment;
            this.kind = kind;
            this.mechanism = mechanism;
        }

        @Override
        public Impairment impairment() {
            return impairment;
        }

        @Override
        public String mechanism() {
            return mechanism;
        }

        @Override
        public synchronized void close() {
            if (closed.get() || link.ns.isClosed()) {
                return; // done already, or the namespace took its links and their qdiscs with it
            }
            NetlinkNamespace ns = link.ns;
            Listeners l = ns.listeners();
            boolean on = l.active();
            long start = on ? System.nanoTime() : 0;
            try {
                ns.rtnl().request(TcMessages.deleteQdisc(link.index, ROOT_HANDLE, TcHandle.ROOT, null),
                        "delete the " + kind + " qdisc of " + link.label());
            } catch (NotFoundException | NamespaceClosedException gone) {
                closed.set(true);
                return; // link deleted or moved: its qdisc went with it
            } catch (KernelException e) {
                if (e.errno() == Errno.EINVAL) {
                    closed.set(true);
                    return; // the root qdisc is no longer ours (the link was reset): nothing of ours to remove
                }
                throw e; // still in force: a later close() tries again
            }
            closed.set(true);
            if (on) {
                l.emit(Kind.LINK_CHANGED, ns.label(), "heal " + impairment + " on " + link.name(), start);
            }
        }

        @Override
        public String toString() {
            return impairment + " on " + link.label() + " (" + mechanism + ")";
        }
    }

    /** A kernel rate limit and a userspace emulation, removed together. */
    private record Both(Impairment impairment, ImpairmentHandle rate, ImpairmentHandle packets) implements ImpairmentHandle {
        @Override
        public String mechanism() {
            return rate.mechanism() + " + " + packets.mechanism();
        }

        @Override
        public void close() {
            RuntimeException first = null;
            try {
                packets.close();
            } catch (RuntimeException e) {
                first = e;
            }
            try {
                rate.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    throw e;
                }
                first.addSuppressed(e);
            }
            if (first != null) {
                throw first;
            }
        }
    }
}
