package dev.netns.netlink.internal;

import static dev.netns.netlink.internal.wire.Wire.msg;
import static dev.netns.netlink.internal.wire.Wire.w;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.netlink.internal.wire.Netlink;
import dev.netns.netlink.internal.wire.NlMessage;
import dev.netns.netlink.internal.wire.RouteMessages;
import dev.netns.netlink.internal.wire.RtNetlink;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link RtnlTables#inetDump}: one AF_UNSPEC dump, of which only IPv4 and IPv6 messages of the
 * asked type are kept, in the kernel's order. The kernel's families are scripted here as it
 * sends them (rtnl_dump_all walks them by number): IPv4 (2), IPv6 (10), MPLS (28),
 * RTNL_FAMILY_IPMR (128) and RTNL_FAMILY_IP6MR (129); a bridge (7) only answers its own dump.
 */
class InetDumpTest {
    private final RtnlConnectionTest.FakeTransport transport = new RtnlConnectionTest.FakeTransport();
    private final RtnlConnection conn = new RtnlConnection(transport, () -> "in namespace red");

    /** An rtmsg of {@code family} whose destination length marks it, so the kept ones can be told apart. */
    private static byte[] route(int seq, int family, int mark) {
        return msg(RtNetlink.RTM_NEWROUTE, Netlink.NLM_F_MULTI, seq, w().u8(family).u8(mark).u8(0).u8(0)
                .u8(254).u8(0).u8(0).u8(1).u32(0).bytes());
    }

    @Test
    void keepsOnlyIpv4AndIpv6OfTheAskedTypeInTheKernelsOrder() {
        transport.then(seq -> RtnlConnectionTest.datagrams(route(seq, 2, 1), route(seq, 2, 2), route(seq, 10, 3),
                route(seq, 28, 4), route(seq, 7, 5), route(seq, 128, 6), route(seq, 129, 7),
                msg(RtNetlink.RTM_NEWLINK, Netlink.NLM_F_MULTI, seq, w().u8(2).u8(8).u16(0).u32(1).u32(0).u32(0).bytes()),
                RtnlConnectionTest.done(seq, 0)));
        List<NlMessage> kept = RtnlTables.inetDump(conn, () -> RouteMessages.dump(0), RtNetlink.RTM_NEWROUTE, "list routes");
        assertThat(kept.stream().map(m -> m.u8(1)).collect(Collectors.toList())).containsExactly(1, 2, 3);
        assertThat(transport.sent).hasSize(1);
        assertThat(transport.sent.get(0)[16]).as("rtm_family of the request: every family").isZero();
    }

    @Test
    void anEmptyDumpIsAnEmptyList() {
        transport.then(seq -> RtnlConnectionTest.datagrams(RtnlConnectionTest.done(seq, 0)));
        assertThat(RtnlTables.inetDump(conn, () -> RouteMessages.dump(0), RtNetlink.RTM_NEWROUTE, "list routes")).isEmpty();
    }
}
