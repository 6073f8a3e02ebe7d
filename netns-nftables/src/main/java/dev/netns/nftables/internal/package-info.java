/**
 * The nf_tables packet-filter backend: {@link dev.netns.nftables.internal.NftProvider} (found by
 * the service loader), the per-namespace state and socket ({@code NamespaceRules},
 * {@code NftConnection}), and the rendering of NAT and filter rules into nf_tables expressions
 * ({@code NftRenderer}). Not API.
 */
package dev.netns.nftables.internal;
