package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.IfAddr.*;
import static dev.netns.netlink.internal.wire.Netlink.*;
import static dev.netns.netlink.internal.wire.RtNetlink.*;

import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import dev.netns.LinkAddress;
import dev.netns.MalformedReplyException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Encodes RTM_*ADDR requests and decodes address messages. */
public final class AddressMessages {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;

    private AddressMessages() {
    }

    /** {@code ip addr add PREFIX dev INDEX}: IFA_LOCAL and IFA_ADDRESS both carry the address. */
    public static MessageBuilder add(int index, IpPrefix prefix) {
        return change(RTM_NEWADDR, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, index, prefix);
    }

    public static MessageBuilder delete(int index, IpPrefix prefix) {
        return change(RTM_DELADDR, NLM_F_ACK, index, prefix);
    }

    private static MessageBuilder change(int type, int flags, int index, IpPrefix prefix) {
        byte[] addr = prefix.address().getAddress();
        return new MessageBuilder(type, flags)
                .ifaddrmsg(family(prefix.address()), prefix.length(), 0, RT_SCOPE_UNIVERSE, index)
                .attr(IFA_LOCAL, addr)
                .attr(IFA_ADDRESS, addr);
    }

    /** RTM_GETADDR dump of both families. */
    public static MessageBuilder dump() {
        return new MessageBuilder(RTM_GETADDR, NLM_F_DUMP).ifaddrmsg(0, 0, 0, 0, 0);
    }

    /** Decodes an RTM_NEWADDR message; IFA_LOCAL is the address when present (point-to-point). */
    public static LinkAddress decode(NlMessage m) {
        int prefixLen = m.u8(1);
        int scope = m.u8(3);
        int index = m.i32(4);
        Attributes a = m.attributes(IFADDRMSG_LEN);
        byte[] raw = a.has(IFA_LOCAL) ? a.bytes(IFA_LOCAL) : a.bytes(IFA_ADDRESS);
        if (raw == null) {
            throw new MalformedReplyException("RTM_NEWADDR for link " + index + " carries no address");
        }
        InetAddress address = address(raw);
        try {
            return LinkAddress.builder().prefix(new IpPrefix(address, prefixLen)).index(index).scope(scopeName(scope)).build();
        } catch (InvalidInputException e) {
            // A prefix length beyond the address is the kernel's data, not the caller's input.
            throw new MalformedReplyException("RTM_NEWADDR for link " + index + ": " + e.getMessage());
        }
    }

    static int family(InetAddress a) {
        return a.getAddress().length == 4 ? AF_INET : AF_INET6;
    }

    static InetAddress address(byte[] raw) {
        if (raw.length != 4 && raw.length != 16) {
            throw new MalformedReplyException("address attribute of " + raw.length + " bytes; expected 4 or 16");
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new MalformedReplyException("bad address attribute: " + e.getMessage());
        }
    }

    /** rtnetlink scope as iproute2 names it. */
    public static String scopeName(int scope) {
        switch (scope) {
            case RT_SCOPE_UNIVERSE:
                return "global";
            case RT_SCOPE_SITE:
                return "site";
            case RT_SCOPE_LINK:
                return "link";
            case RT_SCOPE_HOST:
                return "host";
            case RT_SCOPE_NOWHERE:
                return "nowhere";
            default:
                return Integer.toString(scope);
        }
    }
}
