package dev.netns.nftables.internal.wire;

/** Constants from linux/netfilter.h: verdicts, the inet hooks and the NFPROTO_* families. */
public final class Netfilter {
    // #define
    public static final int NF_DROP = 0;
    public static final int NF_ACCEPT = 1;
    public static final int NF_STOLEN = 2;
    public static final int NF_QUEUE = 3;
    public static final int NF_REPEAT = 4;
    public static final int NF_STOP = 5;

    // enum nf_inet_hooks
    public static final int NF_INET_PRE_ROUTING = 0;
    public static final int NF_INET_LOCAL_IN = 1;
    public static final int NF_INET_FORWARD = 2;
    public static final int NF_INET_LOCAL_OUT = 3;
    public static final int NF_INET_POST_ROUTING = 4;
    public static final int NF_INET_NUMHOOKS = 5;
    public static final int NF_INET_INGRESS = 5;

    // enum (anonymous, NFPROTO_*)
    public static final int NFPROTO_UNSPEC = 0;
    public static final int NFPROTO_INET = 1;
    public static final int NFPROTO_IPV4 = 2;
    public static final int NFPROTO_ARP = 3;
    public static final int NFPROTO_NETDEV = 5;
    public static final int NFPROTO_BRIDGE = 7;
    public static final int NFPROTO_IPV6 = 10;
    public static final int NFPROTO_DECNET = 12;
    public static final int NFPROTO_NUMPROTO = 13;

    private Netfilter() {
    }
}
