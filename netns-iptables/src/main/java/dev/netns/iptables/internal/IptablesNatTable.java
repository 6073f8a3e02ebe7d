package dev.netns.iptables.internal;

import dev.netns.NatRule;
import dev.netns.NatRuleHandle;
import dev.netns.NatTable;
import java.util.ArrayList;
import java.util.List;

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
        List<NatRuleHandle> out = new ArrayList<>();
        for (NamespaceNat.Applied a : state.applyAll(ns, rules)) {
            out.add(new Handle(a));
        }
        return List.copyOf(out);
    }

    @Override
    public List<NatRule> rules() {
        return state.rules();
    }

    @Override
    public void clear() {
        state.clear(ns);
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
            state.remove(ns, applied.id());
        }

        @Override
        public String toString() {
            return "NatRuleHandle[" + RuleRenderer.comment(applied.id()) + " " + applied.rule() + "]";
        }
    }
}
