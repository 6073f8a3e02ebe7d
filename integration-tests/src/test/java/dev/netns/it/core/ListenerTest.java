package dev.netns.it.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.AlreadyExistsException;
import dev.netns.InvalidInputException;
import dev.netns.NatRule;
import dev.netns.NatRuleHandle;
import dev.netns.NetNamespace;
import dev.netns.NetnsEvent;
import dev.netns.NetnsEvent.Kind;
import dev.netns.NetnsListener;
import dev.netns.NetworkStack;
import dev.netns.Route;
import dev.netns.VethPair;
import dev.netns.it.support.Procfs;
import dev.netns.testkit.RequiresRoot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A listener hears every step of building a small topology, in order, with the namespace, the
 * subject and a duration; a kernel refusal (EEXIST) as FAILED with the kernel's reason; nothing
 * for input refused up front; and a listener that throws changes nothing.
 */
@RequiresRoot
class ListenerTest {
    private static final String P = Procfs.uniquePrefix();

    @Test
    void hearsTheTopologyBeingBuiltInOrder() {
        List<NetnsEvent> events = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        String redName = P + "red";
        try (NetworkStack stack = NetworkStack.open()) {
            NetnsListener.Registration throwing = stack.addListener(e -> {
                throw new IllegalStateException("a broken listener");
            });
            NetnsListener.Registration recording = stack.addListener(e -> {
                events.add(e);
                threads.add(Thread.currentThread());
            });
            NetNamespace red = stack.createNamespace(redName);
            NetNamespace blue = stack.createAnonymousNamespace();
            String blueLabel = blue.id().toString();
            VethPair cable = red.createVeth("veth-red", "veth-blue", blue);
            cable.local().addAddress("192.168.15.1/24").up();
            cable.peer().addAddress("192.168.15.2/24").up();
            red.addRoute(Route.to("10.0.0.0/8").via("192.168.15.2"));
            red.setSysctl("net.ipv4.ip_forward", "1");
            assertThat(red.exec("true").exitCode()).isZero();
            NatRuleHandle masq = red.nat().apply(NatRule.masquerade("192.168.15.0/24"));
            masq.close();
            // the kernel says no: the name is taken
            assertThatThrownBy(() -> red.createVeth("veth-red", "veth-other"))
                    .isInstanceOf(AlreadyExistsException.class);
            // refused before the kernel sees it: no event at all
            assertThatThrownBy(() -> red.createBridge("a/b")).isInstanceOf(InvalidInputException.class);
            cable.local().delete();
            // the throwing listener broke nothing: everything above worked, and here it goes
            throwing.close();
            blue.close();
            red.close();
            recording.close();

            assertThat(threads).containsOnly(Thread.currentThread());
            // (the iptables backend's runs would show as PROCESS_STARTED too; the sequence leaves them out)
            List<String> seq = events.stream()
                    .filter(e -> e.kind() != Kind.PROCESS_STARTED || e.subject().equals("true"))
                    .map(e -> e.kind() + " " + (e.namespace().equals(blueLabel) ? "blue" : e.namespace().equals(redName) ? "red" : e.namespace())
                            + " " + e.subject())
                    .toList();
            String masqLine = events.stream().filter(e -> e.kind() == Kind.NAT_RULE_APPLIED).findFirst().orElseThrow().subject();
            assertThat(seq).containsExactly(
                    "NAMESPACE_CREATED red /run/netns/" + redName,
                    "NAMESPACE_CREATED blue anonymous",
                    "LINK_CREATED red veth-red/veth-blue (peer in " + blueLabel + ")",
                    "ADDRESS_ADDED red 192.168.15.1/24 on veth-red",
                    "LINK_CHANGED red veth-red set up",
                    "ADDRESS_ADDED blue 192.168.15.2/24 on veth-blue",
                    "LINK_CHANGED blue veth-blue set up",
                    "ROUTE_ADDED red 10.0.0.0/8 via 192.168.15.2",
                    "SYSCTL_SET red net.ipv4.ip_forward=1",
                    "PROCESS_STARTED red true",
                    "NAT_RULE_APPLIED red " + masqLine,
                    "NAT_RULE_REMOVED red " + masqLine,
                    "FAILED red veth-red/veth-other",
                    "LINK_DELETED red veth-red",
                    "NAMESPACE_DELETED blue anonymous",
                    "NAMESPACE_DELETED red /run/netns/" + redName);
            assertThat(masqLine).contains("Masquerade[source=192.168.15.0/24");
            // The nf_tables backend writes NAT rules in-process: no process but the test's own.
            assertThat(events).filteredOn(e -> e.kind() == Kind.PROCESS_STARTED && !e.subject().equals("true")).isEmpty();

            NetnsEvent failed = events.stream().filter(e -> e.kind() == Kind.FAILED).findFirst().orElseThrow();
            assertThat(failed.failure()).contains("create veth pair veth-red/veth-other", "EEXIST");
            for (NetnsEvent e : events) {
                assertThat(e.elapsed()).isPositive().isLessThan(Duration.ofSeconds(30));
                assertThat(e.failure() == null).isEqualTo(e.kind() != Kind.FAILED);
            }
            for (int i = 1; i < events.size(); i++) {
                assertThat(events.get(i).time()).isAfterOrEqualTo(events.get(i - 1).time());
            }
            // the namespaces and links are gone, the listener heard it, and nothing else is left
            assertThat(stack.namespaceNames()).doesNotContain(redName);
            assertThat(stack.hasListeners()).isFalse();
        }
    }

    @Test
    void costsNothingAndHearsNothingOnceUnregistered() {
        List<NetnsEvent> events = new ArrayList<>();
        try (NetworkStack stack = NetworkStack.open()) {
            assertThat(stack.hasListeners()).isFalse();
            NetnsListener.Registration r = stack.addListener(events::add);
            assertThat(stack.hasListeners()).isTrue();
            r.close();
            try (NetNamespace ns = stack.createAnonymousNamespace()) {
                ns.createBridge("br0").up();
            }
            assertThat(events).isEmpty();
            // publish() with nobody listening does nothing
            stack.publish(NetnsEvent.of(Kind.FAULT_APPLIED, "sandbox", "a fault", Duration.ZERO));
        }
    }
}
