package dev.netns.nftables.internal.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/** Hex helpers for the captures, and the normalisation that makes nft's batches comparable with ours. */
final class Hex {
    private static final int NLM_F_ACK = 0x04;

    private Hex() {
    }

    static byte[] unhex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    static String hex(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return HexFormat.of().formatHex(out);
    }

    static Bytes bytes(String hex) {
        return Bytes.of(unhex(hex));
    }

    static ByteBuffer buffer(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }

    /**
     * What legitimately differs between a batch of nft and one of ours: nft asks for no acks, the
     * SDK for one per message inside the batch; sequence numbers start where each sender likes and
     * the port id is the kernel's business. So: NLM_F_ACK on every message but BATCH_BEGIN/END,
     * sequence numbers renumbered from 0, port ids zeroed. Everything else must be equal.
     */
    static String normalised(String batchHex) {
        ByteBuffer b = buffer(unhex(batchHex));
        int pos = 0;
        int seq = 0;
        while (pos + 16 <= b.limit()) {
            int len = b.getInt(pos);
            int type = b.getShort(pos + 4) & 0xffff;
            if (type != NfNetlink.NFNL_MSG_BATCH_BEGIN && type != NfNetlink.NFNL_MSG_BATCH_END) {
                b.putShort(pos + 6, (short) (b.getShort(pos + 6) | NLM_F_ACK));
            }
            b.putInt(pos + 8, seq++);
            b.putInt(pos + 12, 0);
            pos += (len + 3) & ~3;
        }
        return hex(b);
    }
}
