package dev.netns.nftables.internal.wire;

import dev.netns.netlink.internal.wire.MessageBuilder;
import dev.netns.netlink.internal.wire.Netlink;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One nfnetlink transaction in one datagram: NFNL_MSG_BATCH_BEGIN, the messages, NFNL_MSG_BATCH_END.
 * The kernel applies all of it or nothing. Sequence numbers are consecutive from the first one
 * given to {@link #finish(int)}, and every message asks for an ack, so the kernel answers each with
 * its own ack or error and the error names the message that failed by its sequence number.
 *
 * <p>Measured on Linux 6.18: when one message fails, the messages before it have already been
 * acked with 0 and the batch is still rolled back as a whole, so any error means nothing was
 * applied; messages after the failing one get no answer.
 */
public final class NftBatch {
    private final List<MessageBuilder> messages = new ArrayList<>();
    private Integer generation;

    /**
     * Adds a message, for example from {@link NftMessages}.
     *
     * @param message an unfinished message that asks for an ack (NLM_F_ACK)
     */
    public NftBatch add(MessageBuilder message) {
        messages.add(message);
        return this;
    }

    /**
     * Makes the kernel refuse the whole batch with ERESTART if the ruleset changed since this
     * generation (NFNL_BATCH_GENID in BATCH_BEGIN), for changes computed from a dump.
     *
     * @param genId the NFTA_GEN_ID from NFT_MSG_NEWGEN
     */
    public NftBatch expectGeneration(int genId) {
        this.generation = genId;
        return this;
    }

    /** @return the number of messages between BEGIN and END */
    public int size() {
        return messages.size();
    }

    /**
     * @param firstSeq the sequence number of BATCH_BEGIN; message {@code i} gets
     *        {@code firstSeq + 1 + i}, BATCH_END {@code firstSeq + size() + 1}
     * @return the datagram, positioned at 0
     * @throws IllegalStateException if a message does not ask for an ack
     */
    public ByteBuffer finish(int firstSeq) {
        List<ByteBuffer> parts = new ArrayList<>(messages.size() + 2);
        MessageBuilder begin = marker(NfNetlink.NFNL_MSG_BATCH_BEGIN);
        if (generation != null) {
            begin.attrBe32(NfNetlink.NFNL_BATCH_GENID, generation);
        }
        parts.add(begin.finish(firstSeq));
        for (int i = 0; i < messages.size(); i++) {
            ByteBuffer m = messages.get(i).finish(firstSeq + 1 + i);
            if ((m.getShort(6) & Netlink.NLM_F_ACK) == 0) {
                throw new IllegalStateException("batch message " + i + " (type 0x" + Integer.toHexString(m.getShort(4))
                        + ") does not ask for an ack, so its error could not be told from its neighbours'");
            }
            parts.add(m);
        }
        parts.add(marker(NfNetlink.NFNL_MSG_BATCH_END).finish(firstSeq + messages.size() + 1));
        int total = 0;
        for (ByteBuffer p : parts) {
            total += p.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.nativeOrder());
        for (ByteBuffer p : parts) {
            out.put(p.duplicate()); // each is a multiple of 4 long, so the next starts aligned
        }
        return out.flip();
    }

    /** BEGIN and END name the subsystem the batch is for in res_id, family AF_UNSPEC. */
    private static MessageBuilder marker(int type) {
        return new MessageBuilder(type, 0)
                .header(NfNetlink.nfgenmsg(Netfilter.NFPROTO_UNSPEC, NfNetlink.NFNL_SUBSYS_NFTABLES));
    }
}
