package dev.netns.testkit;

import dev.netns.NetNamespace;
import dev.netns.NetnsEvent;
import dev.netns.NetnsListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last {@value #CAPACITY} events of one network's namespaces, heard on the stack the network
 * was built on; the failure report prints them as a timeline.
 *
 * <p>The stack is shared by every network of the test run (tests may run in parallel), so events
 * are kept only for this network's namespaces, recognised by their event label (name or
 * {@code net:[INODE]}). A namespace's label is known only once it exists, after its own
 * NAMESPACE_CREATED event; that event is claimed because listeners run on the thread that did the
 * operation: while the factory creates the namespaces, a creation on its thread is one of ours.
 */
final class EventLog implements NetnsListener {
    static final int CAPACITY = 200;

    /** Event label of each of our namespaces, to the topology host it plays ({@code null} until known). */
    private final Map<String, String> hosts = new ConcurrentHashMap<>();
    private volatile Thread claiming;
    private final ArrayDeque<NetnsEvent> events = new ArrayDeque<>(); // guarded by this
    private long dropped; // guarded by this

    /** The label events carry for {@code ns}, the same rule as the backends'. */
    static String label(NetNamespace ns) {
        return ns.isInitial() ? "initial" : ns.name().orElseGet(() -> ns.id().toString());
    }

    /** Claims the namespaces created on {@code thread} from now on, until {@link #stopClaiming()}. */
    void claimCreationsOn(Thread thread) {
        claiming = thread;
    }

    void stopClaiming() {
        claiming = null;
    }

    /** Names a namespace of this network (claimed or not) after its topology host. */
    void name(NetNamespace ns, String host) {
        hosts.put(label(ns), host);
    }

    @Override
    public void onEvent(NetnsEvent event) {
        if (!hosts.containsKey(event.namespace())) {
            if (event.kind() != NetnsEvent.Kind.NAMESPACE_CREATED || Thread.currentThread() != claiming) {
                return;
            }
            hosts.putIfAbsent(event.namespace(), event.namespace());
        }
        synchronized (this) {
            if (events.size() == CAPACITY) {
                events.removeFirst();
                dropped++;
            }
            events.addLast(event);
        }
    }

    /** @return the events kept, oldest first */
    synchronized List<NetnsEvent> events() {
        return List.copyOf(events);
    }

    /**
     * One line per event, when its operation started in ms since the first kept one started, for example
     * {@code "    12.345 ms  ADDRESS_ADDED  red  192.168.15.1/24 on veth-red (0.020 ms)"}.
     */
    String timeline() {
        List<NetnsEvent> list;
        long lost;
        synchronized (this) {
            list = List.copyOf(events);
            lost = dropped;
        }
        if (list.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        if (lost > 0) {
            sb.append("(").append(lost).append(" earlier events dropped)\n");
        }
        // Events are kept in the order they finished; a reader follows them by when they started
        // (a NAT rule written in parallel with the links started before most of them).
        list = list.stream().sorted(java.util.Comparator.comparing((NetnsEvent e) -> e.time().minus(e.elapsed()))).toList();
        NetnsEvent first = list.get(0);
        Instant origin = first.time().minus(first.elapsed());
        for (NetnsEvent e : list) {
            double at = Duration.between(origin, e.time().minus(e.elapsed())).toNanos() / 1e6;
            sb.append(String.format(Locale.ROOT, "%10.3f ms  %s  %s  %s (%.3f ms)", at, e.kind(),
                    hosts.getOrDefault(e.namespace(), e.namespace()), hostNames(e.subject()), e.elapsed().toNanos() / 1e6));
            if (e.failure() != null) {
                sb.append(": ").append(e.failure().replace('\n', ' '));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** "(peer in net:[4026533304])" becomes "(peer in host)": the reader knows the topology, not inodes. */
    private String hostNames(String subject) {
        if (!subject.contains("(peer in ")) {
            return subject;
        }
        for (Map.Entry<String, String> h : hosts.entrySet()) {
            subject = subject.replace("(peer in " + h.getKey() + ")", "(peer in " + h.getValue() + ")");
        }
        return subject;
    }
}
