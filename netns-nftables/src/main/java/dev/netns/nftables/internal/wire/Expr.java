package dev.netns.nftables.internal.wire;

import static dev.netns.nftables.internal.wire.NftAttributes.be32;
import static dev.netns.nftables.internal.wire.NftAttributes.be64;
import static dev.netns.nftables.internal.wire.NftAttributes.nest;
import static dev.netns.nftables.internal.wire.NftAttributes.u8;

import dev.netns.MalformedReplyException;
import dev.netns.netlink.internal.wire.Attributes;
import dev.netns.netlink.internal.wire.MessageBuilder;
import java.util.Objects;

/**
 * One nf_tables rule expression, as the kernel knows it: a name ({@code payload}, {@code cmp},
 * ...) and its NFTA_EXPR_DATA attributes. Only the forms the SDK renders are modelled (loads into
 * registers, comparisons, NAT, verdicts, ...); anything else decodes to {@link Raw} and encodes back
 * unchanged.
 *
 * <p>Registers are the 16-byte NFT_REG_1..NFT_REG_4 (NFT_REG_VERDICT for verdicts), as {@code nft}
 * uses them. Attributes are written in the order libnftnl writes them, so encoded rules match what
 * {@code nft} sends byte for byte. A register or flag of 0 in {@link Nat} and {@link Masq} means
 * "absent", as register 0 is the verdict register and never a NAT operand.
 */
public sealed interface Expr {

    /** @return the expression's NFTA_EXPR_NAME */
    String name();

    /** Writes the attributes inside NFTA_EXPR_DATA. */
    void writeData(MessageBuilder b);

    /**
     * {@code payload load LEN b @ BASE header + OFFSET => reg DREG}.
     *
     * @param dreg destination register
     * @param base NFT_PAYLOAD_LL_HEADER, NFT_PAYLOAD_NETWORK_HEADER or NFT_PAYLOAD_TRANSPORT_HEADER
     * @param offset byte offset in that header
     * @param len bytes to load
     */
    record Payload(int dreg, int base, int offset, int len) implements Expr {
        @Override
        public String name() {
            return "payload";
        }

        @Override
        public void writeData(MessageBuilder b) {
            b.attrBe32(NfTables.NFTA_PAYLOAD_DREG, dreg).attrBe32(NfTables.NFTA_PAYLOAD_BASE, base)
                    .attrBe32(NfTables.NFTA_PAYLOAD_OFFSET, offset).attrBe32(NfTables.NFTA_PAYLOAD_LEN, len);
        }

        static Expr decode(Attributes d) {
            if (!d.has(NfTables.NFTA_PAYLOAD_DREG)) {
                return null; // a payload write (SREG): not modelled
            }
            return new Payload(be32(d, NfTables.NFTA_PAYLOAD_DREG, "payload dreg"),
                    be32(d, NfTables.NFTA_PAYLOAD_BASE, "payload base"),
                    be32(d, NfTables.NFTA_PAYLOAD_OFFSET, "payload offset"),
                    be32(d, NfTables.NFTA_PAYLOAD_LEN, "payload len"));
        }
    }

    /**
     * {@code cmp OP reg SREG DATA}.
     *
     * @param sreg register compared
     * @param op an NFT_CMP_* operator
     * @param data the value, as many bytes as were loaded
     */
    record Cmp(int sreg, int op, Bytes data) implements Expr {
        public Cmp {
            Objects.requireNonNull(data, "data");
        }

        @Override
        public String name() {
            return "cmp";
        }

        @Override
        public void writeData(MessageBuilder b) {
            b.attrBe32(NfTables.NFTA_CMP_SREG, sreg).attrBe32(NfTables.NFTA_CMP_OP, op);
            writeValue(b, NfTables.NFTA_CMP_DATA, data);
        }

        static Expr decode(Attributes d) {
            return new Cmp(be32(d, NfTables.NFTA_CMP_SREG, "cmp sreg"), be32(d, NfTables.NFTA_CMP_OP, "cmp op"),
                    readValue(d, NfTables.NFTA_CMP_DATA, "cmp data"));
        }
    }

