package dev.netns.iptables.internal;

/**
 * One iptables rule of the nat table as the SDK writes it.
 *
 * @param chain the SDK chain it lives in
 * @param spec everything after {@code -A CHAIN}
 */
record RenderedRule(String chain, String spec) {

    String appendLine() {
        return "-A " + chain + " " + spec;
    }

    String deleteLine() {
        return "-D " + chain + " " + spec;
    }
}
