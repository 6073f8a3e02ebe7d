package dev.netns.netlink.internal;

import dev.netns.Bridge;
import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import dev.netns.Impairment;
import dev.netns.ImpairmentHandle;
import dev.netns.Link;
import dev.netns.LinkAddress;
import dev.netns.LinkInfo;
import dev.netns.MacAddress;
import dev.netns.NetNamespace;
import dev.netns.NetnsEvent.Kind;
import dev.netns.NetnsException;
import dev.netns.NotFoundException;
import dev.netns.internal.Listeners;
import dev.netns.internal.Validation;
import dev.netns.netlink.internal.libc.Errno;
import dev.netns.netlink.internal.wire.AddressMessages;
import dev.netns.netlink.internal.wire.IfLink;
import dev.netns.netlink.internal.wire.LinkMessages;
import dev.netns.netlink.internal.wire.MessageBuilder;
import dev.netns.netlink.internal.wire.NlMessage;
import dev.netns.netlink.internal.wire.RtNetlink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.Objects;

/** A link handle: namespace plus interface index. */
class NetlinkLink implements Link {
    final NetlinkNamespace ns;
    final int index;
    private volatile String lastName;

    NetlinkLink(NetlinkNamespace ns, int index, String name) {
        this.ns = ns;
        this.index = index;
        this.lastName = name;
    }

    /** "link veth-red (index 5) in namespace red", for messages. */
    String label() {
        return "link " + lastName + " (index " + index + ") " + ns.where();
    }

    private NetlinkLink change(MessageBuilder m, String what) {
        return change(m, what, Kind.LINK_CHANGED, null);
    }

    /**
     * Sends one change and reports it to the stack's listeners as {@code kind}. The subject is
     * the link's name for a deletion, "{@code detail} on NAME" when there is a detail (an
     * address), else "NAME {@code what}"; it is only put together when someone listens.
     */
    private NetlinkLink change(MessageBuilder m, String what, Kind kind, Object detail) {
        ns.checkOpen();
        Listeners l = ns.listeners();
        boolean on = l.active();
        long start = on ? System.nanoTime() : 0;
        String name = lastName;
        try {
            ns.rtnl().request(m, what + " " + "on link " + name + " (index " + index + ")");
        } catch (RuntimeException e) {
            if (on) {
                l.failed(ns.label(), subject(kind, name, what, detail), start, e);
            }
            throw e;
        }
        if (on) {
            l.emit(kind, ns.label(), subject(kind, name, what, detail), start);
        }
        return this;
    }

    private static String subject(Kind kind, String name, String what, Object detail) {
        if (kind == Kind.LINK_DELETED) {
            return name;
        }
        return detail != null ? detail + " on " + name : name + " " + what;
    }

