package dev.netns;

import dev.netns.internal.Validation;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One next hop of a multipath route ({@code nexthop via GATEWAY dev DEVICE weight WEIGHT}).
 * Immutable; {@link #dev} and {@link #weight} return copies.
 *
 * <pre>{@code
 * red.addRoute(Route.multipath("10.50.0.0/16",
 *         NextHop.via("10.9.0.254"), NextHop.via("10.8.0.254").weight(2)));
 * }</pre>
 *
 * @since 0.1
 */
public final class NextHop {
    private final InetAddress gateway;
    private final String device;
    private final int weight;

    private NextHop(InetAddress gateway, String device, int weight) {
        if (gateway == null && device == null) {
            throw new InvalidInputException("a next hop needs a gateway or a device");
        }
        if (device != null) {
            Validation.interfaceName(device);
        }
        if (weight < 1 || weight > 256) {
            throw new InvalidInputException("next hop weight " + weight + " is out of range 1..256");
        }
        this.gateway = gateway;
        this.device = device;
        this.weight = weight;
    }

    /** @return a hop via {@code gateway}, weight 1 */
    public static NextHop via(String gateway) {
        return via(IpPrefix.parseAddress(gateway));
    }

    /** @return a hop via {@code gateway}, weight 1 */
    public static NextHop via(InetAddress gateway) {
        Validation.notNull("next hop gateway", gateway);
        return new NextHop(gateway, null, 1);
    }

    /** @return a hop straight out of device {@code name}, weight 1 */
    public static NextHop device(String name) {
        Validation.notNull("next hop device", name);
        return new NextHop(null, name, 1);
    }

    /** @return a copy that leaves through {@code name} */
    public NextHop dev(String name) {
        return new NextHop(gateway, name, weight);
    }

    /** @return a copy with another weight, 1 to 256 */
    public NextHop weight(int value) {
        return new NextHop(gateway, device, value);
    }

    /** @return the gateway, or {@code null} */
    public InetAddress gateway() {
        return gateway;
    }

    /** @return the device name, or {@code null} */
    public String device() {
        return device;
    }

    /** @return the weight, 1 to 256 */
    public int weight() {
        return weight;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NextHop h && Objects.equals(gateway, h.gateway) && Objects.equals(device, h.device)
                && weight == h.weight;
    }

    @Override
    public int hashCode() {
        return Objects.hash(gateway, device, weight);
    }

    /** @return the hop as {@code ip route} prints it */
    @Override
    public String toString() {
        return "nexthop" + (gateway != null ? " via " + IpPrefix.hostString(gateway) : "")
                + (device != null ? " dev " + device : "") + " weight " + weight;
    }
}
