package dev.netns.nftables.internal.wire;

import dev.netns.fuzz.Decoder;
import dev.netns.fuzz.FuzzTargets;
import dev.netns.fuzz.PerMessage;
import dev.netns.netlink.internal.Errors;
import dev.netns.netlink.internal.wire.Netlink;
import dev.netns.netlink.internal.wire.NlError;
import dev.netns.netlink.internal.wire.NlMessage;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The nf_tables decoders: table, chain and rule dumps (rules with every expression the SDK reads,
 * and their comments), the generation, and the acks and errors of a batch down to the typed
 * exception. Seeds: every message nft sent or received in {@link NftCaptures}, the SDK's own rule
 * request, and acks and errors as the kernel sends them.
 */
public final class NftFuzzTargets implements FuzzTargets {
    private static final PerMessage<NlMessage> NETLINK = new PerMessage<>(NlMessage::parseAll, NlMessage::type);
    private static final int NEWTABLE = NfNetlink.nftablesType(NfTables.NFT_MSG_NEWTABLE);
    private static final int NEWCHAIN = NfNetlink.nftablesType(NfTables.NFT_MSG_NEWCHAIN);
    private static final int NEWRULE = NfNetlink.nftablesType(NfTables.NFT_MSG_NEWRULE);
    private static final int NEWGEN = NfNetlink.nftablesType(NfTables.NFT_MSG_NEWGEN);
    private static final int[] NFT_TYPES = {NEWTABLE, NEWCHAIN, NEWRULE, NEWGEN, Netlink.NLMSG_ERROR, Netlink.NLMSG_DONE};

    @Override
    public List<Decoder> decoders() {
        List<byte[]> all = corpus();
        return List.of(
                decoder("nft-table", all, NEWTABLE, NftReplies::table),
                decoder("nft-chain", all, NEWCHAIN, NftReplies::chain),
                decoder("nft-rule", all, NEWRULE, m -> UserData.commentOf(NftReplies.rule(m).userData())),
                decoder("nft-gen", all, NEWGEN, NftReplies::generation),
                decoder("nft-ack", all, Netlink.NLMSG_ERROR,
                        m -> Errors.of("fuzz", NlError.fromError(m).errno(), NlError.fromError(m).message()).getMessage()));
    }

    private static Decoder decoder(String name, List<byte[]> corpus, int type, Function<NlMessage, ?> decode) {
        return NETLINK.decoder(name, corpus, new int[] {type}, NFT_TYPES, List.of(decode));
    }

    /** Every captured batch and reply, each of their messages alone, the SDK's own rule request, acks and errors. */
    static List<byte[]> corpus() {
        List<byte[]> c = new ArrayList<>();
        for (Field f : NftCaptures.class.getDeclaredFields()) {
            if (f.getType() == String.class && Modifier.isStatic(f.getModifiers())) {
                byte[] datagram = Hex.unhex(read(f));
                c.add(datagram);
                c.addAll(PerMessage.split(datagram));
            }
        }
        ByteBuffer ours = NftMessages.newRule(Netfilter.NFPROTO_IPV4, "t", "pre", CapturedRules.DNAT_TCP,
                UserData.comment("netns:1"), RulePosition.after(3)).finish(1);
        byte[] rule = new byte[ours.remaining()];
        ours.get(rule);
        c.add(rule);
        c.add(error(7, 0, null, null));
        c.add(error(7, 17, "File exists", null));
        c.add(error(7, 22, "Could not process rule: Invalid argument", rule)); // uncapped: the request echoed whole
        return c;
    }

    private static String read(Field f) {
        try {
            f.setAccessible(true);
            return (String) f.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    /** NLMSG_ERROR for {@code seq}: the request's header echoed (capped) or the whole request, and the kernel's text. */
    private static byte[] error(int seq, int errno, String text, byte[] request) {
        byte[] msg = text == null ? new byte[0] : (text + "\0").getBytes(StandardCharsets.UTF_8);
        int tlv = text == null ? 0 : (4 + msg.length + 3) & ~3;
        byte[] echoed = request != null ? request : new byte[16];
        int len = 16 + 4 + ((echoed.length + 3) & ~3) + tlv;
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.nativeOrder());
        int flags = (request == null ? Netlink.NLM_F_CAPPED : 0) | (text == null ? 0 : Netlink.NLM_F_ACK_TLVS);
        b.putInt(len).putShort((short) Netlink.NLMSG_ERROR).putShort((short) flags).putInt(seq).putInt(0);
        b.putInt(-errno);
        if (request == null) {
            b.putInt(16).putShort((short) NEWRULE).putShort((short) 0).putInt(seq).putInt(0);
        } else {
            b.put(request).position(20 + ((echoed.length + 3) & ~3));
        }
        if (text != null) {
            b.putShort((short) (4 + msg.length)).putShort((short) Netlink.NLMSGERR_ATTR_MSG).put(msg);
        }
        return b.array();
    }
}
