package dev.netns.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.NetworkStack;
import dev.netns.it.support.Footprint;
import dev.netns.testkit.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * JVMs ({@link KillNineChild}) killed with SIGKILL at random moments while they build, use and tear
 * down topologies with NAT and faults: {@value #PROPERTY} kills per test (default {@value #DEFAULT_KILLS},
 * as in CI), seeded by {@value #SEED} (printed). With anonymous namespaces nothing is left; with
 * named ones, {@link NetworkStack#removeAbandonedNamespaces()} (what {@code ./netns clean} and the
 * testkit at the start of a run call) removes exactly the dead JVM's unreleased names: its released
 * names and a name made by {@code ip netns add} stay.
 */
@RequiresRoot
@Tag("reliability")
class KillNineTest {
    static final String PROPERTY = "netns.kills";
    static final String SEED = "netns.kills.seed";
    static final int DEFAULT_KILLS = 10;
    /** Kills land up to this long after the child says READY: several build-use-teardown rounds. */
    private static final int WINDOW_MILLIS = 2500;

    @Test
    void anonymousNamespacesLeaveNothing() throws Exception {
        Random random = seeded("anonymous");
        int kills = Integer.getInteger(PROPERTY, DEFAULT_KILLS);
        Footprint before = Footprint.take(name -> false);
        List<String> leaks = new ArrayList<>();
        for (int k = 0; k < kills; k++) {
            try (ChildJvm child = new ChildJvm("anonymous", "k9a", random.nextLong())) {
                child.await("READY", 60_000);
                Thread.sleep(random.nextInt(WINDOW_MILLIS));
                child.kill();
                String mine = "nt" + Long.toString(child.process.pid(), 36);
                Set<String> names = Footprint.runNetnsNames(n -> n.startsWith(mine));
                Set<String> mounts = Footprint.runNetnsMounts(n -> n.startsWith(mine));
                if (!names.isEmpty() || !mounts.isEmpty()) {
                    leaks.add("kill " + k + ": names " + names + ", mounts " + mounts);
                }
            }
        }
        leaks.addAll(Footprint.take(name -> false).leaksSince(before, 0).stream()
                .filter(l -> !l.startsWith("threads") && !l.startsWith("descriptors")).toList());
        System.out.println("kill -9, anonymous: " + kills + " kills, leftovers: " + (leaks.isEmpty() ? "none" : leaks));
        assertThat(leaks).isEmpty();
    }

    @Test
    void namedNamespacesOfTheDeadAreCleanedExactly() throws Exception {
        Random random = seeded("named");
        int kills = Integer.getInteger(PROPERTY, DEFAULT_KILLS);
        String run = "k9-" + Long.toString(ProcessHandle.current().pid(), 36);
        String foreign = run + "-iproute2";
        ChildJvm.exec("ip", "netns", "add", foreign);
        List<String> wrong = new ArrayList<>();
        int cleaned = 0;
        int kept = 0;
        try (NetworkStack stack = NetworkStack.open()) {
            for (int k = 0; k < kills; k++) {
                String tag = run + "-" + k;
                try (ChildJvm child = new ChildJvm("named", tag, random.nextLong())) {
                    child.await("READY", 60_000);
                    Thread.sleep(random.nextInt(WINDOW_MILLIS));
                    child.kill();
                    Predicate<String> its = child.itsNames();
                    Set<String> released = new HashSet<>(child.names("RELEASED"));
                    Set<String> releasing = new HashSet<>(child.names("RELEASING"));
                    Set<String> left = Footprint.runNetnsNames(its);
                    // nf_tables side: the dead JVM's SDK tables (NAT, filters, impairments) went with its sockets
                    for (String name : left) {
                        if (!releasing.contains(name) && Footprint.runNetnsMounts(name::equals).size() == 1) {
                            String tables;
                            try {
                                tables = ChildJvm.exec("ip", "netns", "exec", name, "nft", "list", "tables");
                            } catch (AssertionError e) {
                                if (Files.exists(Path.of("/run/netns", name))) {
                                    throw e;
                                }
                                continue; // another SDK JVM on the machine cleaned it first (its run start does)
                            }
                            if (tables.contains("netns")) {
                                wrong.add("kill " + k + ": " + name + " still has SDK tables: " + tables.strip());
                            }
                        }
                    }
                    List<String> removed = stack.removeAbandonedNamespaces();
                    cleaned += removed.stream().filter(its).count();
                    Set<String> after = Footprint.runNetnsNames(its);
                    for (String name : after) {
                        if (!releasing.contains(name)) {
                            wrong.add("kill " + k + ": " + name + " survived the clean (created, not released)");
                        }
                    }
                    for (String name : released) {
                        if (!after.contains(name)) {
                            wrong.add("kill " + k + ": released " + name + " was removed");
                        }
                    }
                    Set<String> mounts = Footprint.runNetnsMounts(its);
                    mounts.removeIf(m -> after.contains(m.substring("/run/netns/".length())));
                    if (!mounts.isEmpty()) {
                        wrong.add("kill " + k + ": mounts without a name: " + mounts);
                    }
                    // An owner record is its name's file's content, so none can outlive its name;
                    // a released name whose record stayed would have been cleaned, which the check above catches.
                    if (!Files.exists(Path.of("/run/netns", foreign))) {
                        wrong.add("kill " + k + ": the clean removed " + foreign + ", made by ip netns add");
                    }
                    kept += after.size();
                    for (String name : after) {
                        stack.deleteNamespace(name); // released: now ours to delete
                    }
                }
            }
        } finally {
            ChildJvm.exec("ip", "netns", "del", foreign);
        }
        System.out.println("kill -9, named: " + kills + " kills, " + cleaned + " names cleaned, " + kept
                + " released names kept, wrong: " + (wrong.isEmpty() ? "none" : wrong));
        assertThat(wrong).isEmpty();
    }

    private static Random seeded(String what) {
        long seed = Long.getLong(SEED, System.nanoTime());
        System.out.println("kill -9, " + what + ": seed " + seed + " (-D" + SEED + "=" + seed + " repeats the moments)");
        return new Random(seed);
    }
}
