/**
 * Fuzzing of the SDK's wire decoders, shared by the backends' tests and {@code scripts/fuzz}: one
 * mutation engine ({@link dev.netns.fuzz.Mutator}), one runner that tells typed errors from bugs
 * ({@link dev.netns.fuzz.WireFuzz}), and the decoders each backend's tests register
 * ({@link dev.netns.fuzz.FuzzTargets}). Test support only: no SDK module depends on it at run time.
 */
package dev.netns.fuzz;
