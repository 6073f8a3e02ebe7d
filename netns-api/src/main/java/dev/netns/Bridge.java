package dev.netns;

import java.util.List;

/**
 * A Linux bridge: a virtual switch. Links attached to it ({@link Link#attachTo}) are its ports.
 *
 * <pre>{@code
 * Bridge sw = host.createBridge("v-net-0").addAddress("192.168.15.5/24").up();  // returns Link
 * }</pre>
 *
 * @since 0.1
 */
public interface Bridge extends Link {

    /** @return snapshots of the links attached to this bridge */
    List<LinkInfo> ports();
}
