/**
 * The iptables NAT backend: {@link dev.netns.NatRule}s rendered as {@code iptables-restore}
 * input (pure, in {@code RuleRenderer}) and applied by running {@code iptables-restore} inside the
 * target namespace. Not API: reach it through {@link dev.netns.NetNamespace#nat()}.
 */
package dev.netns.iptables.internal;
