package dev.netns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.IpPrefix;
import dev.netns.MacAddress;
import org.junit.jupiter.api.Test;

class SandboxStateTest {

    @Test
    void theBridgesOwnLinkLocalAddressIsTheKernelsModifiedEui64OfItsMac() {
        // As the kernel made it for a bridge with this MAC (seen with ip -6 addr on this machine).
        assertThat(SandboxState.eui64LinkLocal(MacAddress.parse("1a:38:f5:e6:97:c4")))
                .isEqualTo(IpPrefix.parseAddress("fe80::1838:f5ff:fee6:97c4"));
        // The universal/local bit is flipped, not set: a universally administered MAC gets it.
        assertThat(SandboxState.eui64LinkLocal(MacAddress.parse("00:11:22:33:44:55")))
                .isEqualTo(IpPrefix.parseAddress("fe80::211:22ff:fe33:4455"));
    }
}