    /**
     * {@code bitwise reg DREG = (reg SREG & MASK) ^ XOR} over LEN bytes (the mask-and-xor form;
     * shifts decode to {@link Raw}).
     */
    record Bitwise(int sreg, int dreg, int len, Bytes mask, Bytes xor) implements Expr {
        public Bitwise {
            Objects.requireNonNull(mask, "mask");
            Objects.requireNonNull(xor, "xor");
        }

        @Override
        public String name() {
            return "bitwise";
        }

        @Override
        public void writeData(MessageBuilder b) {
            // No NFTA_BITWISE_OP: absent means mask-and-xor, and nft leaves it out.
            b.attrBe32(NfTables.NFTA_BITWISE_SREG, sreg).attrBe32(NfTables.NFTA_BITWISE_DREG, dreg)
                    .attrBe32(NfTables.NFTA_BITWISE_LEN, len);
            writeValue(b, NfTables.NFTA_BITWISE_MASK, mask);
            writeValue(b, NfTables.NFTA_BITWISE_XOR, xor);
        }

        static Expr decode(Attributes d) {
            if (be32(d, NfTables.NFTA_BITWISE_OP, "bitwise op", NfTables.NFT_BITWISE_MASK_XOR)
                    != NfTables.NFT_BITWISE_MASK_XOR || !d.has(NfTables.NFTA_BITWISE_MASK)) {
                return null;
            }
            return new Bitwise(be32(d, NfTables.NFTA_BITWISE_SREG, "bitwise sreg"),
                    be32(d, NfTables.NFTA_BITWISE_DREG, "bitwise dreg"), be32(d, NfTables.NFTA_BITWISE_LEN, "bitwise len"),
                    readValue(d, NfTables.NFTA_BITWISE_MASK, "bitwise mask"),
                    readValue(d, NfTables.NFTA_BITWISE_XOR, "bitwise xor"));
        }
    }

    /**
     * {@code meta load KEY => reg DREG}.
     *
     * @param key an NFT_META_* key
     * @param dreg destination register
     */
    record Meta(int key, int dreg) implements Expr {
        @Override
        public String name() {
            return "meta";
        }

        @Override
        public void writeData(MessageBuilder b) {
            b.attrBe32(NfTables.NFTA_META_KEY, key).attrBe32(NfTables.NFTA_META_DREG, dreg);
        }

        static Expr decode(Attributes d) {
            if (!d.has(NfTables.NFTA_META_DREG)) {
                return null; // meta set: not modelled
            }
            return new Meta(be32(d, NfTables.NFTA_META_KEY, "meta key"), be32(d, NfTables.NFTA_META_DREG, "meta dreg"));
        }
    }

    /**
     * {@code ct load KEY => reg DREG} (without a direction).
     *
     * @param key an NFT_CT_* key
     * @param dreg destination register
     */
    record Ct(int key, int dreg) implements Expr {
        @Override
        public String name() {
            return "ct";
        }

        @Override
        public void writeData(MessageBuilder b) {
            b.attrBe32(NfTables.NFTA_CT_KEY, key).attrBe32(NfTables.NFTA_CT_DREG, dreg);
        }

        static Expr decode(Attributes d) {
            if (!d.has(NfTables.NFTA_CT_DREG) || d.has(NfTables.NFTA_CT_DIRECTION)) {
                return null;
            }
            return new Ct(be32(d, NfTables.NFTA_CT_KEY, "ct key"), be32(d, NfTables.NFTA_CT_DREG, "ct dreg"));
        }
    }

    /**
     * {@code immediate reg DREG DATA}: a value into a register, or a verdict (DREG is then
     * NFT_REG_VERDICT). Exactly one of {@code data} and {@code verdict} is set.
     */
    record Immediate(int dreg, Bytes data, Verdict verdict) implements Expr {
        public Immediate {
            if ((data == null) == (verdict == null)) {
                throw new IllegalArgumentException("an immediate holds either data or a verdict");
            }
        }

