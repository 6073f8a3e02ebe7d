package dev.netns;

import dev.netns.internal.Validation;
import java.util.Optional;

/**
 * A veth pair for {@link NetNamespace#createVeth(VethRequest)}: the names of its ends, where the
 * peer is born, and whether the pair comes ready to use: both ends up, the first one already a port
 * of a bridge. The pair, its first end's state and its bridge are one request to the kernel, which
 * makes all of it or nothing; setting the peer up is a second (the kernel cannot do it in the
 * first). If that one fails the SDK deletes the pair again, so the call leaves the pair as asked or
 * no pair at all, though other listeners of the namespaces' changes may see it come and go. Made
 * one step at a time, the same is four requests.
 *
 * <pre>{@code
 * // host has the bridge br0; red gets eth0, the other end of the cable, ready for an address
 * VethPair cable = host.createVeth(VethRequest.builder("veth-red", "eth0")
 *         .peerNamespace(red)
 *         .master(br0)
 *         .up()
 *         .build());
 * cable.peer().addAddress("192.168.15.1/24");
 * }</pre>
 *
 * <p>The kernel attaches only the first end to a bridge in the creating request, so the bridge must
 * be in the namespace the pair is created on; the peer can join a bridge of its own namespace
 * afterwards with {@link Link#attachTo(Bridge)}.
 *
 * @since 0.1
 */
public final class VethRequest {
    private final String name;
    private final String peerName;
    private final NetNamespace peerNamespace;
    private final Bridge master;
    private final boolean up;

    private VethRequest(Builder b) {
        this.name = b.name;
        this.peerName = b.peerName;
        this.peerNamespace = b.peerNamespace;
        this.master = b.master;
        this.up = b.up;
    }

    /**
     * @param name the first end's name, in the namespace the pair is created on
     * @param peerName the other end's name
     * @return a builder of a pair with both ends down, the peer in the same namespace, no bridge
     * @throws InvalidInputException if a name is not a valid interface name
     */
    public static Builder builder(String name, String peerName) {
        Validation.interfaceName(name);
        Validation.interfaceName(peerName);
        return new Builder(name, peerName);
    }

    /** @return the first end's name */
    public String name() {
        return name;
    }

    /** @return the peer's name */
    public String peerName() {
        return peerName;
    }

    /** @return where the peer is born; empty for the namespace the pair is created on */
    public Optional<NetNamespace> peerNamespace() {
        return Optional.ofNullable(peerNamespace);
    }

    /** @return the bridge the first end joins, if any */
    public Optional<Bridge> master() {
        return Optional.ofNullable(master);
    }

    /** @return whether both ends are set up */
    public boolean up() {
        return up;
    }

    @Override
    public String toString() {
        // The bridge as its handle prints itself: Link.name() would ask the kernel.
        return "veth " + name + "/" + peerName + (up ? " up" : "") + (master != null ? " master " + master : "");
    }

    /** Builds a {@link VethRequest}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final String peerName;
        private NetNamespace peerNamespace;
        private Bridge master;
        private boolean up;

        private Builder(String name, String peerName) {
            this.name = name;
            this.peerName = peerName;
        }

        /** The peer is born in {@code namespace} (of the same stack); nothing touches any other namespace. */
        public Builder peerNamespace(NetNamespace namespace) {
            this.peerNamespace = Validation.notNull("peer namespace", namespace);
            return this;
        }

        /** The first end joins {@code bridge}, which must be in the namespace the pair is created on. */
        public Builder master(Bridge bridge) {
            this.master = Validation.notNull("bridge", bridge);
            return this;
        }

        /** Both ends are set up ({@link Link#up()}); the carrier comes once both are. */
        public Builder up() {
            this.up = true;
            return this;
        }

        /** @return the request; {@link NetNamespace#createVeth(VethRequest)} checks it against the namespaces */
        public VethRequest build() {
            return new VethRequest(this);
        }
    }
}
