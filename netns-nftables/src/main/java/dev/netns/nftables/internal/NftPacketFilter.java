package dev.netns.nftables.internal;

import dev.netns.FilterRule;
import dev.netns.FilterRuleHandle;
import dev.netns.FilterTable;
import dev.netns.InvalidInputException;
import dev.netns.NatRule;
import dev.netns.NatRuleHandle;
import dev.netns.NatTable;
import dev.netns.NetNamespace;
import dev.netns.NetnsEvent;
import dev.netns.NetnsEvent.Kind;
import dev.netns.NetworkStack;
import dev.netns.PacketFilter;
import dev.netns.nftables.internal.wire.NftRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * The nf_tables packet filter as one handle sees it: thin views over the namespace's shared
 * {@link NamespaceRules}, which report what they do to the stack's listeners.
 */
final class NftPacketFilter implements PacketFilter {
    private final NetNamespace ns;
    private final NamespaceRules state;
    private final Nat nat = new Nat();
    private final Filter filter = new Filter();

    NftPacketFilter(NetNamespace ns, NamespaceRules state) {
        this.ns = ns;
        this.state = state;
    }

    @Override
    public String backend() {
        return NftProvider.NAME;
    }

    @Override
    public NatTable nat() {
        return nat;
    }

    @Override
    public FilterTable filter() {
        return filter;
    }

    /** Dumps the SDK's table and prints its rules, one a line, chain first. */
    @Override
    public String ruleset() {
        StringBuilder sb = new StringBuilder();
        for (NftRule r : state.dumpRules(ns)) {
            sb.append(NftFormatter.format(r)).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "PacketFilter[nftables, " + state.label() + "]";
    }

    private List<NamespaceRules.Applied> apply(List<?> rules, Kind kind) {
        NetworkStack stack = ns.stack();
        boolean on = stack.hasListeners();
        long start = System.nanoTime();
        List<NamespaceRules.Applied> done;
        try {
            done = state.apply(ns, rules);
        } catch (RuntimeException e) {
            if (on && !(e instanceof InvalidInputException)) {
                stack.publish(NetnsEvent.failed(state.label(), NamespaceRules.describe(rules), since(start), e));
            }
            throw e;
        }
        if (on) {
            // One event per rule; each carries the time of the batch they shared.
            for (NamespaceRules.Applied a : done) {
                stack.publish(NetnsEvent.of(kind, state.label(), String.valueOf(a.rule()), since(start)));
            }
        }
        return done;
    }

    private void remove(NamespaceRules.Applied a, Kind kind) {
        NetworkStack stack = ns.stack();
        long start = System.nanoTime();
        boolean was;
        try {
            was = state.remove(ns, a.id());
        } catch (RuntimeException e) {
            if (stack.hasListeners()) {
                stack.publish(NetnsEvent.failed(state.label(), "remove " + a.rule(), since(start), e));
            }
            throw e;
        }
        if (was && stack.hasListeners()) {
            stack.publish(NetnsEvent.of(kind, state.label(), String.valueOf(a.rule()), since(start)));
        }
    }

    private void clear(boolean natRules, Kind kind) {
        NetworkStack stack = ns.stack();
        long start = System.nanoTime();
        List<NamespaceRules.Applied> gone;
        try {
            gone = state.clear(ns, natRules);
        } catch (RuntimeException e) {
            if (stack.hasListeners()) {
                stack.publish(NetnsEvent.failed(state.label(), "clear " + (natRules ? "NAT" : "filter") + " rules",
                        since(start), e));
            }
            throw e;
        }
        if (stack.hasListeners()) {
            Duration took = since(start);
            gone.forEach(a -> stack.publish(NetnsEvent.of(kind, state.label(), String.valueOf(a.rule()), took)));
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - start));
    }

    private static <T> List<T> rulesOf(List<NamespaceRules.Applied> applied, Class<T> type) {
        List<T> out = new ArrayList<>(applied.size());
        applied.forEach(a -> out.add(type.cast(a.rule())));
        return Collections.unmodifiableList(out);
    }

    private <H> List<H> handles(List<NamespaceRules.Applied> applied, Function<NamespaceRules.Applied, H> make) {
        List<H> out = new ArrayList<>(applied.size());
        applied.forEach(a -> out.add(make.apply(a)));
        return List.copyOf(out);
    }

    private final class Nat implements NatTable {
        @Override
        public NatRuleHandle apply(NatRule rule) {
            return applyAll(Collections.singletonList(rule)).get(0);
        }

        @Override
        public List<NatRuleHandle> applyAll(List<? extends NatRule> rules) {
            NamespaceRules.checkList(rules, "NAT rule");
            if (rules.isEmpty()) {
                return List.of();
            }
            return handles(NftPacketFilter.this.apply(rules, Kind.NAT_RULE_APPLIED), NatHandle::new);
        }

        @Override
        public List<NatRule> rules() {
            return rulesOf(state.applied(true), NatRule.class);
        }

        @Override
        public void clear() {
            NftPacketFilter.this.clear(true, Kind.NAT_RULE_REMOVED);
        }

        @Override
        public String toString() {
            return "NatTable[nftables, " + state.label() + ", " + rules().size() + " rules]";
        }
    }

    private final class Filter implements FilterTable {
        @Override
        public FilterRuleHandle apply(FilterRule rule) {
            return applyAll(Collections.singletonList(rule)).get(0);
        }

        @Override
        public List<FilterRuleHandle> applyAll(List<? extends FilterRule> rules) {
            NamespaceRules.checkList(rules, "filter rule");
            if (rules.isEmpty()) {
                return List.of();
            }
            return handles(NftPacketFilter.this.apply(rules, Kind.FILTER_RULE_APPLIED), FilterHandle::new);
        }

        @Override
        public List<FilterRule> rules() {
            return rulesOf(state.applied(false), FilterRule.class);
        }

        @Override
        public void clear() {
            NftPacketFilter.this.clear(false, Kind.FILTER_RULE_REMOVED);
        }

        @Override
        public String toString() {
            return "FilterTable[nftables, " + state.label() + ", " + rules().size() + " rules]";
        }
    }

    private final class NatHandle implements NatRuleHandle {
        private final NamespaceRules.Applied applied;

        NatHandle(NamespaceRules.Applied applied) {
            this.applied = applied;
        }

        @Override
        public NatRule rule() {
            return (NatRule) applied.rule();
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
            remove(applied, Kind.NAT_RULE_REMOVED);
        }

        @Override
        public String toString() {
            return "NatRuleHandle[" + NamespaceRules.COMMENT_PREFIX + applied.id() + " " + applied.rule() + "]";
        }
    }

    private final class FilterHandle implements FilterRuleHandle {
        private final NamespaceRules.Applied applied;

        FilterHandle(NamespaceRules.Applied applied) {
            this.applied = applied;
        }

        @Override
        public FilterRule rule() {
            return (FilterRule) applied.rule();
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
            remove(applied, Kind.FILTER_RULE_REMOVED);
        }

        @Override
        public String toString() {
            return "FilterRuleHandle[" + NamespaceRules.COMMENT_PREFIX + applied.id() + " " + applied.rule() + "]";
        }
    }
}
