package dev.netns.iptables.internal;

import dev.netns.FilterRule;
import dev.netns.FilterRuleHandle;
import dev.netns.FilterTable;
import dev.netns.InvalidInputException;
import dev.netns.NetnsEvent;
import dev.netns.NetnsEvent.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** {@link FilterTable} of one namespace; a thin view over the namespace's shared {@link NamespaceFilter}. */
final class IptablesFilterTable implements FilterTable {
    private final NamespaceAccess ns;
    private final NamespaceFilter state;

    IptablesFilterTable(NamespaceAccess ns, NamespaceFilter state) {
        this.ns = ns;
        this.state = state;
    }

    @Override
    public FilterRuleHandle apply(FilterRule rule) {
        return applyAll(Collections.singletonList(rule)).get(0);
    }

    @Override
    public List<FilterRuleHandle> applyAll(List<? extends FilterRule> rules) {
        NamespaceFilter.checkList(rules);
        if (rules.isEmpty()) {
            return List.of();
        }
        long start = System.nanoTime();
        List<NamespaceFilter.Applied> done;
        try {
            done = state.applyAll(ns, rules);
        } catch (RuntimeException e) {
            if (ns.hasListeners() && !(e instanceof InvalidInputException)) {
                ns.publish(NetnsEvent.failed(ns.label(), String.valueOf(rules), since(start), e));
            }
            throw e;
        }
        List<FilterRuleHandle> out = new ArrayList<>();
        for (NamespaceFilter.Applied a : done) {
            out.add(new Handle(a));
            if (ns.hasListeners()) {
                ns.publish(NetnsEvent.of(Kind.FILTER_RULE_APPLIED, ns.label(), subject(a), since(start)));
            }
        }
        return List.copyOf(out);
    }

    private static String subject(NamespaceFilter.Applied a) {
        return "-A " + a.chain() + " " + a.spec();
    }

    @Override
    public List<FilterRule> rules() {
        return state.appliedRules().stream().map(NamespaceFilter.Applied::rule).toList();
    }

    @Override
    public void clear() {
        long start = System.nanoTime();
        List<NamespaceFilter.Applied> gone = state.clear(ns);
        if (ns.hasListeners()) {
            gone.forEach(a -> ns.publish(NetnsEvent.of(Kind.FILTER_RULE_REMOVED, ns.label(), subject(a), since(start))));
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - start));
    }

    @Override
    public String toString() {
        return "FilterTable[iptables, namespace " + ns.describe() + ", " + rules().size() + " rules]";
    }

    private final class Handle implements FilterRuleHandle {
        private final NamespaceFilter.Applied applied;

        Handle(NamespaceFilter.Applied applied) {
            this.applied = applied;
        }

        @Override
        public FilterRule rule() {
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
            long start = System.nanoTime();
            if (state.remove(ns, applied.id()) && ns.hasListeners()) {
                ns.publish(NetnsEvent.of(Kind.FILTER_RULE_REMOVED, ns.label(), subject(applied), since(start)));
            }
        }

        @Override
        public String toString() {
            return "FilterRuleHandle[" + RuleRenderer.comment(applied.id()) + " " + applied.rule() + "]";
        }
    }
}
