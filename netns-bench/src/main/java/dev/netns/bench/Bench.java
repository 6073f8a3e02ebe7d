package dev.netns.bench;

import dev.netns.Bridge;
import dev.netns.ExecResult;
import dev.netns.Link;
import dev.netns.NatRule;
import dev.netns.NatRuleHandle;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import dev.netns.PingResult;
import dev.netns.Route;
import dev.netns.VethPair;
import dev.netns.VethRequest;
import java.io.BufferedReader;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Benchmarks of the SDK against the peers of {@code ../shared/bench} (not a test: {@code bench/run}
 * drives it). One JVM stays warm for the whole run; {@code bench/run} sends it one command per line
 * on standard input and reads its output up to the line {@code DONE}.
 *
 * <pre>
 * java -cp ... dev.netns.bench.Bench serve           # commands from stdin, one per line:
 *   warmup ROUNDS     W(10) and W(50) ROUNDS times each, results not printed
 *   w N               W(N) once: "RESULT impl=netns n=N create_ms=.. teardown_ms=.. total_ms=.. ping=ok"
 *   profile N         W(N) once with a per-step breakdown of create and teardown ("PROFILE ...")
 *   rtt ITER          one netlink request-&gt;ack (lo up), ITER times ("MICRO name=rtt ...")
 *   named ITER        named namespace create+delete from Java, interleaved with `ip netns add`+`del`
 *   ping ITER         in-process ICMP echo between two namespaces, interleaved with `ping -c 1`
 *   sockets ITER      open+close of a TCP socket: ns.openSocketChannel(), ns.socketFactory().createSocket()
 *   impair ITER       the userspace impairment path with nothing to do: UDP round trip and packets/s, with and without it
 *                     and the JDK's own SocketChannel.open() (this JVM's namespace), interleaved
 *   quit
 * java -cp ... dev.netns.bench.Bench w 10 [more commands as separate arguments...]
 * </pre>
 * Every namespace is called {@code pb-*} and all traffic stays in 10.77.0.0/16 inside them, as in
 * the peers' workload, so {@code peers/cleanup.sh} covers them too.
 */
public final class Bench {
    private static final PrintStream OUT = System.out;
    private static final String GATEWAY = "10.77.0.1";

    private final NetworkStack stack;

    private Bench(NetworkStack stack) {
        this.stack = stack;
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        if (args.length == 0) {
            System.err.println("usage: Bench serve | Bench COMMAND [ARG] [COMMAND [ARG]...]   (commands: warmup, w, profile, rtt, named, ping, sockets, nat, impair)");
            System.exit(2);
        }
        try (NetworkStack stack = NetworkStack.open()) {
            Bench b = new Bench(stack);
            if (args[0].equals("serve")) {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                OUT.println("READY");
                OUT.flush();
                String line;
                while ((line = in.readLine()) != null) {
                    line = line.strip();
                    if (line.isEmpty()) {
                        continue;
                    }
                    if (line.equals("quit")) {
                        break;
                    }
                    String[] w = line.split("\\s+");
                    try {
                        b.command(w[0], w.length > 1 ? Integer.parseInt(w[1]) : 0);
                    } catch (RuntimeException e) {
                        OUT.println("ERROR " + e);
                        e.printStackTrace();
                    }
                    OUT.println("DONE");
                    OUT.flush();
                }
            } else {
                for (int i = 0; i < args.length; i++) {
                    String cmd = args[i];
                    int arg = i + 1 < args.length && args[i + 1].matches("\\d+") ? Integer.parseInt(args[++i]) : 0;
                    b.command(cmd, arg);
                }
            }
        }
    }

    private void command(String cmd, int arg) throws Exception {
        switch (cmd) {
            case "warmup" -> warmup(Math.max(arg, 1));
            case "w" -> OUT.println(w(arg, false).resultLine());
            case "profile" -> {
                Timing t = w(arg, true);
                OUT.println(t.resultLine());
                OUT.println(t.profileLine());
            }
            case "rtt" -> rtt(Math.max(arg, 100));
            case "named" -> named(Math.max(arg, 10));
            case "ping" -> ping(Math.max(arg, 10));
            case "sockets" -> sockets(Math.max(arg, 100));
            case "nat" -> nat(Math.max(arg, 20));
            case "impair" -> impair(Math.max(arg, 200));
            default -> throw new IllegalArgumentException("unknown command " + cmd);
        }
        OUT.flush();
    }

