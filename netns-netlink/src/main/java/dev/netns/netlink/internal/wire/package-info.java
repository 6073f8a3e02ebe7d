/**
 * The rtnetlink wire format in pure Java: message building, parsing, attributes, errors with
 * extended ack, and the constants of the kernel headers they come from. No JNA, no system calls,
 * unit-tested without root. Not API.
 */
package dev.netns.netlink.internal.wire;
