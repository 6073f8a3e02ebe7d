package dev.netns.netlink.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * What this kernel (6.18, no loadable modules; see DESIGN.md) answered to the link requests of
 * {@link Iproute2GoldenTest} for kinds it lacks, rebuilt from the strace of the receiving side and
 * decoded as a backend will: errno and extended-ack text.
 *
 * <ul>
 *   <li>vlan, ipvlan, dummy, geneve, wireguard: -EOPNOTSUPP (95), NLM_F_ACK_TLVS, NLMSGERR_ATTR_MSG
 *       "Unknown device type" (no rtnl_link_ops registered for the kind);
 *   <li>bridge vlan_filtering 1: -EOPNOTSUPP (95) and no message (CONFIG_BRIDGE_VLAN_FILTERING off);
 *   <li>for comparison, route get of a blackhole destination: -EINVAL (22), of an unreachable one or
 *       with iif on a host that does not forward: -EHOSTUNREACH (113), without a message.
 * </ul>
 */
class MissingKindErrorTest {
    private static final int EOPNOTSUPP = 95;

    /** The kernel's NLMSG_ERROR: error, the whole request echoed (not capped), then the message attribute. */
    private static byte[] error(String requestHex, int errno, String extack) {
        Wire payload = Wire.w().u32(-errno).raw(Wire.unhex(requestHex));
        if (extack != null) {
            payload.attrStr(Netlink.NLMSGERR_ATTR_MSG, extack);
        }
        return Wire.msg(Netlink.NLMSG_ERROR, extack == null ? 0 : Netlink.NLM_F_ACK_TLVS, 0, payload.bytes());
    }

    @Test
    void unknownDeviceTypeForEachMissingKind() {
        assumeTrue(Wire.littleEndian());
        for (String request : new String[] {Iproute2GoldenTest.IP_VLAN, Iproute2GoldenTest.IP_IPVLAN_L3,
            Iproute2GoldenTest.IP_DUMMY, Iproute2GoldenTest.IP_GENEVE, Iproute2GoldenTest.IP_WIREGUARD}) {
            byte[] reply = error(request, EOPNOTSUPP, "Unknown device type");
            // As captured: 16 (header) + 4 (error) + the request + 24 (the attribute).
            assertThat(reply.length).isEqualTo(16 + 4 + request.length() / 2 + 24);
            assertThat(NlError.fromError(Wire.parseOne(reply))).isEqualTo(new NlError(EOPNOTSUPP, "Unknown device type"));
        }
    }

    @Test
    void bridgeVlanFilteringWithoutKernelSupport() {
        assumeTrue(Wire.littleEndian());
        byte[] reply = error(Iproute2GoldenTest.IP_BRIDGE_VLAN_FILTERING, EOPNOTSUPP, null);
        assertThat(NlError.fromError(Wire.parseOne(reply)).errno()).isEqualTo(EOPNOTSUPP);
        assertThat(NlError.fromError(Wire.parseOne(reply)).message()).isNull();
    }
}