    // ---- W(N) ------------------------------------------------------------------------------

    /**
     * The tutorial's cable from the bridge's namespace to host {@code x}: {@code name} born up and
     * attached to {@code br}, {@code eth0} born in {@code x} and set up.
     */
    private static VethRequest cable(String name, NetNamespace x, Bridge br) {
        return VethRequest.builder(name, "eth0").peerNamespace(x).master(br).up().build();
    }

    /** Nanosecond totals of each step of W(N), and the phase times. */
    private static final class Timing {
        final int n;
        long create;
        long teardown;
        String ping = "skip";
        long tNs;       // createNamespace (file, unshare, bind mount, socket, lo up)
        long tVeth;     // createVeth: vhI born up and attached to br0, then eth0 set up (two requests)
        long tMaster;   // 0 since createVeth attaches and sets up; kept so PROFILE lines keep their columns
        long tInside;   // eth0 address, default route
        long tHost;     // pb-host, bridge, bridge address + up
        long tClose;    // teardown: close (delete) pb-I
        long tCloseHost;
        long cpuMain;   // create phase: CPU time of the calling thread (user + system)
        long cpuSdk;    // create phase: CPU time of the SDK's own threads (anchor, workers)
        long jit;       // create phase: JIT compilation time (all compiler threads)
        long gc;        // create phase: GC time
        long jitMs;     // JIT compilation during create + teardown (ms, all compiler threads)

        Timing(int n) {
            this.n = n;
        }

        String resultLine() {
            return String.format("RESULT impl=netns n=%d create_ms=%.3f teardown_ms=%.3f total_ms=%.3f ping=%s jit_ms=%d",
                    n, ms(create), ms(teardown), ms(create + teardown), ping, jitMs);
        }

        String profileLine() {
            return String.format("PROFILE impl=netns n=%d create_ms=%.3f host+bridge=%.3f createNamespace=%.3f "
                            + "createVeth=%.3f attach+up=%.3f addr+up+route=%.3f other=%.3f | teardown_ms=%.3f "
                            + "close_pb-i=%.3f close_pb-host=%.3f | per_ns_us: createNamespace=%.0f createVeth=%.0f "
                            + "attach+up=%.0f addr+up+route=%.0f | create cpu_ms: caller_thread=%.1f sdk_threads=%.1f "
                            + "off_cpu(wall-caller-sdk)=%.1f jit=%.1f gc=%.1f",
                    n, ms(create), ms(tHost), ms(tNs), ms(tVeth), ms(tMaster), ms(tInside),
                    ms(create - tHost - tNs - tVeth - tMaster - tInside), ms(teardown), ms(tClose), ms(tCloseHost),
                    tNs / 1e3 / n, tVeth / 1e3 / n, tMaster / 1e3 / n, tInside / 1e3 / n,
                    ms(cpuMain), ms(cpuSdk), ms(create - cpuMain - cpuSdk), ms(jit), ms(gc));
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    static String addressOf(int i) {
        int h = i + 2;
        return "10.77." + (h / 256) + "." + (h % 256);
    }

    /**
     * W(N) exactly as ../shared/bench/README.md: pb-host with br0 10.77.0.1/16 up; per namespace a
     * veth vhI (pb-host, in br0, up) / eth0 (pb-I, 10.77.x.y/16, up), lo up, default route via the
     * bridge; teardown deletes pb-0..pb-(N-1) then pb-host. Create and teardown are timed; the
     * ping check between them is not.
     */
    private Timing w(int n, boolean profile) {
        if (n < 1) {
            throw new IllegalArgumentException("W(N) needs N >= 1");
        }
        Timing t = new Timing(n);
        NetNamespace host = null;
        NetNamespace[] ns = new NetNamespace[n];
        int made = 0;
        try {
            long[] cpu0 = profile ? cpuNow() : null;
            long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            long t0 = System.nanoTime();
            host = stack.createNamespace("pb-host");
            Bridge br = host.createBridge("br0");
            br.addAddress(GATEWAY + "/16").up();
            Route defaultRoute = Route.defaultVia(GATEWAY);
            long a = System.nanoTime();
            if (profile) {
                t.tHost = a - t0;
                for (int i = 0; i < n; i++) {
                    long s0 = System.nanoTime();
                    NetNamespace x = stack.createNamespace("pb-" + i);
                    ns[i] = x;
                    made++;
                    long s1 = System.nanoTime();
                    VethPair p = host.createVeth(cable("vh" + i, x, br));
                    long s2 = System.nanoTime();
                    long s3 = s2;
                    p.peer().addAddress(addressOf(i) + "/16");
                    x.addRoute(defaultRoute);
                    long s4 = System.nanoTime();
                    t.tNs += s1 - s0;
                    t.tVeth += s2 - s1;
                    t.tMaster += s3 - s2;
                    t.tInside += s4 - s3;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    NetNamespace x = stack.createNamespace("pb-" + i);
                    ns[i] = x;
                    made++;
                    VethPair p = host.createVeth(cable("vh" + i, x, br));
                    p.peer().addAddress(addressOf(i) + "/16");
                    x.addRoute(defaultRoute);
                }
            }
            long t1 = System.nanoTime();
            t.create = t1 - t0;
            if (profile) {
                long[] cpu1 = cpuNow();
                t.cpuMain = cpu1[0] - cpu0[0];
                t.cpuSdk = cpu1[1] - cpu0[1];
                t.jit = cpu1[2] - cpu0[2];
                t.gc = cpu1[3] - cpu0[3];
            }

            t.ping = pingCheck(ns[0], addressOf(n - 1)) && pingCheck(ns[0], GATEWAY) ? "ok" : "FAIL";

            long t2 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ns[i].close();
            }
            long t3 = System.nanoTime();
            host.close();
            long t4 = System.nanoTime();
            t.teardown = t4 - t2;
            t.jitMs = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0;
            t.tClose = t3 - t2;
            t.tCloseHost = t4 - t3;
            return t;
        } finally {
            // On failure: delete what was made (a no-op after a normal teardown).
            for (int i = 0; i < made; i++) {
                closeQuietly(ns[i]);
            }
            closeQuietly(host);
        }
    }

