package dev.netns.netlink.internal;

import java.util.Map;
import java.util.Set;

/**
 * Names the public operation a caller was in, for messages raised deep inside the backend
 * ("NetNamespace.createVeth", "Link.up"). Only used on failure paths, where walking the stack
 * costs nothing that matters, and it keeps every call site from spelling its own name.
 */
final class ApiOperation {
    private static final Map<String, String> API_NAMES = Map.of(
            NetlinkNamespace.class.getName(), "NetNamespace",
            NetlinkLink.class.getName(), "Link",
            NetlinkBridge.class.getName(), "Bridge",
            NetlinkStack.class.getName(), "NetworkStack",
            // The factories' sockets reach the namespace through its inside(..): name the factory
            // method the caller used ("SocketFactory.createSocket"), not that internal step.
            NamespaceSockets.class.getName() + "$InsideSocketFactory", "SocketFactory",
            NamespaceSockets.class.getName() + "$InsideServerSocketFactory", "ServerSocketFactory");
    private static final Set<String> HELPERS = Set.of("checkOpen", "current", "lambda$", "onWorker", "inside");

    private ApiOperation() {
    }

    /** @return the outermost backend method on this thread's stack, as {@code Interface.method} */
    static String current() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> API_NAMES.containsKey(f.getClassName()))
                .filter(f -> HELPERS.stream().noneMatch(h -> f.getMethodName().startsWith(h)))
                .reduce((inner, outer) -> outer)
                .map(f -> API_NAMES.get(f.getClassName()) + "." + f.getMethodName())
                .orElse("an operation"));
    }
}
