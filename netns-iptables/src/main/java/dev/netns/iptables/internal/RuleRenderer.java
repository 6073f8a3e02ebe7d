package dev.netns.iptables.internal;

import dev.netns.IpPrefix;
import dev.netns.NatRule;
import dev.netns.NatRule.Masquerade;
import dev.netns.NatRule.PortForward;
import dev.netns.NatRule.Snat;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@link NatRule}s into {@code iptables-restore} input. Pure: no process, no state, so
 * every byte it produces is unit-tested without root.
 */
final class RuleRenderer {

    /** Prefix of the comment on every rule the SDK writes; the rest is the rule's id. */
    static final String COMMENT_PREFIX = "netns:";
    static final String LOCALHOST = "127.0.0.0/8";

    private RuleRenderer() {
    }

    /** @return the comment that identifies the rule with {@code id} */
    static String comment(String id) {
        return COMMENT_PREFIX + id;
    }

    /**
     * @param id the rule's id: letters, digits and '-' only, so the comment needs no quoting
     * @param hairpinSubnets for a port forward, the subnets of this namespace the target sits on:
     *     clients there that use the forwarded address are masqueraded so replies return via us
     */
    static List<RenderedRule> render(NatRule rule, String id, List<IpPrefix> hairpinSubnets) {
        if (!id.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("rule id " + id);
        }
        String comment = "-m comment --comment " + comment(id);
        List<RenderedRule> out = new ArrayList<>();
        if (rule instanceof Masquerade m) {
            StringBuilder s = new StringBuilder("-s ").append(m.source());
            if (m.excludedDestination() != null) {
                s.append(" ! -d ").append(m.excludedDestination());
            }
            if (m.outInterface() != null) {
                s.append(" -o ").append(m.outInterface());
            }
            s.append(' ').append(comment).append(" -j MASQUERADE");
            out.add(new RenderedRule(SdkChain.POSTROUTING.chainName, s.toString()));
        } else if (rule instanceof Snat n) {
            StringBuilder s = new StringBuilder("-s ").append(n.source());
            if (n.outInterface() != null) {
                s.append(" -o ").append(n.outInterface());
            }
            s.append(' ').append(comment).append(" -j SNAT --to-source ").append(host(n.toAddress()));
            out.add(new RenderedRule(SdkChain.POSTROUTING.chainName, s.toString()));
        } else if (rule instanceof PortForward f) {
            renderForward(f, comment, hairpinSubnets, out);
        } else {
            throw new IllegalArgumentException("unknown rule " + rule);
        }
        return out;
    }

    private static void renderForward(PortForward f, String comment, List<IpPrefix> hairpinSubnets,
            List<RenderedRule> out) {
        String proto = f.protocol().keyword();
        String hostPorts = f.hostPorts().size() == 1 ? Integer.toString(f.hostPorts().first())
                : f.hostPorts().first() + ":" + f.hostPorts().last();
        int lastTarget = f.targetPort() + f.hostPorts().size() - 1;
        String targetPorts = f.targetPort() == lastTarget ? Integer.toString(f.targetPort())
                : f.targetPort() + ":" + lastTarget;
        // A range keeps each packet's port, so the destination carries no port at all.
        String to = host(f.target()) + (f.hostPorts().size() == 1 ? ":" + f.targetPort() : "");
        String target = host(f.target()) + "/32";

        // Without a host address, only packets for one of our own addresses are forwarded, not
        // everything that merely passes through us on that port.
        String dst = f.hostAddress() != null ? "-d " + host(f.hostAddress()) + "/32 " : "";
        String local = f.hostAddress() != null ? "" : "-m addrtype --dst-type LOCAL ";
        String in = f.inInterface() != null ? "-i " + f.inInterface() + " " : "";
        String match = "-p " + proto + " " + local + "-m " + proto + " --dport " + hostPorts + " ";
        String dnat = comment + " -j DNAT --to-destination " + to;

        out.add(new RenderedRule(SdkChain.PREROUTING.chainName, dst + in + match + dnat));
        if (f.inInterface() != null) {
            return;
        }
        out.add(new RenderedRule(SdkChain.OUTPUT.chainName, dst + match + dnat));
        // After the OUTPUT DNAT a connection to 127.0.0.1 still has a loopback source, which the
        // target could never answer: masquerade it to our address on the way out.
        out.add(new RenderedRule(SdkChain.POSTROUTING.chainName, "-s " + LOCALHOST + " -d " + target
                + " -p " + proto + " -m " + proto + " --dport " + targetPorts + " " + comment + " -j MASQUERADE"));
        for (IpPrefix subnet : hairpinSubnets) {
            // Limited to connections we DNATed, so direct traffic inside the subnet keeps its source.
            out.add(new RenderedRule(SdkChain.POSTROUTING.chainName, "-s " + subnet.network() + " -d " + target
                    + " -p " + proto + " -m " + proto + " --dport " + targetPorts
                    + " -m conntrack --ctstate DNAT " + comment + " -j MASQUERADE"));
        }
    }