        /** @return {@code immediate reg DREG DATA} */
        public static Immediate value(int dreg, Bytes data) {
            return new Immediate(dreg, Objects.requireNonNull(data, "data"), null);
        }

        /** @return the verdict statement ({@code accept}, {@code drop}, {@code jump x}, ...) */
        public static Immediate verdict(Verdict verdict) {
            return new Immediate(NfTables.NFT_REG_VERDICT, null, Objects.requireNonNull(verdict, "verdict"));
        }

        @Override
        public String name() {
            return "immediate";
        }

        @Override
        public void writeData(MessageBuilder b) {
            b.attrBe32(NfTables.NFTA_IMMEDIATE_DREG, dreg);
            if (data != null) {
                writeValue(b, NfTables.NFTA_IMMEDIATE_DATA, data);
                return;
            }
            int outer = nest(b, NfTables.NFTA_IMMEDIATE_DATA);
            int inner = nest(b, NfTables.NFTA_DATA_VERDICT);
            b.attrBe32(NfTables.NFTA_VERDICT_CODE, verdict.code());
            if (verdict.chain() != null) {
                b.attrString(NfTables.NFTA_VERDICT_CHAIN, verdict.chain());
            }
            b.endNest(inner).endNest(outer);
        }

        static Expr decode(Attributes d) {
            int dreg = be32(d, NfTables.NFTA_IMMEDIATE_DREG, "immediate dreg");
            Attributes data = d.nested(NfTables.NFTA_IMMEDIATE_DATA);
            if (data.has(NfTables.NFTA_DATA_VERDICT)) {
                Attributes v = data.nested(NfTables.NFTA_DATA_VERDICT);
                return new Immediate(dreg, null, new Verdict(be32(v, NfTables.NFTA_VERDICT_CODE, "verdict code"),
                        v.string(NfTables.NFTA_VERDICT_CHAIN)));
            }
            return new Immediate(dreg, readValue(d, NfTables.NFTA_IMMEDIATE_DATA, "immediate data"), null);
        }
    }

    /**
     * {@code nat snat|dnat FAMILY addr_min reg .. proto_min reg .. flags ..}. A register of 0 is
     * absent; the kernel echoes the max registers equal to the min ones when they were absent.
     *
     * @param type NFT_NAT_SNAT or NFT_NAT_DNAT
     * @param family NFPROTO_IPV4 or NFPROTO_IPV6
     * @param flags NF_NAT_RANGE_* flags, 0 for none (then not sent)
     */
    record Nat(int type, int family, int regAddrMin, int regAddrMax, int regProtoMin, int regProtoMax, int flags)
            implements Expr {
        @Override
        public String name() {
            return "nat";
        }

        @Override
        public void writeData(MessageBuilder b) {
            b.attrBe32(NfTables.NFTA_NAT_TYPE, type).attrBe32(NfTables.NFTA_NAT_FAMILY, family);
            optional(b, NfTables.NFTA_NAT_REG_ADDR_MIN, regAddrMin);
            optional(b, NfTables.NFTA_NAT_REG_ADDR_MAX, regAddrMax);
            optional(b, NfTables.NFTA_NAT_REG_PROTO_MIN, regProtoMin);
            optional(b, NfTables.NFTA_NAT_REG_PROTO_MAX, regProtoMax);
            optional(b, NfTables.NFTA_NAT_FLAGS, flags);
        }

        static Expr decode(Attributes d) {
            return new Nat(be32(d, NfTables.NFTA_NAT_TYPE, "nat type"), be32(d, NfTables.NFTA_NAT_FAMILY, "nat family"),
                    be32(d, NfTables.NFTA_NAT_REG_ADDR_MIN, "nat addr_min", 0),
                    be32(d, NfTables.NFTA_NAT_REG_ADDR_MAX, "nat addr_max", 0),
                    be32(d, NfTables.NFTA_NAT_REG_PROTO_MIN, "nat proto_min", 0),
                    be32(d, NfTables.NFTA_NAT_REG_PROTO_MAX, "nat proto_max", 0),
                    be32(d, NfTables.NFTA_NAT_FLAGS, "nat flags", 0));
        }
    }

