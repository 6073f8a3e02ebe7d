/**
 * The netns public API: {@link dev.netns.NetworkStack}, {@link dev.netns.NetNamespace},
 * {@link dev.netns.Link} and the value types and exceptions around them. Code against this
 * package only; the backend ({@code netns-netlink}) is found at run time.
 */
package dev.netns;
