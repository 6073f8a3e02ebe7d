package dev.netns.it.libraries;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.it.support.HelloHttpServer;
import dev.netns.it.support.Procfs;
import dev.netns.it.support.TutorialNetworks;
import dev.netns.testkit.NetnsTest;
import dev.netns.testkit.Network;
import dev.netns.testkit.NetworkTopology;
import dev.netns.testkit.Topology;
import java.io.IOException;
import java.net.Proxy;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * OkHttp, unchanged, as a client in a namespace: its only seam is {@code socketFactory}, and the
 * namespace's factory gives sockets whose descriptors are already inside. It reaches blue across
 * the LAN, and from {@code wan} through the sandbox's port forwarding (DNAT), where blue's server
 * proves by the peer address it sees that DNAT kept the client's source.
 */
@NetnsTest
class OkHttpTest {

    @NetworkTopology
    static Topology tutorial() {
        return TutorialNetworks.withPortForward().build();
    }

    @Test
    void redAndWanGetBluesPageAcrossTheLanAndThroughDnat(Network net) throws Exception {
        net.closeAtEnd(HelloHttpServer.start(net.host("blue"), "blue", 80));

        OkHttpClient fromRed = client(net, "red");
        assertThat(get(fromRed, "http://192.168.15.2/")).isEqualTo("200 hello from blue to 192.168.15.1");

        // curl http://203.0.113.2/ from outside: the sandbox forwards port 80 to blue.
        OkHttpClient fromWan = client(net, "wan");
        assertThat(get(fromWan, "http://203.0.113.2/")).isEqualTo("200 hello from blue to 203.0.113.1");

        // OkHttp's own threads (its task runner) run, and none of them is in the test's namespaces.
        Procfs.assertNoForeignThreadInside(net.namespaceIds());
    }

    /** A client whose sockets are born in {@code host}; shut down (pool and threads) with the network. */
    private static OkHttpClient client(Network net, String host) {
        OkHttpClient client = new OkHttpClient.Builder()
                .socketFactory(net.host(host).socketFactory())
                .proxy(Proxy.NO_PROXY) // a proxy from the environment would be dialled from the host
                .callTimeout(Duration.ofSeconds(5))
                .build();
        net.closeAtEnd(() -> {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        });
        return client;
    }

    private static String get(OkHttpClient client, String url) throws IOException {
        try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
            return r.code() + " " + r.body().string();
        }
    }
}