    /**
     * {@code masq}, optionally {@code to :PORT[-PORT]} from registers. Zeros are absent.
     *
     * @param flags NF_NAT_RANGE_* flags
     */
    record Masq(int flags, int regProtoMin, int regProtoMax) implements Expr {
        /** Plain {@code masquerade}. */
        public Masq() {
            this(0, 0, 0);
        }

        @Override
        public String name() {
            return "masq";
        }

        @Override
        public void writeData(MessageBuilder b) {
            optional(b, NfTables.NFTA_MASQ_FLAGS, flags);
            optional(b, NfTables.NFTA_MASQ_REG_PROTO_MIN, regProtoMin);
            optional(b, NfTables.NFTA_MASQ_REG_PROTO_MAX, regProtoMax);
        }

        static Expr decode(Attributes d) {
            return new Masq(be32(d, NfTables.NFTA_MASQ_FLAGS, "masq flags", 0),
                    be32(d, NfTables.NFTA_MASQ_REG_PROTO_MIN, "masq proto_min", 0),
                    be32(d, NfTables.NFTA_MASQ_REG_PROTO_MAX, "masq proto_max", 0));
        }
    }

    /**
     * {@code numgen reg DREG = TYPE mod MODULUS offset OFFSET}: the host-order number
     * {@code nft}'s {@code numgen random mod 100 < 20} (a probability) starts from.
     *
     * @param type NFT_NG_RANDOM or NFT_NG_INCREMENTAL
     */
    record Numgen(int dreg, int modulus, int type, int offset) implements Expr {
        @Override
        public String name() {
            return "numgen";
        }

        @Override
        public void writeData(MessageBuilder b) {
            b.attrBe32(NfTables.NFTA_NG_DREG, dreg).attrBe32(NfTables.NFTA_NG_MODULUS, modulus)
                    .attrBe32(NfTables.NFTA_NG_TYPE, type).attrBe32(NfTables.NFTA_NG_OFFSET, offset);
        }

        static Expr decode(Attributes d) {
            return new Numgen(be32(d, NfTables.NFTA_NG_DREG, "numgen dreg"),
                    be32(d, NfTables.NFTA_NG_MODULUS, "numgen modulus"), be32(d, NfTables.NFTA_NG_TYPE, "numgen type"),
                    be32(d, NfTables.NFTA_NG_OFFSET, "numgen offset", 0));
        }
    }

    /**
     * {@code byteorder reg DREG = OP(reg SREG, SIZE, LEN)}: nft converts host-order numbers (numgen,
     * meta) to network order before comparing them with big-endian constants.
     *
     * @param op NFT_BYTEORDER_NTOH or NFT_BYTEORDER_HTON
     * @param len bytes converted
     * @param size width of each converted word: 2, 4 or 8
     */
    record Byteorder(int sreg, int dreg, int op, int len, int size) implements Expr {
        @Override
        public String name() {
            return "byteorder";
        }

        @Override
        public void writeData(MessageBuilder b) {
            b.attrBe32(NfTables.NFTA_BYTEORDER_SREG, sreg).attrBe32(NfTables.NFTA_BYTEORDER_DREG, dreg)
                    .attrBe32(NfTables.NFTA_BYTEORDER_OP, op).attrBe32(NfTables.NFTA_BYTEORDER_LEN, len)
                    .attrBe32(NfTables.NFTA_BYTEORDER_SIZE, size);
        }

        static Expr decode(Attributes d) {
            return new Byteorder(be32(d, NfTables.NFTA_BYTEORDER_SREG, "byteorder sreg"),
                    be32(d, NfTables.NFTA_BYTEORDER_DREG, "byteorder dreg"),
                    be32(d, NfTables.NFTA_BYTEORDER_OP, "byteorder op"), be32(d, NfTables.NFTA_BYTEORDER_LEN, "byteorder len"),
                    be32(d, NfTables.NFTA_BYTEORDER_SIZE, "byteorder size"));
        }
    }

