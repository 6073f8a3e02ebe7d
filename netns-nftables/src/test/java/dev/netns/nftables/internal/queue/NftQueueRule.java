package dev.netns.nftables.internal.queue;

import dev.netns.NetNamespace;
import dev.netns.netlink.internal.wire.NlError;
import dev.netns.netlink.internal.wire.NlMessage;
import dev.netns.nftables.internal.wire.BaseChain;
import dev.netns.nftables.internal.wire.Bytes;
import dev.netns.nftables.internal.wire.Expr;
import dev.netns.nftables.internal.wire.Netfilter;
import dev.netns.nftables.internal.wire.NfTables;
import dev.netns.nftables.internal.wire.NftBatch;
import dev.netns.nftables.internal.wire.NftMessages;
import dev.netns.nftables.internal.wire.RulePosition;
import dev.netns.nftables.internal.wire.XtNfqueue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Test scaffolding: installs the steering rule with the SDK's own nf_tables codec instead of
 * iptables-nft (table ip netns_queue, chain out on hook output, {@code meta l4proto udp udp dport
 * PORT queue num Q bypass} through the compat NFQUEUE target), sent over a NETLINK_NETFILTER
 * socket born in the namespace. The packet-filter backend will own this in the SDK.
 */
final class NftQueueRule {
    static final String TABLE = "netns_queue";
    private static final int IPPROTO_UDP = 17;
    private static final int UDP_DPORT_OFFSET = 2;

    private NftQueueRule() {
    }

    /** {@code udp dport PORT counter queue num Q bypass}. */
    static void install(NetNamespace ns, int dport, int queue) {
        List<Expr> rule = new ArrayList<>(udpDport(dport));
        rule.add(new Expr.Counter());
        rule.add(Expr.XtTarget.nfqueue(queue, 1, XtNfqueue.NFQ_FLAG_BYPASS));
        installRule(ns, rule);
    }

    /** The matches of {@code udp dport PORT}. */
    static List<Expr> udpDport(int dport) {
        return List.of(
                new Expr.Meta(NfTables.NFT_META_L4PROTO, NfTables.NFT_REG_1),
                new Expr.Cmp(NfTables.NFT_REG_1, NfTables.NFT_CMP_EQ, Bytes.of((byte) IPPROTO_UDP)),
                new Expr.Payload(NfTables.NFT_REG_1, NfTables.NFT_PAYLOAD_TRANSPORT_HEADER, UDP_DPORT_OFFSET, 2),
                new Expr.Cmp(NfTables.NFT_REG_1, NfTables.NFT_CMP_EQ, Bytes.be16(dport)));
    }

    /** Adds one rule to chain out of table ip netns_queue (both created if missing) in {@code ns}. */
    static void installRule(NetNamespace ns, List<Expr> rule) {
        NftBatch batch = new NftBatch()
                .add(NftMessages.newTable(Netfilter.NFPROTO_IPV4, TABLE, 0, null))
                .add(NftMessages.newChain(Netfilter.NFPROTO_IPV4, TABLE, "out",
                        new BaseChain("filter", Netfilter.NF_INET_LOCAL_OUT, 0, Netfilter.NF_ACCEPT)))
                .add(NftMessages.newRule(Netfilter.NFPROTO_IPV4, TABLE, "out", rule, null, RulePosition.END));
        int first = 100;
        ByteBuffer datagram = batch.finish(first);
        try (QueueSocket s = ns.call(QueueSocket::open)) {
            s.send(datagram);
            Set<Integer> waiting = new HashSet<>(List.of(first + 1, first + 2, first + 3));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!waiting.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no ack for batch messages " + waiting);
                }
                if (!s.awaitReadable(100)) {
                    continue;
                }
                ByteBuffer reply = s.receive();
                if (reply == null) {
                    continue;
                }
                for (NlMessage m : NlMessage.parseAll(reply)) {
                    if (m.isError()) {
                        NlError e = NlError.fromError(m);
                        if (e.errno() != 0) {
                            throw new AssertionError("batch message seq " + m.seq() + " refused: errno " + e.errno()
                                    + " " + e.message());
                        }
                        waiting.remove(m.seq());
                    }
                }
            }
        }
    }
}
