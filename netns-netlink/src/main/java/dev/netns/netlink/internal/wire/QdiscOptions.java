package dev.netns.netlink.internal.wire;

/**
 * A queueing discipline's kind and its parameters, as {@link TcMessages} encodes them into an
 * RTM_NEWQDISC and decodes them from a dump.
 */
public sealed interface QdiscOptions permits TbfOptions, HtbOptions, NetemOptions, BareQdisc, RawQdiscOptions {

    /** The TCA_KIND string ("tbf", "htb", ...). */
    String kind();

    /** The clsact qdisc: an ingress and an egress hook for filters, no queue. */
    static QdiscOptions clsact() {
        return BareQdisc.CLSACT;
    }

    /** The ingress qdisc: a hook for filters on received packets. */
    static QdiscOptions ingress() {
        return BareQdisc.INGRESS;
    }
}
