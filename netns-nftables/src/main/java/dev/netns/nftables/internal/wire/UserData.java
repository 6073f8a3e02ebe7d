package dev.netns.nftables.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The user data nf_tables stores opaquely with tables, chains and rules, in the TLV layout of
 * libnftnl (type byte, length byte, value) that {@code nft} reads: a comment written here is what
 * {@code nft list ruleset} shows as {@code comment "..."}, which is where the SDK marks its rules.
 */
public final class UserData {
    /** NFTNL_UDATA_RULE_COMMENT, also NFTNL_UDATA_TABLE_COMMENT and NFTNL_UDATA_CHAIN_COMMENT. */
    static final int COMMENT = 0;
    /** NFTNL_UDATA_COMMENT_MAXLEN: nft refuses longer comments, so it could not show ours. */
    static final int MAX_COMMENT = 128;

    private UserData() {
    }

    /**
     * @return user data holding just this comment, NUL-terminated as nft writes it
     * @throws IllegalArgumentException for a comment longer than nft's 128 bytes, or one that holds
     *         a NUL
     */
    public static Bytes comment(String comment) {
        byte[] s = comment.getBytes(StandardCharsets.UTF_8);
        if (s.length > MAX_COMMENT || comment.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("comment \"" + comment + "\" must be at most " + MAX_COMMENT
                    + " bytes without NUL, has " + s.length);
        }
        byte[] out = new byte[2 + s.length + 1];
        out[0] = COMMENT;
        out[1] = (byte) (s.length + 1);
        System.arraycopy(s, 0, out, 2, s.length);
        return Bytes.of(out);
    }

    /**
     * @param userData a table's, chain's or rule's user data, or {@code null}
     * @return its comment, or {@code null} if it has none or is not in libnftnl's layout (user data
     *         belongs to whoever wrote the rule, so odd bytes are not an error)
     */
    public static String commentOf(Bytes userData) {
        if (userData == null) {
            return null;
        }
        byte[] b = userData.unsafeArray();
        int pos = 0;
        while (pos + 2 <= b.length) {
            int type = b[pos] & 0xff;
            int len = b[pos + 1] & 0xff;
            if (pos + 2 + len > b.length) {
                return null;
            }
            if (type == COMMENT) {
                byte[] v = Arrays.copyOfRange(b, pos + 2, pos + 2 + len);
                int n = 0;
                while (n < v.length && v[n] != 0) {
                    n++;
                }
                return new String(v, 0, n, StandardCharsets.UTF_8);
            }
            pos += 2 + len;
        }
        return null;
    }
}
