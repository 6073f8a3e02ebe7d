package dev.netns;

/**
 * The state of a neighbour table entry (the kernel's NUD_* states), as {@code ip neigh} prints it.
 *
 * @since 0.1
 */
public enum NeighbourState {
    /** No state (NUD_NONE). */
    NONE,
    /** Address resolution is under way (NUD_INCOMPLETE). */
    INCOMPLETE,
    /** Confirmed reachable recently (NUD_REACHABLE). */
    REACHABLE,
    /** Valid but unconfirmed (NUD_STALE). */
    STALE,
    /** Waiting before probing (NUD_DELAY). */
    DELAY,
    /** Being probed (NUD_PROBE). */
    PROBE,
    /** Resolution failed (NUD_FAILED). */
    FAILED,
    /** The link needs no resolution (NUD_NOARP). */
    NOARP,
    /** Configured by hand, never expires (NUD_PERMANENT). */
    PERMANENT
}