    /**
     * {@code counter}. Requests leave the numbers out (they start at 0); dumps carry them.
     */
    record Counter(long bytes, long packets) implements Expr {
        /** A new counter. */
        public Counter() {
            this(0, 0);
        }

        @Override
        public String name() {
            return "counter";
        }

        @Override
        public void writeData(MessageBuilder b) {
            if (bytes != 0 || packets != 0) {
                b.attrBe64(NfTables.NFTA_COUNTER_BYTES, bytes).attrBe64(NfTables.NFTA_COUNTER_PACKETS, packets);
            }
        }

        static Expr decode(Attributes d) {
            return new Counter(be64(d, NfTables.NFTA_COUNTER_BYTES, "counter bytes", 0),
                    be64(d, NfTables.NFTA_COUNTER_PACKETS, "counter packets", 0));
        }
    }

    /**
     * {@code reject}: an ICMP error ({@code type} NFT_REJECT_ICMP_UNREACH with an ICMP code,
     * NFT_REJECT_ICMPX_UNREACH with an NFT_REJECT_ICMPX_* code) or a TCP reset (NFT_REJECT_TCP_RST,
     * code 0).
     */
    record Reject(int type, int icmpCode) implements Expr {
        @Override
        public String name() {
            return "reject";
        }

        @Override
        public void writeData(MessageBuilder b) {
            b.attrBe32(NfTables.NFTA_REJECT_TYPE, type).attrU8(NfTables.NFTA_REJECT_ICMP_CODE, icmpCode);
        }

        static Expr decode(Attributes d) {
            return new Reject(be32(d, NfTables.NFTA_REJECT_TYPE, "reject type"),
                    u8(d, NfTables.NFTA_REJECT_ICMP_CODE, "reject icmp code", 0));
        }
    }

    /**
     * An xtables target run by nf_tables through the compat layer ({@code target} expression), as
     * {@code iptables-nft} installs it: the target's name, revision and its info struct, already
     * padded to XT_ALIGN (the kernel rejects any other length).
     *
     * @param targetName the xtables target, for example {@code "NFQUEUE"}
     * @param rev the target's revision
     * @param info the target's info struct in host byte order, XT_ALIGN-padded
     */
    record XtTarget(String targetName, int rev, Bytes info) implements Expr {
        /** The NFQUEUE revision {@link #nfqueue} encodes: the one with a flags field (bypass, fanout). */
        public static final int NFQUEUE_REV = 3;

        public XtTarget {
            Objects.requireNonNull(targetName, "targetName");
            Objects.requireNonNull(info, "info");
        }

        /**
         * {@code NFQUEUE --queue-num Q [--queue-balance Q:Q+total-1] [--queue-bypass]}: struct
         * xt_NFQ_info_v3 (three host-order u16: queuenum, queues_total, flags) padded to 8 bytes.
         *
         * @param queueNum the first queue, 0..65535
         * @param queuesTotal how many queues from {@code queueNum} share the traffic, at least 1
         * @param flags NFQ_FLAG_BYPASS (accept when no program listens) and/or NFQ_FLAG_CPU_FANOUT
         */
        public static XtTarget nfqueue(int queueNum, int queuesTotal, int flags) {
            if (queueNum < 0 || queueNum > 0xffff || queuesTotal < 1 || queueNum + queuesTotal - 1 > 0xffff) {
                throw new IllegalArgumentException("queues " + queueNum + " + " + queuesTotal + " out of 0..65535");
            }
            if ((flags & ~XtNfqueue.NFQ_FLAG_MASK) != 0) {
                throw new IllegalArgumentException("unknown NFQUEUE flags " + flags);
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(XtNfqueue.INFO_V3_ALIGNED_LEN)
                    .order(java.nio.ByteOrder.nativeOrder());
            b.putShort(0, (short) queueNum).putShort(2, (short) queuesTotal)
                    .putShort(XtNfqueue.INFO_V3_FLAGS_OFFSET, (short) flags);
            return new XtTarget("NFQUEUE", NFQUEUE_REV, Bytes.of(b.array()));
        }

        @Override
        public String name() {
            return "target";
        }

        @Override
        public void writeData(MessageBuilder b) {
            b.attrString(NfTablesCompat.NFTA_TARGET_NAME, targetName).attrBe32(NfTablesCompat.NFTA_TARGET_REV, rev)
                    .attr(NfTablesCompat.NFTA_TARGET_INFO, info.unsafeArray());
        }

        static Expr decode(Attributes d) {
            Bytes info = NftAttributes.bytes(d, NfTablesCompat.NFTA_TARGET_INFO);
            return new XtTarget(NftAttributes.string(d, NfTablesCompat.NFTA_TARGET_NAME, "target name"),
                    be32(d, NfTablesCompat.NFTA_TARGET_REV, "target rev"), info == null ? Bytes.empty() : info);
        }
    }