    /**
     * @param current what the namespace is believed to hold: SDK chains and jumps missing from it
     *     are created in the same transaction. A chain is created with {@code -N}, which fails
     *     (and with it the whole transaction) if the chain exists after all: the
     *     {@code :CHAIN - [0:0]} form would instead flush an existing chain, in both iptables-nft
     *     and iptables-legacy, and with it the rules of another handle or process. So a wrong
     *     belief costs a failed run and a retry, never rules.
     * @return the input that appends {@code rules}
     */
    static String applyScript(NatState current, List<RenderedRule> rules) {
        StringBuilder sb = new StringBuilder("*nat\n");
        for (SdkChain c : SdkChain.values()) {
            if (!current.natChains().contains(c.chainName)) {
                sb.append("-N ").append(c.chainName).append('\n');
            }
        }
        for (SdkChain c : SdkChain.values()) {
            if (current.jumps().get(c).isEmpty()) {
                sb.append("-A ").append(c.builtin).append(' ').append(c.jumpSpec()).append('\n');
            }
        }
        for (RenderedRule r : rules) {
            sb.append(r.appendLine()).append('\n');
        }
        return sb.append("COMMIT\n").toString();
    }

    /** @return the input that deletes {@code rules}, matched by their specs */
    static String deleteScript(List<RenderedRule> rules) {
        StringBuilder sb = new StringBuilder("*nat\n");
        for (RenderedRule r : rules) {
            sb.append(r.deleteLine()).append('\n');
        }
        return sb.append("COMMIT\n").toString();
    }

    /** @return the input that deletes rules given as {@code iptables-save} {@code -A} lines */
    static String deleteSavedScript(List<String> saveLines) {
        StringBuilder sb = new StringBuilder("*nat\n");
        for (String line : saveLines) {
            if (!line.startsWith("-A ")) {
                throw new IllegalArgumentException(line);
            }
            sb.append("-D ").append(line.substring(3)).append('\n');
        }
        return sb.append("COMMIT\n").toString();
    }

    /**
     * @return the input that removes the jumps to the SDK chains and the chains themselves, or
     *     {@code null} if {@code current} holds nothing of the SDK
     */
    static String clearScript(NatState current) {
        if (!current.hasSdkTraces()) {
            return null;
        }
        StringBuilder sb = new StringBuilder("*nat\n");
        for (SdkChain c : SdkChain.values()) {
            for (String spec : current.jumps().get(c)) {
                sb.append("-D ").append(c.builtin).append(' ').append(spec).append('\n');
            }
        }
        for (SdkChain c : SdkChain.values()) {
            if (current.natChains().contains(c.chainName)) {
                sb.append("-F ").append(c.chainName).append('\n');
                sb.append("-X ").append(c.chainName).append('\n');
            }
        }
        return sb.append("COMMIT\n").toString();
    }

    private static String host(InetAddress a) {
        return IpPrefix.hostString(a);
    }
}
