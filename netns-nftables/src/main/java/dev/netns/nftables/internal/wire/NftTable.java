package dev.netns.nftables.internal.wire;

/**
 * A table as a dump reports it.
 *
 * @param family its NFPROTO_* family
 * @param handle the kernel's handle
 * @param flags NFT_TABLE_F_* flags
 * @param use how many chains (and sets, objects) it holds
 * @param owner the netlink port id that owns it (NFT_TABLE_F_OWNER), or {@code null}
 * @param userData its user data, or {@code null}
 */
public record NftTable(int family, String name, long handle, int flags, int use, Integer owner, Bytes userData) {
}
