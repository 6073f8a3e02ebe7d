package dev.netns.nftables.internal;

import dev.netns.Impairment;
import dev.netns.ImpairmentHandle;
import dev.netns.Link;
import dev.netns.NetNamespace;
import dev.netns.netlink.internal.NetlinkSocket;
import dev.netns.netlink.internal.libc.LibC;
import dev.netns.nftables.internal.queue.ImpairmentPolicy;
import dev.netns.nftables.internal.queue.PacketQueue;
import dev.netns.nftables.internal.wire.BaseChain;
import dev.netns.nftables.internal.wire.Bytes;
import dev.netns.nftables.internal.wire.Expr;
import dev.netns.nftables.internal.wire.Netfilter;
import dev.netns.nftables.internal.wire.NfTables;
import dev.netns.nftables.internal.wire.NftBatch;
import dev.netns.nftables.internal.wire.NftMessages;
import dev.netns.nftables.internal.wire.RulePosition;
import dev.netns.nftables.internal.wire.XtNfqueue;
import dev.netns.spi.ImpairmentProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Impairments in userspace, for kernels without netem and for seeded (replayable) ones: an
 * nf_tables rule steers what one link end sends to an nfnetlink_queue, where a
 * {@link PacketQueue} on an SDK thread delays, drops, corrupts or reorders each packet before
 * giving its verdict; duplicates are made in the kernel by nf_tables' {@code dup}.
 *
 * <p>Each impaired link end gets a table of its own, {@code netns_impair_IFINDEX} (IPv4 and
 * IPv6), with a chain on postrouting after NAT, owned by the netlink socket that made it: if the
 * JVM dies the kernel removes it, and the queue's bypass flag passes packets while nobody reads
 * the queue. The queue's socket would keep the namespace alive: closing the namespace closes the
 * handle (the SDK ties it to the namespace), as the kernel removes a qdisc with its link.
 */
public final class NftImpairments implements ImpairmentProvider {
    private static final int[] FAMILIES = {Netfilter.NFPROTO_IPV4, Netfilter.NFPROTO_IPV6};
    /** After the SDK's source NAT (100): the queue sees packets as they leave. */
    private static final int PRIORITY = 300;
    private static final String CHAIN = "out";

