package dev.netns.it.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.InvalidInputException;
import dev.netns.NotSupportedException;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad input is refused with a message naming it, before the backend sees it, on both backends. */
@RequiresRoot
class NatBadInputTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {NatLab.NFTABLES, NatLab.IPTABLES})
    void eachBadInputIsRefusedAndNothingChanges(String backend) {
        try (NetworkStack stack = NatLab.openStack(backend); NetNamespace ns = stack.createAnonymousNamespace()) {
            String before = NatLab.rules(ns, backend).replaceAll("(?m)^#.*\n", "");
            NatTable nat = ns.nat();
            List<ThrowingCallable> bad = Arrays.asList(
                    () -> nat.apply(NatRule.portForward(Protocol.TCP, 0, "192.168.15.2", 80)),
                    () -> nat.apply(NatRule.portForward(Protocol.TCP, 65536, "192.168.15.2", 80)),
                    () -> nat.apply(NatRule.portForward(Protocol.TCP, 80, "192.168.15.2", 0)),
                    () -> nat.apply(NatRule.portForward(Protocol.UDP, 80, "192.168.15.2", 70000)),
                    () -> nat.apply(NatRule.portForward(Protocol.TCP, PortRange.of(9000, 8000), "192.168.15.2")),
                    () -> nat.apply(NatRule.PortForward.builder(Protocol.TCP, PortRange.of(9000, 9010), "192.168.15.2")
                            .targetPort(80).build()),
                    () -> nat.apply(NatRule.masquerade("192.168.15.0/40")),
                    () -> nat.apply(NatRule.masquerade("192.168.15/24")),
                    () -> nat.apply(NatRule.masquerade("fd00::/64").except("10.0.0.0/8")),
                    () -> nat.apply(NatRule.portForward(Protocol.TCP, 80, "fd00::2", 80).toHostAddress("10.0.0.1")),
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
            if (backend.equals(NatLab.IPTABLES)) {
                // IPv6 is valid input the iptables backend cannot write: refused as unsupported.
                assertThatThrownBy(() -> nat.apply(NatRule.masquerade("fd00::/64")))
                        .isInstanceOf(NotSupportedException.class).hasMessageContaining("IPv4 rules only");
            }
            String after = NatLab.rules(ns, backend).replaceAll("(?m)^#.*\n", "");
            assertThat(after).isEqualTo(before);
        }
    }
}
