package dev.netns.netlink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.netlink.internal.wire.IfLink;
import dev.netns.netlink.internal.wire.LinkMessages.State;
import dev.netns.netlink.internal.wire.RtNetlink;
import org.junit.jupiter.api.Test;

/** What {@link dev.netns.Link#awaitOperational} waits for ({@link NetlinkLink#operational}). */
class LinkOperationalTest {
    private static final int UP = RtNetlink.IFF_UP;

    @Test
    void upCounts() {
        assertThat(NetlinkLink.operational(new State(2, UP, IfLink.IF_OPER_UP, 2))).isTrue();
    }

    @Test
    void unknownCountsOnlyOnALinkWithoutCarrierEvents() {
        // loopback, dummy: UNKNOWN is final
        assertThat(NetlinkLink.operational(new State(1, UP, IfLink.IF_OPER_UNKNOWN, 0))).isTrue();
        // a veth right after both ends came up: its carrier started off, the link watcher has not run
        assertThat(NetlinkLink.operational(new State(5, UP, IfLink.IF_OPER_UNKNOWN, 1))).isFalse();
        assertThat(NetlinkLink.operational(new State(5, UP, IfLink.IF_OPER_UNKNOWN, 0xFFFF_FFFFL))).isFalse();
        // a kernel that does not send the count (before 3.19): as before, UNKNOWN has to do
        assertThat(NetlinkLink.operational(new State(5, UP, IfLink.IF_OPER_UNKNOWN, -1))).isTrue();
    }

    @Test
    void downOrWithoutCarrierDoesNot() {
        assertThat(NetlinkLink.operational(new State(3, 0, IfLink.IF_OPER_UP, 2))).isFalse();
        assertThat(NetlinkLink.operational(new State(3, 0, IfLink.IF_OPER_UNKNOWN, 0))).isFalse();
        assertThat(NetlinkLink.operational(new State(3, UP, 2 /* IF_OPER_DOWN */, 1))).isFalse();
        assertThat(NetlinkLink.operational(new State(3, UP, 3 /* IF_OPER_LOWERLAYERDOWN */, 1))).isFalse();
    }
}
