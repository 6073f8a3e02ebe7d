package dev.netns;

import java.time.Duration;
import java.util.List;

/**
 * A handle to a network interface, by namespace and interface index. Methods that change the link
 * return the handle, so calls chain like an {@code ip link set} line:
 *
 * <pre>{@code
 * red.link("veth-red").setMtu(1400).addAddress("192.168.15.1/24").up();
 * }</pre>
 *
 * <p>The handle follows the link through renames. After {@link #moveTo} it is stale: use the
 * returned handle.
 *
 * @since 0.1
 */
public interface Link {

    /** @return the namespace the link is in */
    NetNamespace namespace();

    /** @return the interface index */
    int index();

    /** @return the link's current name, read from the kernel */
    String name();

    /** @return a fresh snapshot of the link's state */
    LinkInfo info();

    /** Sets the link administratively up ({@code ip link set NAME up}). */
    Link up();

    /**
     * Waits until the kernel reports the link operationally up: operstate UP, or UNKNOWN on a link
     * that has never had a carrier event (loopback, dummy), for which UNKNOWN is final. The kernel
     * finishes bringing a link up asynchronously, up to a second after {@link #up()}; until then a
     * veth reads UNKNOWN and drops what it is given, so the first packet of a fresh topology can
     * be lost. Both ends of a veth pair are waited for separately:
     *
     * <pre>{@code
     * cable.local().awaitOperational(Duration.ofSeconds(2));
     * cable.peer().awaitOperational(Duration.ofSeconds(2));
     * }</pre>
     *
     * @return this link
     * @throws NetnsException if it is not up within {@code timeout}, with its last state
     */
    Link awaitOperational(Duration timeout);

    /** Sets the link administratively down. */
    Link down();

    /** Sets the MTU ({@code ip link set NAME mtu N}). @throws InvalidInputException outside 68..65535 */
    Link setMtu(int mtu);

    /** Sets the hardware address. @throws InvalidInputException for a multicast address */
    Link setMac(MacAddress mac);

    /** Renames the link; the kernel needs it down for that. */
    Link rename(String newName);

    /**
     * Moves the link to {@code target} ({@code ip link set NAME netns TARGET}).
     *
     * @return a handle to the link in its new namespace; this handle is stale afterwards
     */
    Link moveTo(NetNamespace target);

    /** Attaches the link to a bridge in the same namespace ({@code ip link set NAME master BRIDGE}). */
    Link attachTo(Bridge bridge);

    /** Detaches the link from its bridge ({@code ip link set NAME nomaster}). */
    Link detach();

    /** Adds an address ({@code ip addr add PREFIX dev NAME}). */
    Link addAddress(IpPrefix prefix);

    /** {@link #addAddress(IpPrefix)} from text such as {@code "192.168.15.1/24"}. */
    default Link addAddress(String prefix) {
        return addAddress(IpPrefix.parse(prefix));
    }

    /** Removes an address. @throws NotFoundException if the link does not have it */
    Link deleteAddress(IpPrefix prefix);

    /** @return the link's addresses, IPv4 and IPv6 */
    List<LinkAddress> addresses();

    /**
     * Reads the link's counters now ({@code ip -s link show NAME}).
     *
     * <pre>{@code
     * LinkStatistics before = link.statistics();
     * ...
     * assertThat(link.statistics().minus(before).packets()).isZero();
     * }</pre>
     *
     * @throws NotFoundException if the link is gone
     * @since 0.1
     */
    LinkStatistics statistics();

    /** Deletes the link (for a veth, both ends go). */
    void delete();

    /**
     * Impairs what this link end sends: delay, jitter, loss, duplicates, corruption, reordering,
     * rate (see {@link Impairment} for how and where). Impair both ends of a veth for both
     * directions.
     *
     * <pre>{@code
     * try (ImpairmentHandle h = cable.local().impair(Impairment.builder().rate(1_000_000).build())) {
     *     ...   // red sends at 1 Mbit/s at most
     * }
     * }</pre>
     *
     * @return the handle whose {@code close()} removes it; closing the link's namespace removes it too
     * @throws AlreadyExistsException if the link already has an impairment or a root queueing
     *     discipline of someone else's
     * @throws NotSupportedException if the kernel lacks what the impairment needs (the message
     *     names the module)
     * @throws BackendNotFoundException if the kernel has no netem and no userspace emulation
     *     ({@code dev.netns:netns-nftables}) is on the class path
     * @since 0.1
     */
    ImpairmentHandle impair(Impairment impairment);
}