    /**
     * {@code dup to <reg SREG_ADDR> [device <reg SREG_DEV>]}: the kernel sends a copy of the packet
     * to the address (and out of the interface, by ifindex) held in the registers, and the original
     * goes on. The registers are loaded by {@link Immediate}s before it; a register of 0 is absent.
     */
    record Dup(int sregAddr, int sregDev) implements Expr {
        @Override
        public String name() {
            return "dup";
        }

        @Override
        public void writeData(MessageBuilder b) {
            optional(b, NfTablesDup.NFTA_DUP_SREG_ADDR, sregAddr);
            optional(b, NfTablesDup.NFTA_DUP_SREG_DEV, sregDev);
        }

        static Expr decode(Attributes d) {
            return new Dup(be32(d, NfTablesDup.NFTA_DUP_SREG_ADDR, "dup sreg_addr", 0),
                    be32(d, NfTablesDup.NFTA_DUP_SREG_DEV, "dup sreg_dev", 0));
        }
    }

    /**
     * {@code fib}: looks the packet up in the routing table and puts a property of the result in a
     * register, for example {@code fib daddr type} (NFT_FIB_RESULT_ADDRTYPE with NFTA_FIB_F_DADDR,
     * an RTN_* value in host byte order), which tells whether a packet is for a local address.
     *
     * @param dreg the destination register
     * @param result an NFT_FIB_RESULT_* value
     * @param flags NFTA_FIB_F_* flags
     */
    record Fib(int dreg, int result, int flags) implements Expr {
        @Override
        public String name() {
            return "fib";
        }

        @Override
        public void writeData(MessageBuilder b) {
            b.attrBe32(NfTables.NFTA_FIB_DREG, dreg).attrBe32(NfTables.NFTA_FIB_RESULT, result)
                    .attrBe32(NfTables.NFTA_FIB_FLAGS, flags);
        }

        static Expr decode(Attributes d) {
            return new Fib(be32(d, NfTables.NFTA_FIB_DREG, "fib dreg"), be32(d, NfTables.NFTA_FIB_RESULT, "fib result"),
                    be32(d, NfTables.NFTA_FIB_FLAGS, "fib flags"));
        }
    }

    /**
     * An expression the model does not cover, kept as its name and the raw NFTA_EXPR_DATA payload
     * so that a rule read back can be written back unchanged.
     */
    record Raw(String name, Bytes data) implements Expr {
        public Raw {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public void writeData(MessageBuilder b) {
            b.raw(data.unsafeArray());
        }
    }

    private static void optional(MessageBuilder b, int type, int value) {
        if (value != 0) {
            b.attrBe32(type, value);
        }
    }

    /** {@code type { NFTA_DATA_VALUE bytes }}, both nests flagged. */
    private static void writeValue(MessageBuilder b, int type, Bytes value) {
        int start = nest(b, type);
        b.attr(NfTables.NFTA_DATA_VALUE, value.unsafeArray()).endNest(start);
    }

    private static Bytes readValue(Attributes d, int type, String what) {
        if (!d.has(type)) {
            throw new MalformedReplyException(what + " is missing");
        }
        Bytes v = NftAttributes.bytes(d.nested(type), NfTables.NFTA_DATA_VALUE);
        if (v == null) {
            throw new MalformedReplyException(what + " has no NFTA_DATA_VALUE");
        }
        return v;
    }
}
