/**
 * The JNA binding to the few libc functions the backend needs. Not API: calling {@code setns} or
 * {@code unshare} from a caller's thread would break the SDK's threading rules (see the README).
 */
package dev.netns.netlink.internal.libc;
