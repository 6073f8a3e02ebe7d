package dev.netns.nftables.internal.queue;

import dev.netns.fuzz.Decoder;
import dev.netns.fuzz.FuzzTargets;
import dev.netns.fuzz.PerMessage;
import dev.netns.netlink.internal.wire.Netlink;
import dev.netns.netlink.internal.wire.NlError;
import dev.netns.netlink.internal.wire.NlMessage;
import dev.netns.nftables.internal.queue.wire.NfQueue;
import dev.netns.nftables.internal.queue.wire.NfqCaptures;
import dev.netns.nftables.internal.queue.wire.NfqMessages;
import dev.netns.nftables.internal.queue.wire.NfqPacket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The nfnetlink_queue decoder: what the packet queue does with a received datagram (split it,
 * decode packets, find where an impairment may corrupt the packet, decode acks and errors).
 */
public final class NfqFuzzTargets implements FuzzTargets {
    private static final PerMessage<NlMessage> NETLINK = new PerMessage<>(NlMessage::parseAll, NlMessage::type);
    private static final int PACKET = NfqMessages.type(NfQueue.NFQNL_MSG_PACKET);

    @Override
    public List<Decoder> decoders() {
        return List.of(NETLINK.decoder("nfqueue", corpus(), new int[] {PACKET, Netlink.NLMSG_ERROR},
                new int[] {NfqMessages.type(NfQueue.NFQNL_MSG_VERDICT)},
                List.of(m -> m.type() == PACKET ? Layer4.corruptibleStart(NfqPacket.decode(m).payload()) : NfqPacket.decode(m),
                        m -> m.isError() ? NlError.fromError(m) : null)));
    }

    /**
     * The constructed packet, what the kernel sent (a packet, an ack, an error), the constructed
     * packet with every optional attribute, two packets in one datagram, and the SDK's own verdict.
     */
    public static List<byte[]> corpus() {
        List<byte[]> c = new ArrayList<>();
        byte[] packet = NfqCaptures.unhex(NfqCaptures.CONSTRUCTED);
        c.add(packet);
        c.add(NfqCaptures.unhex(NfqCaptures.KERNEL_PACKET));
        c.add(NfqCaptures.unhex(NfqCaptures.KERNEL_BIND_ACK));
        c.add(NfqCaptures.unhex(NfqCaptures.KERNEL_ENOENT));
        String extra = "08000500" + "00000002" + "08000d00" + "00000020" + "08000e00" + "00000001"
                + "08001000" + "00000000" + "08001100" + "00000000";
        byte[] full = NfqCaptures.unhex(NfqCaptures.CONSTRUCTED + extra);
        NfqCaptures.buffer(full).putInt(0, full.length);
        c.add(full);
        byte[] two = Arrays.copyOf(packet, packet.length * 2);
        System.arraycopy(packet, 0, two, packet.length, packet.length);
        c.add(two);
        // Our own verdict with a payload has the same shape (a verdict header where the packet header was).
        ByteBuffer v = NfqMessages.verdict(3, 42, 1, NfqCaptures.UDP_PAYLOAD);
        byte[] vb = new byte[v.remaining()];
        v.get(vb);
        c.add(vb);
        return c;
    }
}
