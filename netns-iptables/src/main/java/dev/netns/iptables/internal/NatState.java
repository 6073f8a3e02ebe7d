package dev.netns.iptables.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code iptables-save} shows of one namespace: the nat table's chains, the jumps into the
 * SDK's chains, the rules inside them, and how many rules there are in all tables (which is how
 * the variant holding the namespace's rules is recognised).
 *
 * @param natChains every chain declared in the nat table
 * @param jumps per SDK chain, the specs of the built-in chain's rules that jump to it
 * @param sdkRules the {@code -A} lines of the SDK's chains, as iptables-save printed them
 * @param totalRules the number of {@code -A} lines in every table
 */
record NatState(Set<String> natChains, Map<SdkChain, List<String>> jumps, List<String> sdkRules, int totalRules) {

    NatState {
        natChains = Set.copyOf(natChains);
        EnumMap<SdkChain, List<String>> copy = new EnumMap<>(SdkChain.class);
        for (SdkChain c : SdkChain.values()) {
            copy.put(c, List.copyOf(jumps.getOrDefault(c, List.of())));
        }
        jumps = copy;
        sdkRules = List.copyOf(sdkRules);
    }

    static NatState empty() {
        return new NatState(Set.of(), Map.of(), List.of(), 0);
    }

    /** @return whether every SDK chain exists and is jumped to */
    boolean ready() {
        for (SdkChain c : SdkChain.values()) {
            if (!natChains.contains(c.chainName) || jumps.get(c).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** @return whether anything of the SDK is present */
    boolean hasSdkTraces() {
        for (SdkChain c : SdkChain.values()) {
            if (natChains.contains(c.chainName) || !jumps.get(c).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** @return the SDK rule lines whose comment is {@code comment} */
    List<String> rulesWithComment(String comment) {
        List<String> out = new ArrayList<>();
        for (String line : sdkRules) {
            if (line.contains("--comment " + comment + " ") || line.contains("--comment \"" + comment + "\"")
                    || line.endsWith("--comment " + comment)) {
                out.add(line);
            }
        }
        return out;
    }

    /** Parses the output of {@code iptables-save} (any tables, any variant). */
    static NatState parse(String saveOutput) {
        Set<String> chains = new LinkedHashSet<>();
        Map<SdkChain, List<String>> jumps = new EnumMap<>(SdkChain.class);
        List<String> sdkRules = new ArrayList<>();
        int total = 0;
        String table = "";
        for (String raw : saveOutput.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("*")) {
                table = line.substring(1);
            } else if (line.startsWith(":") && table.equals("nat")) {
                int space = line.indexOf(' ');
                chains.add(space < 0 ? line.substring(1) : line.substring(1, space));
            } else if (line.startsWith("-A ")) {
                total++;
                if (!table.equals("nat")) {
                    continue;
                }
                String rest = line.substring(3);
                int space = rest.indexOf(' ');
                if (space < 0) {
                    continue;
                }
                String chain = rest.substring(0, space);
                String spec = rest.substring(space + 1);
                for (SdkChain c : SdkChain.values()) {
                    if (chain.equals(c.builtin) && (spec.equals(c.jumpSpec()) || spec.endsWith(" " + c.jumpSpec()))) {
                        jumps.computeIfAbsent(c, k -> new ArrayList<>()).add(spec);
                    } else if (chain.equals(c.chainName)) {
                        sdkRules.add(line);
                    }
                }
            }
        }
        return new NatState(chains, jumps, sdkRules, total);
    }
}
