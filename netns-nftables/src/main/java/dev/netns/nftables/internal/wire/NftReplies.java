package dev.netns.nftables.internal.wire;

import static dev.netns.nftables.internal.wire.NftAttributes.be32;
import static dev.netns.nftables.internal.wire.NftAttributes.be64;
import static dev.netns.nftables.internal.wire.NftAttributes.string;

import dev.netns.MalformedReplyException;
import dev.netns.netlink.internal.wire.Attributes;
import dev.netns.netlink.internal.wire.NlMessage;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Decoders of nf_tables dump replies (and notifications of the same types). They throw only
 * {@link MalformedReplyException}, whatever the bytes.
 *
 * <p>The kernel writes its nests without NLA_F_NESTED (unlike what it demands in requests); the
 * attribute parser ignores the flag either way.
 */
public final class NftReplies {
    private NftReplies() {
    }

    /** Decodes an NFT_MSG_NEWTABLE. */
    public static NftTable table(NlMessage m) {
        Attributes a = attributes(m, NfTables.NFT_MSG_NEWTABLE, "NFT_MSG_NEWTABLE");
        return new NftTable(m.u8(0), string(a, NfTables.NFTA_TABLE_NAME, "table name"),
                be64(a, NfTables.NFTA_TABLE_HANDLE, "table handle", 0),
                be32(a, NfTables.NFTA_TABLE_FLAGS, "table flags", 0), be32(a, NfTables.NFTA_TABLE_USE, "table use", 0),
                a.has(NfTables.NFTA_TABLE_OWNER) ? be32(a, NfTables.NFTA_TABLE_OWNER, "table owner") : null,
                NftAttributes.bytes(a, NfTables.NFTA_TABLE_USERDATA));
    }

    /** Decodes an NFT_MSG_NEWCHAIN. */
    public static NftChain chain(NlMessage m) {
        Attributes a = attributes(m, NfTables.NFT_MSG_NEWCHAIN, "NFT_MSG_NEWCHAIN");
        BaseChain base = null;
        if (a.has(NfTables.NFTA_CHAIN_HOOK)) {
            Attributes hook = a.nested(NfTables.NFTA_CHAIN_HOOK);
            String type = a.string(NfTables.NFTA_CHAIN_TYPE);
            base = new BaseChain(type == null ? "" : type, be32(hook, NfTables.NFTA_HOOK_HOOKNUM, "chain hook number"),
                    be32(hook, NfTables.NFTA_HOOK_PRIORITY, "chain hook priority"),
                    a.has(NfTables.NFTA_CHAIN_POLICY) ? be32(a, NfTables.NFTA_CHAIN_POLICY, "chain policy") : null);
        }
        return new NftChain(m.u8(0), string(a, NfTables.NFTA_CHAIN_TABLE, "chain's table"),
                string(a, NfTables.NFTA_CHAIN_NAME, "chain name"), be64(a, NfTables.NFTA_CHAIN_HANDLE, "chain handle", 0),
                base, be32(a, NfTables.NFTA_CHAIN_USE, "chain use", 0));
    }

    /** Decodes an NFT_MSG_NEWRULE, its expressions into the {@link Expr} model. */
    public static NftRule rule(NlMessage m) {
        Attributes a = attributes(m, NfTables.NFT_MSG_NEWRULE, "NFT_MSG_NEWRULE");
        ByteBuffer exprs = a.get(NfTables.NFTA_RULE_EXPRESSIONS);
        List<Expr> expressions = exprs == null ? List.of() : Expressions.read(exprs);
        return new NftRule(m.u8(0), string(a, NfTables.NFTA_RULE_TABLE, "rule's table"),
                string(a, NfTables.NFTA_RULE_CHAIN, "rule's chain"), be64(a, NfTables.NFTA_RULE_HANDLE, "rule handle", 0),
                be64(a, NfTables.NFTA_RULE_POSITION, "rule position", 0), expressions,
                NftAttributes.bytes(a, NfTables.NFTA_RULE_USERDATA));
    }

    /** Decodes an NFT_MSG_NEWGEN: the ruleset generation, for {@link NftBatch#expectGeneration(int)}. */
    public static int generation(NlMessage m) {
        Attributes a = attributes(m, NfTables.NFT_MSG_NEWGEN, "NFT_MSG_NEWGEN");
        return be32(a, NfTables.NFTA_GEN_ID, "generation id");
    }

    private static Attributes attributes(NlMessage m, int msg, String name) {
        if (m.type() != NfNetlink.nftablesType(msg)) {
            throw new MalformedReplyException("expected " + name + " (type 0x" + Integer.toHexString(NfNetlink.nftablesType(msg))
                    + "), got type 0x" + Integer.toHexString(m.type()));
        }
        return m.attributes(NfNetlink.NFGENMSG_LEN);
    }
}
