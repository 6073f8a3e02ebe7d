package dev.netns.netlink.internal;

import dev.netns.NetworkStack;
import dev.netns.spi.NetworkStackProvider;

/** Registers the netlink backend with {@link NetworkStack#open()}. */
public final class NetlinkStackProvider implements NetworkStackProvider {
    @Override
    public int priority() {
        return 100;
    }

    @Override
    public NetworkStack open() {
        return new NetlinkStack();
    }
}
