package dev.netns.fuzz;

/**
 * A decoder threw something other than its documented typed error, or stopped making progress:
 * a bug, with what is needed to reproduce it.
 */
public final class UntypedErrorFound extends AssertionError {
    private static final long serialVersionUID = 1L;

    UntypedErrorFound(String decoder, long seed, long index, byte[] input, String what, Throwable cause) {
        super("decoder " + decoder + ", seed 0x" + Long.toHexString(seed) + ", input " + index + ": " + what
                + "\n  input (hex): " + java.util.HexFormat.of().formatHex(input), cause);
    }
}
