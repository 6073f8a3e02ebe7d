package dev.netns.iptables.internal;

import dev.netns.NatRule;
import dev.netns.NatRuleHandle;
import dev.netns.NatTable;
import dev.netns.NetnsEvent;
import dev.netns.NetnsEvent.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** {@link NatTable} of one namespace; a thin view over the namespace's shared {@link NamespaceNat}. */
final class IptablesNatTable implements NatTable {

    private final NamespaceAccess ns;
    private final NamespaceNat state;

    IptablesNatTable(NamespaceAccess ns, NamespaceNat state) {
        this.ns = ns;
        this.state = state;
    }

    @Override
    public NatRuleHandle apply(NatRule rule) {
        return applyAll(java.util.Collections.singletonList(rule)).get(0);
    }

    @Override
    public List<NatRuleHandle> applyAll(List<? extends NatRule> rules) {
        // The events are made here, at the entry point, because only here is the namespace's
        // stack (and so its listeners) at hand; an iptables run takes milliseconds, so asking
        // whether anyone listens costs nothing worth saving, but describing the rules is skipped.
        boolean on = ns.hasListeners();
        long start = System.nanoTime();
        List<NamespaceNat.Applied> done;
        try {
            done = state.applyAll(ns, rules);
        } catch (RuntimeException e) {
            if (on && !(e instanceof dev.netns.InvalidInputException)) {
                ns.publish(NetnsEvent.failed(ns.label(), String.valueOf(rules), since(start), e));
            }
            throw e;
        }
        List<NatRuleHandle> out = new ArrayList<>();
        for (NamespaceNat.Applied a : done) {
            out.add(new Handle(a));
            if (on) {
                // One event per rule; each carries the time of the whole iptables-restore they shared.
                ns.publish(NetnsEvent.of(Kind.NAT_RULE_APPLIED, ns.label(), subject(a), since(start)));
            }
        }
        return List.copyOf(out);
    }

    /** The rule as iptables holds it: its lines, for example {@code -A NETNS-POSTROUTING -s ... -j MASQUERADE}. */
    static String subject(NamespaceNat.Applied a) {
        return a.lines().stream().map(RenderedRule::appendLine).collect(Collectors.joining("; "));
    }

    private static Duration since(long start) {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - start));
    }

    /** Removes one rule, reporting it (or its failure) if it was there to remove. */
    private void remove(NamespaceNat.Applied a) {
        if (!ns.hasListeners()) {
            state.remove(ns, a.id());
            return;
        }
        boolean was = state.isApplied(a.id());
        long start = System.nanoTime();
        try {
            state.remove(ns, a.id());
        } catch (RuntimeException e) {
            ns.publish(NetnsEvent.failed(ns.label(), subject(a), since(start), e));
            throw e;
        }
        if (was) {
            ns.publish(NetnsEvent.of(Kind.NAT_RULE_REMOVED, ns.label(), subject(a), since(start)));
        }
    }

    @Override
    public List<NatRule> rules() {
        return state.rules();
    }

    @Override
    public void clear() {
        if (!ns.hasListeners()) {
            state.clear(ns);
            return;
        }
        List<NamespaceNat.Applied> before = state.appliedRules();
        long start = System.nanoTime();
        try {
            state.clear(ns);
        } catch (RuntimeException e) {
            ns.publish(NetnsEvent.failed(ns.label(), "clear " + before.size() + " NAT rules", since(start), e));
            throw e;
        }
        Duration took = since(start);
        for (NamespaceNat.Applied a : before) {
            ns.publish(NetnsEvent.of(Kind.NAT_RULE_REMOVED, ns.label(), subject(a), took));
        }
    }

    /** @return the iptables variant used in this namespace: {@code nft} or {@code legacy} */
    String variant() {
        return state.variant(ns).name();
    }

    @Override
    public String toString() {
        return "NatTable[namespace " + ns.describe() + ", " + rules().size() + " rules]";
    }

    /**
     * A rule applied through this table. {@link #close()} removes the rule from the namespace
     * whatever became of the handle it was applied through: if that handle is closed, the removal
     * goes through another open handle to the same namespace, or, for a named namespace that still
     * exists under {@code /run/netns} with the same id (after {@link dev.netns.NetNamespace#release()},
     * say), through a handle opened and released for the occasion. Only when the namespace is gone
     * (deleted, or anonymous with no open handle left, so its rules went with it) is the rule just
     * forgotten.
     */
    private final class Handle implements NatRuleHandle {
        private final NamespaceNat.Applied applied;

        Handle(NamespaceNat.Applied applied) {
            this.applied = applied;
        }

        @Override
        public NatRule rule() {
            return applied.rule();
        }

        @Override
        public String id() {
            return applied.id();
        }

        @Override
        public boolean isActive() {
            return state.isApplied(applied.id());
        }

        @Override
        public void close() {
            remove(applied);
        }

        @Override
        public String toString() {
            return "NatRuleHandle[" + RuleRenderer.comment(applied.id()) + " " + applied.rule() + "]";
        }
    }
}
