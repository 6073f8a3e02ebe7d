package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.PktSched.RTM_NEWQDISC;
import static dev.netns.netlink.internal.wire.PktSched.TCMSG_LEN;
import static dev.netns.netlink.internal.wire.PktSched.TC_H_ROOT;
import static dev.netns.netlink.internal.wire.PktSched.TC_RATESPEC_LEN;
import static dev.netns.netlink.internal.wire.Wire.msg;
import static dev.netns.netlink.internal.wire.Wire.unhex;
import static dev.netns.netlink.internal.wire.Wire.w;

import dev.netns.fuzz.Decoder;
import dev.netns.fuzz.FuzzTargets;
import dev.netns.fuzz.PerMessage;
import dev.netns.netlink.internal.Errors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The rtnetlink decoders (links, link kinds, addresses, routes, neighbours, rules, statistics,
 * traffic control, change events) and the netlink error and extended-ack parser, each with the
 * real messages its mutations start from: iproute2's captured kernel replies, the tests' golden
 * replies and the SDK's own requests, which have the layout of dumped objects.
 */
public final class NetlinkFuzzTargets implements FuzzTargets {
    private static final int[] EVENT_TYPES = {RtNetlink.RTM_NEWLINK, RtNetlink.RTM_DELLINK, RtNetlink.RTM_NEWADDR,
        RtNetlink.RTM_DELADDR, RtNetlink.RTM_NEWROUTE, RtNetlink.RTM_DELROUTE, Neighbour.RTM_NEWNEIGH,
        Neighbour.RTM_DELNEIGH, FibRules.RTM_NEWRULE, FibRules.RTM_DELRULE};

    private static final PerMessage<NlMessage> NETLINK = new PerMessage<>(NlMessage::parseAll, NlMessage::type);

    @Override
    public List<Decoder> decoders() {
        List<byte[]> all = new ArrayList<>(goldenCorpus());
        all.addAll(capturesCorpus());
        all.addAll(tcCorpus());
        PschedClock clock = new PschedClock(1000, 64, 1_000_000, 100);
        return List.of(
                decoder("nl-error", all, types(Netlink.NLMSG_ERROR, Netlink.NLMSG_DONE), m -> m.dumpInterrupted(),
                        m -> asException(NlError.fromError(m)), m -> asException(NlError.fromDone(m))),
                decoder("rt-link", all, types(RtNetlink.RTM_NEWLINK), LinkMessages::decode, LinkKindMessages::decode,
                        NetlinkFuzzTargets::vethPeerName),
                decoder("rt-addr", all, types(RtNetlink.RTM_NEWADDR), AddressMessages::decode),
                decoder("rt-route", all, types(RtNetlink.RTM_NEWROUTE), m -> RouteMessages.decodeMain(m, i -> "if" + i),
                        m -> RouteMessages.decodeMainAll(m, i -> "if" + i), RouteSpecMessages::decode),
                decoder("rt-neigh", all, types(Neighbour.RTM_NEWNEIGH), NeighbourMessages::decode),
                decoder("rt-rule", all, types(FibRules.RTM_NEWRULE), RuleMessages::decode),
                decoder("rt-stats", all, types(LinkStatsMessages.RTM_NEWSTATS), LinkStatsMessages::decodeStats),
                decoder("rt-link-stats", all, types(RtNetlink.RTM_NEWLINK), LinkStatsMessages::decodeLink),
                decoder("rt-tc", all, types(RTM_NEWQDISC), TcMessages::decodeQdisc, m -> TcMessages.decodeQdisc(m, clock),
                        m -> TcMessages.decodeStats(m.attributes(TCMSG_LEN)),
                        m -> TcRateSpec.read(m.payload(), m.payload().limit() - TC_RATESPEC_LEN)),
                decoder("rt-event", all, EVENT_TYPES, RtnlEvents::decode));
    }

    private static int[] types(int... types) {
        return types;
    }

    /** A decoder retyped now and then to its own types and the event types (see {@link PerMessage}). */
    @SafeVarargs
    private static Decoder decoder(String name, List<byte[]> corpus, int[] types, Function<NlMessage, ?>... decoders) {
        return NETLINK.decoder(name, corpus, types, EVENT_TYPES, List.of(decoders));
    }

    /** An error decoded down to the typed exception a caller throws, and its message. */
    private static String asException(NlError e) {
        return Errors.of("fuzz", e.errno(), e.message()).getMessage();
    }

    private static String vethPeerName(NlMessage m) {
        Attributes a = m.attributes(RtNetlink.IFINFOMSG_LEN);
        a.nested(IfLink.IFLA_LINKINFO).nested(IfLink.IFLA_INFO_DATA).nested(IfLink.VETH_INFO_PEER);
        return a.string(IfLink.IFLA_IFNAME);
    }

