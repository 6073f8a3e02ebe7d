package dev.netns.iptables.internal;

/** The chains of the nat table the SDK owns, and the built-in chain each is jumped to from. */
enum SdkChain {
    PREROUTING("NETNS-PREROUTING", "PREROUTING"),
    OUTPUT("NETNS-OUTPUT", "OUTPUT"),
    POSTROUTING("NETNS-POSTROUTING", "POSTROUTING");

    /** Within iptables' limit of 28 characters for a chain name. */
    final String chainName;
    final String builtin;

    SdkChain(String chainName, String builtin) {
        this.chainName = chainName;
        this.builtin = builtin;
    }

    String jumpSpec() {
        return "-j " + chainName;
    }
}
