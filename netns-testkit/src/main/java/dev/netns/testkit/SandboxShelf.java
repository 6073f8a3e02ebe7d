package dev.netns.testkit;

import dev.netns.Bridge;
import dev.netns.Link;
import dev.netns.LinkInfo;
import dev.netns.NetNamespace;
import dev.netns.NetnsException;
import dev.netns.NotFoundException;
import dev.netns.Route;
import dev.netns.VethPair;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sandboxes the JUnit extension keeps from one test to the next of the same topology; the hosts
 * are always new.
 *
 * <p>Why: deleting a namespace that holds a bridge makes the kernel wait for a full RCU barrier
 * with RTNL held ({@code br_multicast_dev_del}, 30 to 70 ms on this machine even when it is
 * quiet). The namespace is deleted asynchronously, so the barrier lands in the next test, whose
 * every netlink request and namespace creation waits for RTNL: that was the per-test p90 of 100 to
 * 150 ms. A kept sandbox is never deleted between tests, so no bridge is.
 *
 * <p>A sandbox is kept only when nothing but the testkit's own build can have changed it, and the
 * reset is checked, not assumed:
 * <ul>
 *   <li>the topology is anonymous, has a bridge, no NAT and no VXLAN link ({@link #eligible});</li>
 *   <li>the test never got a handle into the sandbox: not {@link Network#sandbox()},
 *       {@code host(SANDBOX)}, {@link Network#hosts()}, a link with an end there, nor a fault or
 *       service placed there (all of which go through those);</li>
 *   <li>after the reset (the sandbox's ends of the links renamed and down, so the next test can use
 *       their names while the kernel deletes them with the hosts; the sandbox's own routes deleted;
 *       the route cache flushed; the bridges' neighbour caches flushed when the state check finds
 *       entries, then read again) its {@link SandboxState} equals the one taken before its first
 *       links.</li>
 * </ul>
 * Otherwise it is deleted as before. The reset runs on this shelf's own thread, while the next
 * test of the topology creates its hosts; that build waits for it before making links.
 * {@code -Dnetns.testkit.keepSandbox=false} turns keeping off. A kept bridge's counters go on
 * from where the last test left them.
 */
final class SandboxShelf implements AutoCloseable {
    /** How many topologies' sandboxes are kept at once; the least recently used goes first. */
    static final int CAPACITY = 4;
    /**
     * Sandboxes kept per topology: two, so that a test takes the one reset during the previous
     * test while the previous test's own is being reset, instead of waiting for that reset.
     */
    static final int PER_TOPOLOGY = 2;
    private static final AtomicLong TOMBSTONES = new AtomicLong();
    private static final long TOMBSTONE_WAIT_NANOS = 2_000_000_000L;

    private final boolean enabled;
    /**
     * Sandboxes being reset or ready, by topology, oldest first; a future of {@code null} when the
     * reset failed.
     */
    private final Map<Topology, java.util.ArrayDeque<CompletableFuture<Kept>>> kept =
            new LinkedHashMap<>(16, 0.75f, true); // guarded by this
    private ExecutorService resetter; // guarded by this; started with the first sandbox kept
    private boolean closed; // guarded by this

    SandboxShelf() {
        this(!"false".equalsIgnoreCase(System.getProperty("netns.testkit.keepSandbox")));
    }

    SandboxShelf(boolean enabled) {
        this.enabled = enabled;
    }

    /** A sandbox kept between tests, with what the next build needs of it. */
    record Kept(NetNamespace sandbox, Map<String, Bridge> bridges, SandboxState pristine, Set<Integer> tombstones) {
    }

    /** @return whether this shelf may keep {@code topology}'s sandbox */
    boolean keeps(Topology topology) {
        return enabled && eligible(topology);
    }

    /** Only a bridge makes keeping worth it; NAT and VXLAN links leave state the reset does not check. */
    static boolean eligible(Topology t) {
        return !t.named() && !t.bridges().isEmpty() && t.nat().isEmpty() && t.vxlanLinks().isEmpty();
    }

    /**
     * @return the kept sandbox of {@code topology}, the caller's from now on ({@link #join} it, or
     *     {@link #discard} it), or {@code null} if there is none
     */
    synchronized CompletableFuture<Kept> take(Topology topology) {
        if (closed || !keeps(topology)) {
            return null;
        }
        java.util.ArrayDeque<CompletableFuture<Kept>> q = kept.get(topology);
        if (q == null) {
            return null;
        }
        for (Iterator<CompletableFuture<Kept>> it = q.iterator(); it.hasNext();) {
            CompletableFuture<Kept> f = it.next();
            if (f.isDone()) {
                it.remove();
                if (f.getNow(null) != null) {
                    return f;
                } // else its reset deleted it: look further
            }
        }
        // All still being reset: a second sandbox is built rather than waiting, up to PER_TOPOLOGY.
        return q.size() < PER_TOPOLOGY ? null : q.poll();
    }

    /** @return the sandbox once its reset is done, or {@code null} if it was not kept after all */
    static Kept join(CompletableFuture<Kept> taken) {
        if (taken == null) {
            return null;
        }
        Kept k = Uninterruptibly.get(() -> { // the reset takes a few milliseconds
            try {
                return taken.get();
            } catch (java.util.concurrent.ExecutionException e) {
                return null;
            }
        });
        if (k != null && k.sandbox().isClosed()) { // the stack went under it
            delete(k);
            return null;
        }
        return k;
    }

    /** Deletes a sandbox taken but not used (its build failed first). */
    static void discard(CompletableFuture<Kept> taken) {
        if (taken != null) {
            taken.thenAccept(k -> {
                if (k != null) {
                    delete(k);
                }
            });
        }
    }

    /**
     * Waits until the kernel has deleted the previous tests' ports, so that a test that looks at
     * the sandbox sees it as a fresh build leaves it. They go with the previous hosts' namespaces,
     * usually long before; a test that never looks does not wait. Ports still there after
     * {@link #TOMBSTONE_WAIT_NANOS}, or when the thread is interrupted, are deleted here.
     */
    static void awaitTombstones(Kept k) {
        if (k.tombstones().isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TOMBSTONE_WAIT_NANOS;
        long pause = 50_000;
        while (true) {
            List<Integer> left = new ArrayList<>();
            for (LinkInfo l : k.sandbox().links()) {
                if (k.tombstones().contains(l.index())) {
                    left.add(l.index());
                }
            }
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
                for (int index : left) {
                    try {
                        k.sandbox().link(index).delete();
                    } catch (NotFoundException gone) {
                        // the kernel was quicker
                    }
                }
                return;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 2_000_000);
        }
    }

    /**
     * Closes a network's hosts, then hands its sandbox to this shelf's thread, which resets it
     * for the next test of the topology or deletes it if the reset cannot be shown complete.
     *
     * @throws NetnsException if a host's namespace could not be closed (every one is tried; the
     *     sandbox is deleted then)
     */
    void recycle(Topology topology, Map<String, NetNamespace> namespaces, Map<String, VethPair> links,
            Network.Recycling recycling) {
        NetNamespace sandbox = namespaces.get(Topology.SANDBOX);
        Map<String, NetNamespace> hosts = new LinkedHashMap<>(namespaces);
        hosts.remove(Topology.SANDBOX);
        try {
            NetworkFactory.closeAll(hosts, null);
        } catch (RuntimeException | Error e) {
            NetworkFactory.closeAll(Map.of(Topology.SANDBOX, sandbox), e);
            throw e;
        }
        List<Link> ends = new ArrayList<>();
        for (VethPair p : links.values()) {
            for (Link end : List.of(p.local(), p.peer())) {
                if (end.namespace().equals(sandbox)) {
                    ends.add(end);
                }
            }
        }
        // Earlier tests' ports the kernel may not have deleted yet; this test's are added by the reset.
        Set<Integer> inherited = recycling.reused() != null ? recycling.reused().tombstones() : Set.of();
        CompletableFuture<Kept> next = new CompletableFuture<>();
        List<CompletableFuture<Kept>> evicted = new ArrayList<>();
        boolean shelved = false;
        synchronized (this) {
            if (!closed) {
                shelved = true;
                if (resetter == null) {
                    // Started from the test's thread, which the SDK never moves into a namespace.
                    resetter = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "netns-testkit-sandbox-reset");
                        t.setDaemon(true);
                        return t;
                    });
                }
                java.util.ArrayDeque<CompletableFuture<Kept>> q = kept.computeIfAbsent(topology, t -> new java.util.ArrayDeque<>());
                q.add(next);
                while (q.size() > PER_TOPOLOGY) {
                    evicted.add(q.poll()); // tests of one topology ran side by side
                }
                for (Iterator<java.util.ArrayDeque<CompletableFuture<Kept>>> it = kept.values().iterator();
                        kept.size() > CAPACITY && it.hasNext();) {
                    evicted.addAll(it.next());
                    it.remove();
                }
                try {
                    resetter.execute(() -> {
                        Kept k = null;
                        try {
                            k = reset(topology, sandbox, recycling, ends, inherited);
                        } catch (Throwable t) {
                            delete(new Kept(sandbox, recycling.bridges(), recycling.pristine(), Set.of()));
                        } finally {
                            next.complete(k); // always: a build or close() may be waiting for it
                        }
                    });
                } catch (RuntimeException refused) {
                    q.remove(next);
                    shelved = false;
                }
            }
        }
        evicted.forEach(SandboxShelf::discard);
        if (!shelved) {
            NetworkFactory.closeAll(Map.of(Topology.SANDBOX, sandbox), null);
        }
    }

    /**
     * Runs on the shelf's thread.
     *
     * @return the sandbox, ready for the next test; or {@code null}, having deleted it, if it does
     *     not show its state from before its first links again
     */
    private static Kept reset(Topology topology, NetNamespace sandbox, Network.Recycling recycling, List<Link> ends,
            Set<Integer> inherited) {
        Set<Integer> tombstones = new HashSet<>(inherited);
        try {
            for (Link end : ends) {
                // Renamed so the next test can use the name while the kernel deletes the pair with
                // the host (it may already have); a device must be down to be renamed. It stays a
                // port, down, until then: the testkit's bridges have a MAC of their own, which ports
                // that come and go do not change. Detaching it here would cost an RCU grace period
                // with RTNL held, which the next test's build would wait for; the kernel still pays
                // it when it deletes the port, later, in its namespace cleanup worker.
                try {
                    end.down();
                    tombstones.add(end.index());
                    end.rename("nsgone" + Long.toString(TOMBSTONES.incrementAndGet(), 36));
                } catch (NotFoundException gone) {
                    // deleted with its host already
                }
            }
            for (Route r : topology.host(Topology.SANDBOX).routes()) {
                try {
                    sandbox.deleteRoute(r);
                } catch (NotFoundException gone) {
                    // its device went down with the ports
                }
            }
            // Cached routes and learnt path MTUs of the last test's hosts (IPv6 only where the
            // topology has IPv6 addresses: otherwise the sandbox routes no IPv6). The kernel
            // flushes on any write; the SDK keeps the file open after the first reset, so this
            // is a write from this thread, with no hand-off into the sandbox.
            sandbox.setSysctl("net.ipv4.route.flush", "1");
            if (NetworkFactory.hasIpv6(topology)) {
                sandbox.setSysctl("net.ipv6.route.flush", "1");
            }
            Set<Integer> present = new HashSet<>();
            // The kernel flushes a bridge's neighbours itself when its last port goes down, but
            // late (its link watcher may wait a second for a bridge); what the state check still
            // finds is flushed here, before it looks again.
            Runnable neighbours = () -> recycling.bridges().keySet().forEach(sandbox::flushNeighbours);
            if (SandboxState.capture(sandbox, tombstones, present, neighbours).equals(recycling.pristine())) {
                return new Kept(sandbox, recycling.bridges(), recycling.pristine(), Set.copyOf(present));
            }
        } catch (RuntimeException e) {
            // not shown clean: deleted below
        }
        delete(new Kept(sandbox, recycling.bridges(), recycling.pristine(), Set.of()));
        return null;
    }

    private static void delete(Kept k) {
        try {
            NetworkFactory.closeAll(Map.of(Topology.SANDBOX, k.sandbox()), null);
        } catch (RuntimeException e) {
            // the stack closing under it closes it anyway
        }
    }

    /** Deletes every kept sandbox, after the resets under way; later networks are not kept. */
    @Override
    public void close() {
        List<CompletableFuture<Kept>> all;
        ExecutorService r;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>();
            kept.values().forEach(all::addAll);
            kept.clear();
            r = resetter;
        }
        for (CompletableFuture<Kept> f : all) {
            Kept k = join(f);
            if (k != null) {
                delete(k);
            }
        }
        if (r != null) {
            r.shutdown();
            try {
                r.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
