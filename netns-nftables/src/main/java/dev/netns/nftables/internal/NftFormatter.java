package dev.netns.nftables.internal;

import dev.netns.IpPrefix;
import dev.netns.nftables.internal.wire.Bytes;
import dev.netns.nftables.internal.wire.Expr;
import dev.netns.nftables.internal.wire.NfTables;
import dev.netns.nftables.internal.wire.Netfilter;
import dev.netns.nftables.internal.wire.NftRule;
import dev.netns.nftables.internal.wire.UserData;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Prints rules read back from the kernel in a compact, nft-like text, for the failure report. It
 * knows the expression sequences {@link NftRenderer} writes; anything else is printed by the
 * expressions' names, so a rule is always shown, if less readably.
 */
final class NftFormatter {
    private NftFormatter() {
    }

    /** @return for example {@code postrouting: ip saddr 192.168.15.0/24 masquerade # netns:1a2b} */
    static String format(NftRule rule) {
        StringBuilder sb = new StringBuilder(rule.chain()).append(':');
        List<Expr> e = rule.expressions();
        for (int i = 0; i < e.size(); i++) {
            Expr x = e.get(i);
            Expr next = i + 1 < e.size() ? e.get(i + 1) : null;
            Expr after = i + 2 < e.size() ? e.get(i + 2) : null;
            if (x instanceof Expr.Meta m && next instanceof Expr.Cmp c) {
                sb.append(' ').append(meta(m.key(), c));
                i++;
            } else if (x instanceof Expr.Payload p && p.base() == NfTables.NFT_PAYLOAD_NETWORK_HEADER) {
                int prefix = p.len() * 8;
                Expr.Cmp c;
                if (next instanceof Expr.Bitwise b && after instanceof Expr.Cmp c2) {
                    prefix = ones(b.mask().toArray());
                    c = c2;
                    i += 2;
                } else if (next instanceof Expr.Cmp c2) {
                    c = c2;
                    i++;
                } else {
                    sb.append(" payload");
                    continue;
                }
                boolean source = p.offset() == 12 || p.offset() == 8;
                sb.append(p.len() == 4 ? " ip " : " ip6 ").append(source ? "saddr " : "daddr ")
                        .append(c.op() == NfTables.NFT_CMP_NEQ ? "!= " : "").append(address(c.data(), prefix));
            } else if (x instanceof Expr.Payload p && p.base() == NfTables.NFT_PAYLOAD_TRANSPORT_HEADER
                    && p.offset() == 13 && next instanceof Expr.Bitwise && after instanceof Expr.Cmp) {
                sb.append(" tcp flags syn / fin,syn,rst,ack"); // the only flags test the SDK writes
                i += 2;
            } else if (x instanceof Expr.Payload p && p.base() == NfTables.NFT_PAYLOAD_TRANSPORT_HEADER) {
                sb.append(" dport");
                while (i + 1 < e.size() && e.get(i + 1) instanceof Expr.Cmp c) {
                    sb.append(' ').append(op(c.op())).append(unsigned(c.data().toArray()));
                    i++;
                }
            } else if (x instanceof Expr.Fib) {
                sb.append(" fib daddr type local");
                i += next instanceof Expr.Cmp ? 1 : 0;
            } else if (x instanceof Expr.Ct ct && next instanceof Expr.Bitwise && after instanceof Expr.Cmp) {
                sb.append(ct.key() == NfTables.NFT_CT_STATE ? " ct state new" : " ct status dnat");
                i += 2;
            } else if (x instanceof Expr.Numgen n) {
                sb.append(" numgen random mod ").append(n.modulus());
                while (i + 1 < e.size() && (e.get(i + 1) instanceof Expr.Byteorder || e.get(i + 1) instanceof Expr.Cmp)) {
                    if (e.get(i + 1) instanceof Expr.Cmp c) {
                        sb.append(' ').append(op(c.op())).append(unsigned(c.data().toArray()));
                    }
                    i++;
                }
            } else if (x instanceof Expr.Immediate imm && imm.verdict() != null) {
                sb.append(' ').append(imm.verdict().code() == Netfilter.NF_DROP ? "drop"
                        : imm.verdict().code() == Netfilter.NF_ACCEPT ? "accept" : "verdict " + imm.verdict().code());
            } else if (x instanceof Expr.Immediate imm) {
                int len = imm.data().length();
                sb.append(len == 2 ? " port " + unsigned(imm.data().toArray()) : " to " + address(imm.data(), len * 8));
            } else if (x instanceof Expr.Nat n) {
                sb.append(n.type() == NfTables.NFT_NAT_DNAT ? " dnat" : " snat");
            } else if (x instanceof Expr.Masq) {
                sb.append(" masquerade");
            } else if (x instanceof Expr.Reject r) {
                sb.append(r.type() == NfTables.NFT_REJECT_TCP_RST ? " reject with tcp reset" : " reject");
            } else {
                sb.append(' ').append(x.name());
            }
        }
        String comment = UserData.commentOf(rule.userData());
        return comment == null ? sb.toString() : sb.append(" # ").append(comment).toString();
    }

    private static String meta(int key, Expr.Cmp c) {
        byte[] d = c.data().toArray();
        return switch (key) {
            case NfTables.NFT_META_NFPROTO -> "meta nfproto " + (d[0] == Netfilter.NFPROTO_IPV6 ? "ipv6" : "ipv4");
            case NfTables.NFT_META_L4PROTO -> "meta l4proto " + switch (d[0]) {
                case NftRenderer.TCP -> "tcp";
                case NftRenderer.UDP -> "udp";
                case NftRenderer.ICMP -> "icmp";
                case NftRenderer.ICMPV6 -> "ipv6-icmp";
                default -> Integer.toString(d[0] & 0xff);
            };
            case NfTables.NFT_META_IIFNAME -> "iifname \"" + cString(d) + "\"";
            case NfTables.NFT_META_OIFNAME -> "oifname \"" + cString(d) + "\"";
            default -> "meta " + key;
        };
    }

    private static String op(int op) {
        return switch (op) {
            case NfTables.NFT_CMP_EQ -> "";
            case NfTables.NFT_CMP_NEQ -> "!= ";
            case NfTables.NFT_CMP_LT -> "< ";
            case NfTables.NFT_CMP_LTE -> "<= ";
            case NfTables.NFT_CMP_GT -> "> ";
            default -> ">= ";
        };
    }

    private static long unsigned(byte[] b) {
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xff);
        }
        return v;
    }

    private static String cString(byte[] d) {
        int n = 0;
        while (n < d.length && d[n] != 0) {
            n++;
        }
        return new String(d, 0, n, StandardCharsets.UTF_8);
    }

    private static int ones(byte[] mask) {
        return countBits(mask);
    }

    private static int countBits(byte[] mask) {
        int n = 0;
        for (byte b : mask) {
            n += Integer.bitCount(b & 0xff);
        }
        return n;
    }

    private static String address(Bytes data, int prefix) {
        try {
            InetAddress a = InetAddress.getByAddress(data.toArray());
            return prefix == data.length() * 8 ? IpPrefix.hostString(a) : IpPrefix.hostString(a) + "/" + prefix;
        } catch (UnknownHostException e) {
            return data.toString();
        }
    }
}
