package dev.netns.nftables.internal.wire;

import static dev.netns.nftables.internal.wire.NftAttributes.nest;

import dev.netns.netlink.internal.wire.MessageBuilder;
import dev.netns.netlink.internal.wire.Netlink;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Encoders of the nf_tables requests the SDK sends: tables, chains and rules to add and delete
 * (each carrying NLM_F_ACK, for an {@link NftBatch}), and the dump requests that list them. Each
 * returns an unfinished message; the batch (or the caller, for dumps) assigns its sequence number.
 *
 * <p>Attributes and netlink flags are those {@code nft} 1.0.6 sends for the same command, so
 * the bytes match it (see the golden tests), apart from NLM_F_ACK, which nft asks for only with
 * {@code --echo} while the SDK wants each message's own answer.
 */
public final class NftMessages {
    private NftMessages() {
    }

    /**
     * NFT_MSG_NEWTABLE ({@code nft add table}): creates the table, or updates its flags if it exists.
     *
     * @param family an NFPROTO_* value
     * @param flags NFT_TABLE_F_* flags, e.g. NFT_TABLE_F_OWNER so the table dies with the socket
     * @param userData opaque user data, or {@code null}
     */
    public static MessageBuilder newTable(int family, String name, int flags, Bytes userData) {
        MessageBuilder b = start(NfTables.NFT_MSG_NEWTABLE, family, Netlink.NLM_F_ACK);
        b.attrString(NfTables.NFTA_TABLE_NAME, checkName("table", name)).attrBe32(NfTables.NFTA_TABLE_FLAGS, flags);
        if (userData != null) {
            b.attr(NfTables.NFTA_TABLE_USERDATA, checkUserData(userData));
        }
        return b;
    }

    /** NFT_MSG_DELTABLE by name ({@code nft delete table ip t}), with everything in it. */
    public static MessageBuilder deleteTable(int family, String name) {
        return start(NfTables.NFT_MSG_DELTABLE, family, Netlink.NLM_F_ACK)
                .attrString(NfTables.NFTA_TABLE_NAME, checkName("table", name));
    }

    /** NFT_MSG_DELTABLE by handle ({@code nft delete table ip handle 1}). */
    public static MessageBuilder deleteTable(int family, long handle) {
        return start(NfTables.NFT_MSG_DELTABLE, family, Netlink.NLM_F_ACK).attrBe64(NfTables.NFTA_TABLE_HANDLE, handle);
    }

    /**
     * NFT_MSG_NEWCHAIN ({@code nft add chain}).
     *
     * @param base the hook, type, priority and policy of a base chain, or {@code null} for a
     *        regular chain (a jump target)
     */
    public static MessageBuilder newChain(int family, String table, String name, BaseChain base) {
        MessageBuilder b = start(NfTables.NFT_MSG_NEWCHAIN, family, Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE);
        b.attrString(NfTables.NFTA_CHAIN_TABLE, checkName("table", table))
                .attrString(NfTables.NFTA_CHAIN_NAME, checkName("chain", name));
        if (base != null) {
            b.attrString(NfTables.NFTA_CHAIN_TYPE, base.type());
            if (base.policy() != null) {
                b.attrBe32(NfTables.NFTA_CHAIN_POLICY, base.policy());
            }
            int hook = nest(b, NfTables.NFTA_CHAIN_HOOK);
            b.attrBe32(NfTables.NFTA_HOOK_HOOKNUM, base.hook()).attrBe32(NfTables.NFTA_HOOK_PRIORITY, base.priority());
            b.endNest(hook);
        }
        return b;
    }

    /** NFT_MSG_DELCHAIN ({@code nft delete chain}); the chain must be empty and unreferenced. */
    public static MessageBuilder deleteChain(int family, String table, String name) {
        return start(NfTables.NFT_MSG_DELCHAIN, family, Netlink.NLM_F_ACK)
                .attrString(NfTables.NFTA_CHAIN_TABLE, checkName("table", table))
                .attrString(NfTables.NFTA_CHAIN_NAME, checkName("chain", name));
    }

