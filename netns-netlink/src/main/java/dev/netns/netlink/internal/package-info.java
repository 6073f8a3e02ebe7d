/**
 * The netlink backend of {@link dev.netns.NetworkStack}: namespaces, links, addresses, routes,
 * sysctls, processes and ICMP. Not API: found through {@link dev.netns.spi.NetworkStackProvider},
 * may change without notice. The threads that enter namespaces are {@code Anchor} and
 * {@code NamespaceWorker}; nothing else calls {@code setns} or {@code unshare}.
 */
package dev.netns.netlink.internal;