    /** CPU ns of this thread and of the SDK's threads (netns-*), JIT and GC ns so far. */
    private static long[] cpuNow() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sdk = 0;
        for (ThreadInfo ti : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (ti != null && ti.getThreadName().startsWith("netns-")) {
                sdk += Math.max(0, threads.getThreadCpuTime(ti.getThreadId()));
            }
        }
        long gc = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += Math.max(0, b.getCollectionTime());
        }
        return new long[] {threads.getCurrentThreadCpuTime(), sdk,
                ManagementFactory.getCompilationMXBean().getTotalCompilationTime() * 1_000_000L, gc * 1_000_000L};
    }

    /** The untimed check: one echo, retried while the new topology settles (up to 3 s, like ping -W 3). */
    private static boolean pingCheck(NetNamespace from, String target) {
        long deadline = System.nanoTime() + 3_000_000_000L;
        PingResult r;
        do {
            r = from.ping(target);
            if (r.reachable()) {
                return true;
            }
        } while (System.nanoTime() - deadline < 0);
        System.err.println("ping check failed: " + r);
        return false;
    }

    private static void closeQuietly(NetNamespace ns) {
        if (ns != null) {
            try {
                ns.close();
            } catch (RuntimeException e) {
                System.err.println("cleanup: " + e);
            }
        }
    }

    /**
     * Warms the JVM up with W(50) rounds until the JIT compilers are (nearly) idle: at most
     * {@code maxRounds}, at least 3, and stops after two rounds in a row in which compilation took
     * under 2% of the round's create time. The per-namespace code runs only a few hundred times
     * per W(N), far below C2's thresholds, so a fixed short warm-up leaves C2 compiling (on the
     * same 2 cores) during the timed runs.
     */
    private void warmup(int maxRounds) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        int quiet = 0;
        int r = 0;
        long lastJit = 0;
        while (r < maxRounds) {
            long j0 = jit.getTotalCompilationTime();
            Timing t = w(50, r % 2 == 1);
            lastJit = jit.getTotalCompilationTime() - j0;
            r++;
            if (!"ok".equals(t.ping)) {
                throw new IllegalStateException("warm-up W(50) ping check failed");
            }
            quiet = lastJit < 0.02 * ms(t.create) ? quiet + 1 : 0;
            settle(50);
            if (r >= 3 && quiet >= 2) {
                break;
            }
        }
        OUT.println("WARM rounds=" + r + " jit_ms_last_round=" + lastJit + " jit_ms_total=" + jit.getTotalCompilationTime());
    }

    /** The peers' settle pause, so the kernel's asynchronous cleanup of the last run is over. */
    private static void settle(int n) {
        sleepMs(500 + n * 5L);
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- micro benchmarks -----------------------------------------------------------------

    /** One netlink request->ack: RTM_NEWLINK "lo up" on an anonymous namespace's own socket. */
    private void rtt(int iterations) {
        try (NetNamespace ns = stack.createAnonymousNamespace()) {
            Link lo = ns.link(1);
            for (int i = 0; i < iterations / 10; i++) {
                lo.up();
            }
            long[] up = new long[iterations];
            long[] get = new long[iterations];
            for (int i = 0; i < iterations; i++) {
                long a = System.nanoTime();
                lo.up();
                long b = System.nanoTime();
                ns.link(1); // RTM_GETLINK by index: request -> reply + ack
                long c = System.nanoTime();
                up[i] = b - a;
                get[i] = c - b;
            }
            OUT.println(micro("rtt_setlink_ack", up));
            OUT.println(micro("rtt_getlink_reply", get));
        }
    }

    /** Named namespace create + delete from Java, interleaved with `ip netns add` + `ip netns del`. */
    private void named(int iterations) throws Exception {
        long[] sdk = new long[iterations];
        long[] ip = new long[iterations];
        for (int i = -2; i < iterations; i++) { // two warm-up rounds
            long a = System.nanoTime();
            stack.createNamespace("pb-jnamed").close(); // owned handle: close deletes it
            long b = System.nanoTime();
            sleepMs(30); // let the kernel's asynchronous cleanup_net run before the next create
            long c = System.nanoTime();
            run("ip", "netns", "add", "pb-ipnamed");
            run("ip", "netns", "del", "pb-ipnamed");
            long d = System.nanoTime();
            sleepMs(30);
            if (i >= 0) {
                sdk[i] = b - a;
                ip[i] = d - c;
            }
        }
        OUT.println(micro("named_create_delete_sdk", sdk));
        OUT.println(micro("named_create_delete_ip_processes_from_java", ip));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + rc);
        }
    }

    /** In-process ICMP echo between two namespaces, interleaved with one `ping -c 1` process. */
    private void ping(int iterations) {
        NetNamespace a = null;
        NetNamespace b = null;
        try {
            a = stack.createNamespace("pb-pinga");
            b = stack.createNamespace("pb-pingb");
            VethPair p = a.createVeth("eth0", "eth0", b);
            p.local().addAddress("10.77.254.1/16").up();
            p.peer().addAddress("10.77.254.2/16").up();
            String target = "10.77.254.2";
            if (!pingCheck(a, target)) {
                throw new IllegalStateException("no echo between pb-pinga and pb-pingb");
            }
            for (int i = 0; i < 200; i++) {
                a.ping(target);
            }
            int perProcess = 20; // in-process echoes per `ping` process; every one is a sample
            long[] sdk = new long[iterations * perProcess];
            long[] sdkRtt = new long[iterations * perProcess];
            long[] first = new long[iterations];
            long[] proc = new long[iterations];
            for (int i = -2; i < iterations; i++) {
                for (int k = 0; k < perProcess; k++) {
                    long t0 = System.nanoTime();
                    PingResult r = a.ping(target);
                    long t1 = System.nanoTime();
                    if (!r.reachable()) {
                        throw new IllegalStateException(r.toString());
                    }
                    if (i >= 0) {
                        sdk[i * perProcess + k] = t1 - t0;
                        sdkRtt[i * perProcess + k] = r.roundTrip().toNanos();
                        if (k == 0) {
                            first[i] = t1 - t0; // right after a `ping` process ran: cold caches
                        }
                    }
                }
                long t2 = System.nanoTime();
                ExecResult e = a.exec("ping", "-c", "1", "-W", "1", target);
                long t3 = System.nanoTime();
                if (!e.succeeded()) {
                    throw new IllegalStateException("ping -c 1 failed: " + e.stderr() + e.stdout());
                }
                if (i >= 0) {
                    proc[i] = t3 - t2;
                }
            }
            OUT.println(micro("icmp_echo_sdk_call", sdk));
            OUT.println(micro("icmp_echo_sdk_roundtrip_field", sdkRtt));
            OUT.println(micro("icmp_echo_sdk_call_first_after_process", first));
            OUT.println(micro("icmp_echo_ping_process_via_exec", proc));
        } finally {
            closeQuietly(b);
            closeQuietly(a);
        }
    }

    /**
     * What a socket born inside costs: one TCP socket opened and closed, by
     * {@code ns.openSocketChannel()} (a hop to the namespace's worker thread and back) and by
     * {@code ns.socketFactory().createSocket()} (the same, plus the socket adaptor), next to the
     * JDK's {@code SocketChannel.open()} on the calling thread, in this JVM's own namespace. The three are
     * interleaved in a rotating order, so load and JIT state fall on all of them alike; the first
     * ITER/2 rounds (at least 2,000) are warm-up and not recorded. Nothing is connected: no traffic.
     */
    private void sockets(int iterations) throws IOException {
        try (NetNamespace ns = stack.createAnonymousNamespace()) {
            javax.net.SocketFactory factory = ns.socketFactory();
            long[][] t = new long[3][iterations];
            int warmup = Math.max(2_000, iterations / 2);
            for (int i = -warmup; i < iterations; i++) {
                for (int k = 0; k < 3; k++) {
                    int which = (k + Math.floorMod(i, 3)) % 3;
                    long a = System.nanoTime();
                    switch (which) {
                        case 0 -> java.nio.channels.SocketChannel.open().close();
                        case 1 -> ns.openSocketChannel().close();
                        default -> factory.createSocket().close();
                    }
                    long b = System.nanoTime();
                    if (i >= 0) {
                        t[which][i] = b - a;
                    }
                }
            }
            OUT.println(micro("socket_open_close_jdk_socketchannel_open", t[0]));
            OUT.println(micro("socket_open_close_sdk_open_socket_channel", t[1]));
            OUT.println(micro("socket_open_close_sdk_socket_factory", t[2]));
        }
    }

    /**
     * One masquerade rule applied to an anonymous namespace, {@code n} times (each removed again,
     * untimed, before the next): the packet filter's cost for the tutorial's step 4. The first
     * apply, which also opens the namespace's netfilter socket and creates the table and chain, is
     * reported on its own.
     */
    private void nat(int n) {
        NetNamespace ns = stack.createAnonymousNamespace();
        try {
            long[] apply = new long[n];
            long[] first = new long[1];
            NatRule rule = NatRule.masquerade("192.168.15.0/24");
            for (int i = -n / 10 - 1; i < n; i++) {
                long t0 = System.nanoTime();
                NatRuleHandle h = ns.nat().apply(rule);
                long t1 = System.nanoTime();
                if (i == -n / 10 - 1) {
                    first[0] = t1 - t0;
                } else if (i >= 0) {
                    apply[i] = t1 - t0;
                }
                // Another rule stays, so the removal deletes one rule, not the table.
                if (i == -n / 10 - 1) {
                    ns.nat().apply(NatRule.masquerade("10.99.0.0/16"));
                }
                h.close();
            }
            OUT.println(micro("nat_apply_masquerade", apply));
            OUT.println(micro("nat_apply_first_in_namespace", first));
            OUT.println("INFO nat backend=" + ns.packetFilter().backend());
        } finally {
            closeQuietly(ns);
        }
    }

    /**
     * What the userspace impairment path costs when it has (almost) nothing to do: a 1 ns delay
     * on red's end of a veth sends every packet red sends through the SDK's nfnetlink_queue
     * thread. Blocks of ITER UDP round trips (red to an echo in blue and back) alternate without
     * and with it, four blocks each, so load falls on both alike; then a burst of 50,000
     * datagrams each way gives the packets per second blue receives.
     */
    private void impair(int iterations) throws Exception {
        try (NetNamespace red = stack.createAnonymousNamespace(); NetNamespace blue = stack.createAnonymousNamespace()) {
            dev.netns.VethPair cable = red.createVeth("eth0", "eth0", blue);
            cable.local().addAddress("10.9.0.1/24").up();
            cable.peer().addAddress("10.9.0.2/24").up();
            cable.local().awaitOperational(java.time.Duration.ofSeconds(3));
            cable.peer().awaitOperational(java.time.Duration.ofSeconds(3));
            dev.netns.Impairment nothing = dev.netns.Impairment.builder().delay(java.time.Duration.ofNanos(1)).build();
            try (java.nio.channels.DatagramChannel echo = blue.openDatagramChannel()
                         .bind(new java.net.InetSocketAddress("10.9.0.2", 7));
                 java.nio.channels.DatagramChannel client = red.openDatagramChannel()) {
                Thread echoer = new Thread(() -> {
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(64);
                    try {
                        while (true) {
                            b.clear();
                            java.net.SocketAddress from = echo.receive(b);
                            b.flip();
                            echo.send(b, from);
                        }
                    } catch (IOException closed) {
                        // done
                    }
                }, "bench-udp-echo");
                echoer.setDaemon(true);
                echoer.start();
                client.connect(new java.net.InetSocketAddress("10.9.0.2", 7));
                long[] plain = new long[iterations * 4];
                long[] queued = new long[iterations * 4];
                roundTrips(client, iterations / 2, null); // warm-up
                for (int block = 0; block < 4; block++) {
                    roundTrips(client, iterations, plain, block * iterations);
                    try (dev.netns.ImpairmentHandle h = cable.local().impair(nothing)) {
                        roundTrips(client, iterations / 4, null);
                        roundTrips(client, iterations, queued, block * iterations);
                    }
                }
                OUT.println(micro("udp_rtt_plain", plain));
                OUT.println(micro("udp_rtt_userspace_impairment_path", queued));
            }
            OUT.println("INFO impair pps_plain=" + burst(red, blue, null)
                    + " pps_userspace_impairment_path=" + burst(red, blue, cable.local().impair(nothing)));
        }
    }

    private static void roundTrips(java.nio.channels.DatagramChannel client, int n, long[] into) throws IOException {
        roundTrips(client, n, into, 0);
    }

    private static void roundTrips(java.nio.channels.DatagramChannel client, int n, long[] into, int offset) throws IOException {
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(16);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(64);
        for (int i = 0; i < n; i++) {
            long a = System.nanoTime();
            client.write(out.clear());
            client.read(in.clear());
            long b = System.nanoTime();
            if (into != null) {
                into[offset + i] = b - a;
            }
        }
    }

    /** 50,000 datagrams from red to blue as fast as red sends; blue's receive rate. Closes {@code h}. */
    private static long burst(NetNamespace red, NetNamespace blue, dev.netns.ImpairmentHandle h) throws Exception {
        try (h; java.nio.channels.DatagramChannel sink = blue.openDatagramChannel()
                     .bind(new java.net.InetSocketAddress("10.9.0.2", 9));
             java.nio.channels.DatagramChannel source = red.openDatagramChannel()) {
            sink.socket().setReceiveBufferSize(4 << 20);
            sink.socket().setSoTimeout(500);
            int total = 50_000;
            long[] firstLast = new long[2];
            int[] got = new int[1];
            Thread reader = new Thread(() -> {
                java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[64], 64);
                try {
                    while (got[0] < total) {
                        sink.socket().receive(p);
                        long now = System.nanoTime();
                        if (got[0]++ == 0) {
                            firstLast[0] = now;
                        }
                        firstLast[1] = now;
                    }
                } catch (IOException quiet) {
                    // the rest was lost, or the burst is over
                }
            }, "bench-udp-sink");
            reader.start();
            source.connect(new java.net.InetSocketAddress("10.9.0.2", 9));
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
            for (int i = 0; i < total; i++) {
                source.write(b.clear());
                if (i % 64 == 63) {
                    Thread.onSpinWait(); // keep the sender from running far ahead of the receiver
                }
            }
            reader.join(30_000);
            long nanos = Math.max(1, firstLast[1] - firstLast[0]);
            return got[0] * 1_000_000_000L / nanos;
        }
    }

    private static String micro(String name, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
        return String.format("MICRO name=%s n=%d median_us=%.1f p10_us=%.1f p90_us=%.1f min_us=%.1f max_us=%.1f",
                name, s.length, median / 1e3, s[s.length / 10] / 1e3, s[(int) (s.length * 0.9)] / 1e3,
                s[0] / 1e3, s[s.length - 1] / 1e3);
    }
}