    /**
     * NFT_MSG_NEWRULE ({@code nft add rule} / {@code nft insert rule}).
     *
     * @param expressions the rule's expressions, in order
     * @param userData opaque user data, e.g. {@link UserData#comment(String)}, or {@code null}
     * @param position where the rule goes
     */
    public static MessageBuilder newRule(int family, String table, String chain, List<? extends Expr> expressions,
            Bytes userData, RulePosition position) {
        int flags = Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE | (position.append() ? Netlink.NLM_F_APPEND : 0);
        MessageBuilder b = start(NfTables.NFT_MSG_NEWRULE, family, flags);
        b.attrString(NfTables.NFTA_RULE_TABLE, checkName("table", table))
                .attrString(NfTables.NFTA_RULE_CHAIN, checkName("chain", chain));
        Expressions.write(b, NfTables.NFTA_RULE_EXPRESSIONS, expressions);
        if (position.handle() != 0) {
            b.attrBe64(NfTables.NFTA_RULE_POSITION, position.handle());
        }
        if (userData != null) {
            b.attr(NfTables.NFTA_RULE_USERDATA, checkUserData(userData));
        }
        return b;
    }

    /** NFT_MSG_DELRULE by handle ({@code nft delete rule ip t c handle H}). */
    public static MessageBuilder deleteRule(int family, String table, String chain, long handle) {
        return start(NfTables.NFT_MSG_DELRULE, family, Netlink.NLM_F_ACK)
                .attrString(NfTables.NFTA_RULE_TABLE, checkName("table", table))
                .attrString(NfTables.NFTA_RULE_CHAIN, checkName("chain", chain))
                .attrBe64(NfTables.NFTA_RULE_HANDLE, handle);
    }

    /** NFT_MSG_GETTABLE dump of a family (NFPROTO_UNSPEC for all). */
    public static MessageBuilder getTables(int family) {
        return start(NfTables.NFT_MSG_GETTABLE, family, Netlink.NLM_F_DUMP);
    }

    /** NFT_MSG_GETCHAIN dump of a family (NFPROTO_UNSPEC for all). */
    public static MessageBuilder getChains(int family) {
        return start(NfTables.NFT_MSG_GETCHAIN, family, Netlink.NLM_F_DUMP);
    }

    /** NFT_MSG_GETRULE dump of a family (NFPROTO_UNSPEC for all). */
    public static MessageBuilder getRules(int family) {
        return start(NfTables.NFT_MSG_GETRULE, family, Netlink.NLM_F_DUMP);
    }

    /** NFT_MSG_GETRULE dump of one table's rules, every chain. */
    public static MessageBuilder getRules(int family, String table) {
        return getRules(family).attrString(NfTables.NFTA_RULE_TABLE, checkName("table", table));
    }

    /** NFT_MSG_GETRULE dump of one chain's rules. */
    public static MessageBuilder getRules(int family, String table, String chain) {
        return getRules(family).attrString(NfTables.NFTA_RULE_TABLE, checkName("table", table))
                .attrString(NfTables.NFTA_RULE_CHAIN, checkName("chain", chain));
    }

    /** NFT_MSG_GETGEN: the ruleset generation, answered with one NFT_MSG_NEWGEN. */
    public static MessageBuilder getGeneration() {
        return start(NfTables.NFT_MSG_GETGEN, Netfilter.NFPROTO_UNSPEC, 0);
    }

    private static MessageBuilder start(int msg, int family, int flags) {
        return new MessageBuilder(NfNetlink.nftablesType(msg), flags).header(NfNetlink.nfgenmsg(family, 0));
    }

    /** The kernel's policy: NLA_STRING of at most NFT_NAME_MAXLEN - 1 bytes; empty names are refused too. */
    private static String checkName(String what, String name) {
        Objects.requireNonNull(name, what);
        int len = name.getBytes(StandardCharsets.UTF_8).length;
        if (len == 0 || len >= NfTables.NFT_NAME_MAXLEN || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " name \"" + name + "\" must have 1 to "
                    + (NfTables.NFT_NAME_MAXLEN - 1) + " bytes and no NUL, has " + len);
        }
        return name;
    }

    private static byte[] checkUserData(Bytes userData) {
        if (userData.length() > NfTables.NFT_USERDATA_MAXLEN) {
            throw new IllegalArgumentException("user data has " + userData.length() + " bytes, at most "
                    + NfTables.NFT_USERDATA_MAXLEN + " are kept");
        }
        return userData.unsafeArray();
    }
}
