package dev.netns.nftables.internal.wire;

import static dev.netns.nftables.internal.wire.NftAttributes.nest;

import dev.netns.MalformedReplyException;
import dev.netns.netlink.internal.wire.Attributes;
import dev.netns.netlink.internal.wire.MessageBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A rule's expression list on the wire: NFTA_LIST_ELEM { NFTA_EXPR_NAME, NFTA_EXPR_DATA { ... } }
 * per expression, in order, as libnftnl lays it out.
 */
public final class Expressions {
    private static final Map<String, Function<Attributes, Expr>> DECODERS = Map.ofEntries(
            Map.entry("payload", Expr.Payload::decode),
            Map.entry("cmp", Expr.Cmp::decode),
            Map.entry("bitwise", Expr.Bitwise::decode),
            Map.entry("meta", Expr.Meta::decode),
            Map.entry("ct", Expr.Ct::decode),
            Map.entry("immediate", Expr.Immediate::decode),
            Map.entry("nat", Expr.Nat::decode),
            Map.entry("masq", Expr.Masq::decode),
            Map.entry("numgen", Expr.Numgen::decode),
            Map.entry("byteorder", Expr.Byteorder::decode),
            Map.entry("counter", Expr.Counter::decode),
            Map.entry("reject", Expr.Reject::decode),
            Map.entry("fib", Expr.Fib::decode),
            Map.entry("target", Expr.XtTarget::decode),
            Map.entry("dup", Expr.Dup::decode));

    private Expressions() {
    }

    /** Writes {@code type} as a flagged nest holding one NFTA_LIST_ELEM per expression. */
    public static void write(MessageBuilder b, int type, List<? extends Expr> expressions) {
        int list = nest(b, type);
        for (Expr e : expressions) {
            int elem = nest(b, NfTables.NFTA_LIST_ELEM);
            b.attrString(NfTables.NFTA_EXPR_NAME, e.name());
            int data = nest(b, NfTables.NFTA_EXPR_DATA);
            e.writeData(b);
            b.endNest(data).endNest(elem);
        }
        b.endNest(list);
    }

    /**
     * Decodes an expression list (the payload of NFTA_RULE_EXPRESSIONS).
     *
     * @throws MalformedReplyException on a malformed element or a modelled expression with a
     *         missing or short attribute
     */
    public static List<Expr> read(ByteBuffer list) {
        List<Expr> out = new ArrayList<>();
        for (ByteBuffer elem : Attributes.list(list, NfTables.NFTA_LIST_ELEM)) {
            Attributes a = Attributes.parse(elem);
            String name = NftAttributes.string(a, NfTables.NFTA_EXPR_NAME, "expression name");
            Function<Attributes, Expr> decoder = DECODERS.get(name);
            Expr e = decoder == null ? null : decoder.apply(a.nested(NfTables.NFTA_EXPR_DATA));
            if (e == null) {
                Bytes data = NftAttributes.bytes(a, NfTables.NFTA_EXPR_DATA);
                e = new Expr.Raw(name, data == null ? Bytes.empty() : data);
            }
            out.add(e);
        }
        return out;
    }
}
