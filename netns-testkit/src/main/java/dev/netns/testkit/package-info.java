/**
 * The netns JUnit 5 testkit: every test gets its own isolated network in a few milliseconds.
 *
 * <ul>
 *   <li>{@link dev.netns.testkit.Topology} (with {@link dev.netns.testkit.HostSpec},
 *       {@link dev.netns.testkit.BridgeSpec}, {@link dev.netns.testkit.LinkSpec},
 *       {@link dev.netns.testkit.NatSpec}) describes a network; {@code Topology.build(stack)} makes a
 *       {@link dev.netns.testkit.Network} without JUnit.</li>
 *   <li>{@link dev.netns.testkit.NetnsTest} + {@link dev.netns.testkit.NetworkTopology} build one per
 *       test (or per class) and inject {@link dev.netns.testkit.Host @Host},
 *       {@link dev.netns.testkit.NetLink @NetLink} and the {@code Network}.</li>
 *   <li>{@link dev.netns.testkit.NetAssertions} and {@link dev.netns.testkit.Probes}: ping, TCP, UDP,
 *       HTTP from inside a namespace; {@link dev.netns.testkit.Fault}s: link down, partitions,
 *       packet loss, delay.</li>
 * </ul>
 *
 * <p>Classes without {@code public} are internals.
 */
package dev.netns.testkit;
