package dev.netns.fuzz;

import java.util.List;

/**
 * The decoders of one module, registered in its tests' {@code META-INF/services} so that
 * {@code scripts/fuzz} finds every module's decoders on one class path.
 */
public interface FuzzTargets {
    /** @return the module's decoders, each with its seeds */
    List<Decoder> decoders();
}
