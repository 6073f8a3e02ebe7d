package dev.netns.netlink.internal.libc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Found by the fuzzer: an NLMSG_ERROR whose code is INT_MIN made the name lookup index below 0. */
class ErrnoTest {
    @Test
    void anyErrorCodeHasAName() {
        assertThat(Errno.name(17)).isEqualTo("EEXIST");
        assertThat(Errno.name(-17)).isEqualTo("EEXIST");
        assertThat(Errno.name(Integer.MIN_VALUE)).isEqualTo("errno 2147483648");
        assertThat(Errno.name(Integer.MAX_VALUE)).isEqualTo("errno 2147483647");
    }
}
