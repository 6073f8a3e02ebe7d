package dev.netns.iptables.internal;

import java.nio.file.Path;

/**
 * One iptables implementation: {@code nft} (nf_tables) or {@code legacy} (x_tables).
 *
 * @param name {@code nft} or {@code legacy}
 * @param restore its iptables-restore
 * @param save its iptables-save
 */
record Variant(String name, Path restore, Path save) {
}
