package dev.netns.it.readme;

import dev.netns.Bridge;
import dev.netns.Link;
import dev.netns.NatRule;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import dev.netns.PingResult;
import dev.netns.Route;
import dev.netns.VethPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;

/**
 * The README's "tutorial in SDK code": the region between the {@code tutorial} tags is shown
 * there verbatim ({@link ReadmeSamplesTest} checks that) and {@link TutorialSampleTest} runs it,
 * so the README cannot show code that does not compile or does not work. The namespaces are
 * anonymous so that running it never clashes with a person's own {@code red} or {@code blue}.
 */
final class TutorialSample {

    /** What the sample observed, for the test to check. */
    record Outcome(PingResult overTheCable, PingResult toTheOutside, String page) {
    }

    private TutorialSample() {
    }

    static Outcome run() throws IOException {
        // tag::tutorial[]
        try (NetworkStack stack = NetworkStack.open();
             NetNamespace red = stack.createAnonymousNamespace();   // ip netns add red
             NetNamespace blue = stack.createAnonymousNamespace();  // ip netns add blue
             NetNamespace sandbox = stack.createAnonymousNamespace(); // plays the host (bridge, NAT)
             NetNamespace wan = stack.createAnonymousNamespace()) { // plays the internet
            // 2. a virtual cable
            VethPair cable = red.createVeth("veth-red", "veth-blue", blue);
            cable.local().addAddress("192.168.15.1/24").up();
            cable.peer().addAddress("192.168.15.2/24").up();
            cable.local().awaitOperational(Duration.ofSeconds(2));  // the kernel finishes "up"
            cable.peer().awaitOperational(Duration.ofSeconds(2));   // asynchronously
            PingResult overTheCable = red.ping("192.168.15.2");     // ip netns exec red ping ...
            cable.local().delete();                                 // the switch replaces it
            // 3. a virtual switch, one veth per namespace
            Bridge vnet0 = sandbox.createBridge("v-net-0");
            vnet0.addAddress("192.168.15.5/24").up();
            VethPair r = red.createVeth("veth-red", "veth-red-br", sandbox);
            r.peer().attachTo(vnet0).up();
            r.local().addAddress("192.168.15.1/24").up();
            VethPair b = blue.createVeth("veth-blue", "veth-blue-br", sandbox);
            b.peer().attachTo(vnet0).up();
            b.local().addAddress("192.168.15.2/24").up();
            // 4. the outside world: default route, forwarding, MASQUERADE
            VethPair uplink = sandbox.createVeth("eth0", "eth0", wan);
            uplink.local().addAddress("203.0.113.2/24").up();
            uplink.peer().addAddress("203.0.113.1/24").up();
            red.addRoute(Route.defaultVia("192.168.15.5"));
            blue.addRoute(Route.defaultVia("192.168.15.5"));
            sandbox.setSysctl("net.ipv4.ip_forward", "1");
            sandbox.nat().apply(NatRule.masquerade("192.168.15.0/24"));
            for (Link l : List.of(r.local(), r.peer(), uplink.local(), uplink.peer())) {
                l.awaitOperational(Duration.ofSeconds(2));
            }
            PingResult toTheOutside = red.ping("203.0.113.1");
            // 5. port forwarding to a web server in blue: its socket is born in blue, the thread
            //    serving it is ours, outside (a thread started inside a namespace would stay in it)
            ServerSocketChannel web = blue.openServerSocketChannel().bind(new InetSocketAddress(80));
            new Thread(() -> {
                try (SocketChannel client = web.accept()) {
                    client.read(ByteBuffer.allocate(1024));
                    client.write(ByteBuffer.wrap("HTTP/1.0 200 OK\r\n\r\nhello from blue".getBytes()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).start();
            sandbox.nat().apply(NatRule.portForward(NatRule.Protocol.TCP, 80, "192.168.15.2", 80));
            String page = wan.exec("curl", "-s", "http://203.0.113.2/").stdout(); // hello from blue
            web.close();
            System.out.println(overTheCable + "\n" + toTheOutside + "\n" + page);
            // end::tutorial[]
            return new Outcome(overTheCable, toTheOutside, page);
            // tag::tutorial[]
        }
        // end::tutorial[]
    }
}
