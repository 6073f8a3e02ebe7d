package dev.netns.it.nat;

import dev.netns.FilterRule;
import dev.netns.FilterRule.Direction;
import dev.netns.NatRule;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM {@link CrashLeavesNoRulesTest} kills: creates the named namespaces given as arguments and
 * two anonymous ones, puts NAT and filter rules in each, says {@code READY} and waits to be killed.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] names) throws InterruptedException {
        NetworkStack stack = NetworkStack.open();
        List<NetNamespace> all = new ArrayList<>();
        for (String name : names) {
            all.add(stack.createNamespace(name));
        }
        all.add(stack.createAnonymousNamespace());
        all.add(stack.createAnonymousNamespace());
        for (NetNamespace ns : all) {
            ns.nat().apply(NatRule.masquerade("192.168.15.0/24"));
            ns.nat().apply(NatRule.portForward(NatRule.Protocol.TCP, 80, "192.168.15.2", 80));
            ns.packetFilter().filter().apply(FilterRule.drop(Direction.INPUT).from("10.0.0.1").build());
        }
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