    /** Golden replies of links, addresses, routes and errors, and the SDK's own veth request. */
    static List<byte[]> goldenCorpus() {
        List<byte[]> c = new ArrayList<>();
        c.add(ReplyDecodingTest.vethReply());
        c.add(ReplyDecodingTest.addrReply(2, 24, 0, 3, unhex("c0a80f01"), unhex("c0a80f02")));
        c.add(ReplyDecodingTest.addrReply(10, 64, 253, 2, null, unhex("fe800000000000000000000000000001")));
        c.add(ReplyDecodingTest.routeReply(2, 16, 254, 2, 253, 1, w().attr(RtNetlink.RTA_DST, unhex("0a010000"))
                .attr(RtNetlink.RTA_GATEWAY, unhex("0a010001")).attrU32(RtNetlink.RTA_PRIORITY, 100)
                .attrU32(RtNetlink.RTA_OIF, 7).attrU32(RtNetlink.RTA_TABLE, 254)));
        c.add(ReplyDecodingTest.routeReply(10, 0, 254, 3, 0, 1, w()
                .attr(RtNetlink.RTA_GATEWAY, unhex("fe800000000000000000000000000001")).attrU32(RtNetlink.RTA_OIF, 2)));
        c.add(NlErrorTest.cappedError(5, 17, "File exists"));
        c.add(msg(Netlink.NLMSG_ERROR, Netlink.NLM_F_ACK_TLVS, 5, w().u32(-22).raw(NlErrorTest.request(5))
                .attrStr(Netlink.NLMSGERR_ATTR_MSG, "Unknown device type").bytes()));
        c.add(msg(Netlink.NLMSG_DONE, 2 | Netlink.NLM_F_ACK_TLVS, 5, w().u32(-90)
                .attrStr(Netlink.NLMSGERR_ATTR_MSG, "too big").bytes()));
        c.add(NlErrorTest.ack(5));
        // A whole multi-message datagram, and our own veth request (a deeply nested message).
        c.add(Wire.bytesOf(Wire.datagram(c.get(0), c.get(1), c.get(3), NlErrorTest.ack(5))));
        byte[] v = Wire.bytesOf(LinkMessages.newVeth("veth-red", 3, "veth-blu", 7).finish(5));
        v[4] = RtNetlink.RTM_NEWLINK; // as a reply it is an RTM_NEWLINK too
        c.add(v);
        return c;
    }

    /** Every message iproute2 captured from the kernel, and each capture's messages as one datagram. */
    static List<byte[]> capturesCorpus() {
        List<byte[]> c = new ArrayList<>();
        for (String name : Captures.ALL) {
            List<byte[]> msgs = Captures.load(name);
            c.addAll(msgs);
            c.add(Wire.bytesOf(Wire.datagram(msgs.toArray(new byte[0][]))));
        }
        return c;
    }

    /** The kernel's tc dumps and errors, whole and message by message, and the SDK's own qdisc requests. */
    static List<byte[]> tcCorpus() {
        List<byte[]> c = new ArrayList<>();
        for (String dump : new String[] {TcGolden.REPLY_TBF_DROPS, TcGolden.REPLY_HTB, TcGolden.REPLY_ALL,
            TcGolden.REPLY_TBF_RATE64, TcGolden.REPLY_TBF_PEAK}) {
            byte[] d = unhex(dump);
            c.add(d);
            c.addAll(PerMessage.split(d));
        }
        c.add(unhex(TcGolden.NETEM_REFUSED));
        c.add(unhex(TcGolden.MATCHALL_REFUSED));
        c.add(TcReplyDecodingTest.netemReply(50_000_000, 10_000_000));
        c.add(TcReplyDecodingTest.netemReply(1_000_000_000_000L, 300_000_000_000L));
        c.add(asQdiscReply(TcMessages.addQdisc(3, 0, TC_H_ROOT, new TbfOptions(1_250_000, 10_240, 102_400,
                6_000_000_000L, 1600), TcEncoding.IPROUTE2)));
        c.add(asQdiscReply(TcMessages.addQdisc(3, 0, TC_H_ROOT, NetemOptions.DEFAULTS.delay(Duration.ofMillis(50),
                Duration.ofMillis(10), 25).loss(20, 30).duplicate(1, 5).corrupt(1, 5).reorder(25, 50).rate(125_000))));
        c.add(asQdiscReply(TcMessages.addQdisc(3, TcHandle.of(1, 0), TC_H_ROOT, new HtbOptions(0x10, 10, 100, 0))));
        return c;
    }

    private static byte[] asQdiscReply(MessageBuilder m) {
        byte[] b = Wire.bytesOf(m.finish(9));
        buf(b).putShort(4, (short) RTM_NEWQDISC);
        return b;
    }

    private static ByteBuffer buf(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }
}