    @Override
    public NetNamespace namespace() {
        return ns;
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public String name() {
        return info().name();
    }

    @Override
    public LinkInfo info() {
        ns.checkOpen();
        LinkInfo info = ns.getLink(index, null);
        if (info == null) {
            throw new NotFoundException("read " + label(), Errno.ENODEV, "ENODEV", null,
                    "The link is gone (deleted, or moved to another namespace)");
        }
        lastName = info.name();
        return info;
    }

    @Override
    public Link up() {
        return change(LinkMessages.setUp(index, true), "set up");
    }

    @Override
    public Link awaitOperational(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new InvalidInputException("timeout must not be negative, got " + timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 20_000;
        while (true) {
            // The state alone, not a whole LinkInfo: a topology's build waits on every cable end.
            LinkMessages.State st = state();
            if (operational(st)) {
                return this;
            }
            if (System.nanoTime() - deadline > 0) {
                boolean up = (st.flags() & RtNetlink.IFF_UP) != 0;
                boolean carrier = (st.flags() & RtNetlink.IFF_LOWER_UP) != 0;
                throw new NetnsException(label() + " is not operational after " + timeout.toMillis() + " ms: "
                        + (up ? "" : "administratively down, ") + "state " + IfLink.operState(st.operState())
                        + (st.operState() == IfLink.IF_OPER_UNKNOWN && st.carrierChanges() > 0
                                ? " after " + st.carrierChanges() + " carrier changes (the kernel has not finished bringing it up)"
                                : "")
                        + (carrier ? "" : ", no carrier (is the other end of a veth up?)"));
            }
            // Polling, not a netlink subscription: the wait is short and rare, and the kernel
            // rate-limits these state changes to about one batch a second anyway.
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 5_000_000);
        }
    }

    /**
     * Operational: administratively up, and operstate UP; or UNKNOWN on a link that has never had
     * a carrier event (loopback, dummy, a tun with its reader), for which UNKNOWN is final. A veth
     * had one when it was made (its carrier starts off): it reads UNKNOWN only until the kernel's
     * link watcher has run, and drops what it is given until then. A kernel that does not send
     * the count (before 3.19) leaves UNKNOWN to count as before.
     */
    static boolean operational(LinkMessages.State st) {
        return (st.flags() & RtNetlink.IFF_UP) != 0 && (st.operState() == IfLink.IF_OPER_UP
                || st.operState() == IfLink.IF_OPER_UNKNOWN && st.carrierChanges() <= 0);
    }

    /** The link's operational state, read from the kernel. */
    private LinkMessages.State state() {
        ns.checkOpen();
        String op = "read the state of " + label();
        NlMessage m = ns.getLinkMessage(index, null, op);
        if (m == null) {
            throw new NotFoundException(op, Errno.ENODEV, "ENODEV", null,
                    "The link is gone (deleted, or moved to another namespace)");
        }
        return LinkMessages.decodeState(m);
    }

    @Override
    public Link down() {
        return change(LinkMessages.setUp(index, false), "set down");
    }

    @Override
    public Link setMtu(int mtu) {
        Validation.mtu(mtu);
        return change(LinkMessages.setU32(index, IfLink.IFLA_MTU, mtu), "set mtu " + mtu);
    }

    @Override
    public Link setMac(MacAddress mac) {
        Validation.notNull("MAC address", mac);
        if (mac.isMulticast() || mac.value() == 0) {
            throw new InvalidInputException("MAC address " + mac + " cannot be assigned to a link: it is "
                    + (mac.value() == 0 ? "all zeros" : "a multicast address (lowest bit of the first octet set)"));
        }
        return change(LinkMessages.setMac(index, mac), "set address " + mac);
    }

    @Override
    public Link rename(String newName) {
        Validation.interfaceName(newName);
        change(LinkMessages.setName(index, newName), "rename to " + newName);
        lastName = newName;
        return this;
    }

    @Override
    public Link moveTo(NetNamespace target) {
        NetlinkNamespace t = ns.sameStack(target, "target namespace");
        t.checkOpen();
        String currentName = name();
        change(LinkMessages.setU32(index, IfLink.IFLA_NET_NS_FD, t.fd()), "move to " + t.label());
        return t.link(currentName);
    }

    @Override
    public Link attachTo(Bridge bridge) {
        Validation.notNull("bridge", bridge);
        if (!(bridge instanceof NetlinkBridge b) || !b.ns.equals(ns)) {
            throw new InvalidInputException("cannot attach " + label() + " to bridge " + bridge
                    + ": a link can only join a bridge in its own namespace");
        }
        return change(LinkMessages.setU32(index, IfLink.IFLA_MASTER, b.index), "attach to bridge " + b.lastName());
    }

    @Override
    public Link detach() {
        return change(LinkMessages.setU32(index, IfLink.IFLA_MASTER, 0), "detach from its bridge");
    }

    @Override
    public Link addAddress(IpPrefix prefix) {
        Validation.notNull("address", prefix);
        return change(AddressMessages.add(index, prefix), "add address " + prefix, Kind.ADDRESS_ADDED, prefix);
    }

    @Override
    public Link deleteAddress(IpPrefix prefix) {
        Validation.notNull("address", prefix);
        return change(AddressMessages.delete(index, prefix), "delete address " + prefix, Kind.ADDRESS_DELETED, prefix);
    }

    @Override
    public List<LinkAddress> addresses() {
        return ns.addresses().stream().filter(a -> a.index() == index).toList();
    }

    @Override
    public dev.netns.LinkStatistics statistics() {
        ns.checkOpen();
        return ns.tables().statistics(index, label());
    }

    @Override
    public void delete() {
        change(LinkMessages.delete(index), "delete", Kind.LINK_DELETED, null);
    }

    String lastName() {
        return lastName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetlinkLink l && l.index == index && l.ns.equals(ns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ns, index);
    }

    @Override
    public String toString() {
        return "Link[" + lastName + ", index " + index + ", " + ns.label() + "]";
    }

    @Override
    public ImpairmentHandle impair(Impairment impairment) {
        Validation.notNull("impairment", impairment);
        return TrafficControl.impair(this, impairment);
    }
}
