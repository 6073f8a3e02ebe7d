package dev.netns.it.reliability;

import dev.netns.FilterRule;
import dev.netns.Impairment;
import dev.netns.NatRule;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import dev.netns.testkit.Fault;
import dev.netns.testkit.Network;
import dev.netns.testkit.Topology;
import java.time.Duration;
import java.util.Random;

/**
 * The JVM that {@link KillNineTest} kills with SIGKILL at random moments: builds, uses and tears
 * down topologies with NAT and faults in a loop, forever. Arguments: {@code anonymous|named|hold TAG SEED}.
 * In the named mode its topologies use the testkit's run-unique names, and it also makes names of
 * its own ({@code TAG-N}) with NAT and filter rules, releasing the first of every three and closing the
 * others. It reports on stdout what the parent must know: {@code READY pid}, and for its own names
 * {@code CREATED n}, {@code RELEASING n} (about to release), {@code RELEASED n}, {@code DELETED n}.
 * The hold mode makes {@code TAG-held} and a released {@code TAG-released}, builds one named
 * topology, says {@code HELD} and waits: a live JVM whose names another JVM's clean must leave alone.
 */
public final class KillNineChild {
    private KillNineChild() {
    }

    public static void main(String[] args) {
        boolean named = args[0].equals("named");
        String tag = args[1];
        Random random = new Random(Long.parseLong(args[2]));
        NetworkStack stack = NetworkStack.open();
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        if (args[0].equals("hold")) {
            hold(stack, tag);
            return;
        }
        for (int i = 0; ; i++) {
            Topology.Builder b = Topology.builder()
                    .host("red").host("blue").host("wan")
                    .bridge("v-net-0", "192.168.15.5/24")
                    .link("red", "v-net-0", "192.168.15.1/24")
                    .link("blue", "v-net-0", "192.168.15.2/24")
                    .link(Topology.SANDBOX, "203.0.113.2/24", "wan", "203.0.113.1/24")
                    .defaultRoute("red", "192.168.15.5").defaultRoute("blue", "192.168.15.5")
                    .forwarding(Topology.SANDBOX)
                    .nat(NatRule.masquerade("192.168.15.0/24"))
                    .nat(NatRule.portForward(NatRule.Protocol.TCP, 80, "192.168.15.2", 80));
            if (named) {
                b.namedNamespaces();
            }
            try (Network net = b.build().build(stack)) {
                net.listenTcp("blue", 80);
                try (Fault f = fault(net, random.nextInt(6))) {
                    net.host("red").ping(dev.netns.IpPrefix.parseAddress("192.168.15.2"), Duration.ofMillis(20));
                }
                net.host("red").ping(dev.netns.IpPrefix.parseAddress("203.0.113.1"), Duration.ofMillis(200));
                if (random.nextBoolean()) {
                    net.packetLoss("blue", 0.5); // left in force: the network's close removes it
                }
            }
            if (named) {
                String name = tag + "-" + i;
                NetNamespace ns = stack.createNamespace(name);
                System.out.println("CREATED " + name);
                ns.nat().apply(NatRule.masquerade("10.0.0.0/8"));
                ns.packetFilter().filter().apply(FilterRule.drop(FilterRule.Direction.INPUT).from("10.0.0.1").build());
                if (i % 3 == 0) {
                    System.out.println("RELEASING " + name);
                    ns.release();
                    System.out.println("RELEASED " + name);
                } else {
                    ns.close();
                    System.out.println("DELETED " + name);
                }
            }
        }
    }

    @SuppressWarnings("resource") // held until the JVM is killed
    private static void hold(NetworkStack stack, String tag) {
        stack.createNamespace(tag + "-held");
        stack.createNamespace(tag + "-released").release();
        Topology.builder().host("red").host("blue").link("red", "10.1.0.1/24", "blue", "10.1.0.2/24")
                .namedNamespaces().build().build(stack);
        System.out.println("HELD");
        System.out.flush();
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Fault fault(Network net, int kind) {
        switch (kind) {
            case 0:
                return net.partition("red", "blue");
            case 1:
                return net.isolate("blue");
            case 2:
                return net.impair("red-v-net-0", Impairment.builder().delay(Duration.ofMillis(5)).loss(0.1).build());
            case 3:
                return net.resetNewConnections("red", "blue");
            case 4:
                return net.linkDown("red-v-net-0");
            default:
                return net.packetLoss("blue", 1.0);
        }
    }
}
