package dev.netns.it.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.InvalidInputException;
import dev.netns.IpPrefix;
import dev.netns.NatRule;
import dev.netns.NatRule.PortRange;
import dev.netns.NatRule.Protocol;
import dev.netns.NatTable;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import dev.netns.testkit.RequiresRoot;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every bad input is refused with a message naming it, before iptables runs. */
@RequiresRoot
class NatBadInputTest {

    @Test
    void eachBadInputIsRefusedAndNothingChanges() {
        try (NetworkStack stack = NetworkStack.open(); NetNamespace ns = stack.createAnonymousNamespace()) {
            String before = ns.exec("iptables-save", "-t", "nat").orThrow().stdout().replaceAll("(?m)^#.*\n", "");
            NatTable nat = ns.nat();
            List<ThrowingCallable> bad = Arrays.asList(
                    () -> nat.apply(NatRule.portForward(Protocol.TCP, 0, "192.168.15.2", 80)),
                    () -> nat.apply(NatRule.portForward(Protocol.TCP, 65536, "192.168.15.2", 80)),
                    () -> nat.apply(NatRule.portForward(Protocol.TCP, 80, "192.168.15.2", 0)),
                    () -> nat.apply(NatRule.portForward(Protocol.UDP, 80, "192.168.15.2", 70000)),
                    () -> nat.apply(NatRule.portForward(Protocol.TCP, PortRange.of(9000, 8000), "192.168.15.2")),
                    () -> nat.apply(new NatRule.PortForward(Protocol.TCP, PortRange.of(9000, 9010), null, null,
                            IpPrefix.parseAddress("192.168.15.2"), 80)),
                    () -> nat.apply(NatRule.masquerade("192.168.15.0/40")),
                    () -> nat.apply(NatRule.masquerade("192.168.15/24")),
                    () -> nat.apply(NatRule.masquerade("fd00::/64")),
                    () -> nat.apply(NatRule.snat("10.0.0.0/8", "not-an-address")),
                    () -> nat.apply(NatRule.masquerade("10.0.0.0/8", "much-too-long-name")),
                    () -> nat.apply(NatRule.masquerade("10.0.0.0/8", "eth0 -j DROP")),
                    () -> nat.apply(NatRule.portForward(Protocol.TCP, 80, "192.168.15.2", 80).arrivingOn("")),
                    () -> nat.apply(null),
                    () -> nat.applyAll(Arrays.asList(NatRule.masquerade("10.0.0.0/8"), null)));
            for (ThrowingCallable c : bad) {
                assertThatThrownBy(c).isInstanceOf(InvalidInputException.class).message().isNotBlank();
            }
            assertThat(nat.rules()).isEmpty();
            String after = ns.exec("iptables-save", "-t", "nat").orThrow().stdout().replaceAll("(?m)^#.*\n", "");
            assertThat(after).isEqualTo(before);
        }
    }
}
