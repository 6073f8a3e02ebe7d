package dev.netns.netlink.internal;

import dev.netns.Bridge;
import dev.netns.LinkInfo;
import java.util.List;

/** A bridge handle. */
final class NetlinkBridge extends NetlinkLink implements Bridge {
    NetlinkBridge(NetlinkNamespace ns, int index, String name) {
        super(ns, index, name);
    }

    @Override
    public List<LinkInfo> ports() {
        return ns.links().stream().filter(l -> l.masterIndex() == index).toList();
    }
}
