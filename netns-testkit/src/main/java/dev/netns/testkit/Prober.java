package dev.netns.testkit;

import dev.netns.NetNamespace;
import dev.netns.PingResult;
import java.time.Duration;

/**
 * The probes {@link NamespaceAssert} runs: {@link Probes} in real use, canned outcomes in the
 * tests of the assertions' messages (which send no traffic at all).
 */
interface Prober {
    Prober REAL = new Prober() {
    };

    default PingResult ping(NetNamespace ns, String address, Duration timeout) {
        return Probes.ping(ns, address, timeout);
    }

    default PingResult pingBinary(NetNamespace ns, String address, Duration timeout) {
        return Probes.pingBinary(ns, address, timeout);
    }

    default ConnectResult connect(NetNamespace ns, String address, int port, Duration timeout) {
        return Probes.connect(ns, address, port, timeout);
    }

    default UdpResult udp(NetNamespace ns, String address, int port, byte[] payload, Duration timeout) {
        return Probes.udp(ns, address, port, payload, timeout);
    }

    default HttpResult http(NetNamespace ns, String url, Duration timeout) {
        return Probes.http(ns, url, timeout);
    }

    default HttpResult curl(NetNamespace ns, String url, Duration timeout) {
        return Probes.curl(ns, url, timeout);
    }
}