    /** Public for ServiceLoader. */
    public NftImpairments() {
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public ImpairmentHandle apply(Link link, Impairment imp) {
        NetNamespace ns = link.namespace();
        int ifindex = link.index();
        String where = "link " + link.name() + " in " + ns;
        String table = "netns_impair_" + ifindex;
        boolean queued = !imp.delay().isZero() || !imp.jitter().isZero() || imp.loss() > 0 || imp.corrupt() > 0
                || imp.reorder() > 0;
        PacketQueue queue = null;
        NftConnection rules = null;
        try {
            // Queues are per namespace; a link's index is unique in its namespace.
            int queueNum = ifindex & 0xffff;
            if (queued) {
                queue = PacketQueue.open(ns, queueNum, ImpairmentPolicy.builder()
                        .delay(imp.delay()).jitter(imp.jitter()).loss(imp.loss()).corruption(imp.corrupt())
                        .reorder(imp.reorder())
                        .seed(imp.seed().orElseGet(() -> ThreadLocalRandom.current().nextLong())).build());
            }
            NftConnection opened = ns.call(() -> new NftConnection(
                    NetlinkSocket.open(LibC.NETLINK_NETFILTER, "NETLINK_NETFILTER"), () -> "in " + ns));
            rules = opened;
            NftBatch batch = new NftBatch();
            for (int family : FAMILIES) {
                batch.add(NftMessages.newTable(family, table, NfTables.NFT_TABLE_F_OWNER, null))
                        .add(NftMessages.newChain(family, table, CHAIN,
                                new BaseChain("filter", Netfilter.NF_INET_POST_ROUTING, PRIORITY, Netfilter.NF_ACCEPT)));
                if (imp.duplicate() > 0) {
                    batch.add(NftMessages.newRule(family, table, CHAIN, duplicate(family, ifindex, imp.duplicate()),
                            null, RulePosition.END));
                }
                if (queued) {
                    List<Expr> steer = new ArrayList<>(leavingBy(ifindex));
                    steer.add(Expr.XtTarget.nfqueue(queueNum, 1, XtNfqueue.NFQ_FLAG_BYPASS));
                    batch.add(NftMessages.newRule(family, table, CHAIN, steer, null, RulePosition.END));
                }
            }
            opened.commit(batch, "steer what " + where + " sends to the SDK's impairment");
            return new Handle(imp, queue, opened, table, where);
        } catch (RuntimeException | Error e) {
            if (rules != null) {
                rules.close(); // the tables were owned by it: they go with it
            }
            if (queue != null) {
                try {
                    queue.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** {@code meta oif IFINDEX}. */
    private static List<Expr> leavingBy(int ifindex) {
        return List.of(new Expr.Meta(NfTables.NFT_META_OIF, NfTables.NFT_REG_1),
                new Expr.Cmp(NfTables.NFT_REG_1, NfTables.NFT_CMP_EQ, Bytes.host32(ifindex)));
    }

    /**
     * {@code meta oif IFINDEX numgen random mod 100 < P dup to ip daddr device IFINDEX}: the copy
     * goes to the packet's own destination on the same link, which is its next hop on a link
     * between neighbours (the testkit's veths and bridges); a routed packet's copy, whose
     * destination is not on the link, finds no neighbour there and is dropped.
     */
    private static List<Expr> duplicate(int family, int ifindex, double share) {
        List<Expr> out = new ArrayList<>(leavingBy(ifindex));
        int percent = (int) Math.round(share * 100);
        if (percent < 100) {
            out.add(new Expr.Numgen(NfTables.NFT_REG_1, 100, NfTables.NFT_NG_RANDOM, 0));
            out.add(new Expr.Byteorder(NfTables.NFT_REG_1, NfTables.NFT_REG_1, NfTables.NFT_BYTEORDER_HTON, 4, 4));
            out.add(new Expr.Cmp(NfTables.NFT_REG_1, NfTables.NFT_CMP_LT, Bytes.be32(Math.max(1, percent))));
        }
        boolean v4 = family == Netfilter.NFPROTO_IPV4;
        // the destination address: IPv4 bytes 16-19, IPv6 bytes 24-39 of the network header
        out.add(new Expr.Payload(NfTables.NFT_REG_1, NfTables.NFT_PAYLOAD_NETWORK_HEADER, v4 ? 16 : 24, v4 ? 4 : 16));
        out.add(Expr.Immediate.value(NfTables.NFT_REG_2, Bytes.host32(ifindex)));
        out.add(new Expr.Dup(NfTables.NFT_REG_1, NfTables.NFT_REG_2));
        return out;
    }

    /** One impaired link end: its tables (with the socket that owns them) and its queue. */
    private static final class Handle implements ImpairmentHandle {
        private final Impairment impairment;
        private final PacketQueue queue;
        private final NftConnection rules;
        private final String table;
        private final String where;
        private boolean closed;

        Handle(Impairment impairment, PacketQueue queue, NftConnection rules, String table, String where) {
            this.impairment = impairment;
            this.queue = queue;
            this.rules = rules;
            this.table = table;
            this.where = where;
        }

        @Override
        public Impairment impairment() {
            return impairment;
        }

        @Override
        public String mechanism() {
            return queue != null ? "userspace (nfnetlink_queue " + queue.queueNum() + ")" : "nf_tables dup";
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            RuntimeException failure = null;
            try {
                NftBatch batch = new NftBatch();
                for (int family : FAMILIES) {
                    batch.add(NftMessages.deleteTable(family, table));
                }
                rules.commit(batch, "remove the impairment of " + where);
            } catch (RuntimeException e) {
                failure = e; // the socket's close below removes the owned tables anyway
            } finally {
                rules.close();
            }
            if (queue != null) {
                try {
                    queue.close();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null && !(failure instanceof dev.netns.NotFoundException)
                    && !(failure instanceof dev.netns.NamespaceClosedException)) {
                throw failure;
            }
        }

        @Override
        public String toString() {
            return impairment + " on " + where + " (" + mechanism() + ")";
        }
    }
}
