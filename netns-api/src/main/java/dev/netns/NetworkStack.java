package dev.netns;

import dev.netns.spi.NetworkStackProvider;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Entry point of the SDK: finds the backend and creates, opens and lists network namespaces.
 *
 * <pre>{@code
 * try (NetworkStack stack = NetworkStack.open();
 *      NetNamespace red = stack.createNamespace("red");      // ip netns add red
 *      NetNamespace blue = stack.createNamespace("blue")) {  // ip netns add blue
 *     VethPair cable = red.createVeth("veth-red", "veth-blue", blue);
 *     cable.local().addAddress("192.168.15.1/24").up();
 *     cable.peer().addAddress("192.168.15.2/24").up();
 *     red.ping("192.168.15.2");                              // ip netns exec red ping 192.168.15.2
 * }                                                          // both namespaces deleted here
 * }</pre>
 *
 * <p>A stack is safe to use from any thread, virtual threads included: the SDK never switches the
 * namespace of a caller's thread. Closing the stack closes every namespace handle it opened.
 *
 * @since 0.1
 */
public interface NetworkStack extends AutoCloseable {

    /**
     * Finds the backend with {@link ServiceLoader} (add {@code netns-netlink} to the class path)
     * and opens it.
     *
     * @throws BackendNotFoundException if no backend is on the class path
     */
    static NetworkStack open() {
        List<NetworkStackProvider> providers = ServiceLoader.load(NetworkStackProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(NetworkStackProvider::priority).reversed())
                .toList();
        if (providers.isEmpty()) {
            throw new BackendNotFoundException("open a network stack", "no NetworkStackProvider", "dev.netns:netns-netlink");
        }
        return providers.get(0).open();
    }

    /**
     * The namespace the JVM started in (the kernel's initial namespace when the JVM runs on the
     * machine itself). Closing this handle never deletes anything. Tests should leave it alone:
     * the testkit never changes it.
     *
     * @return the JVM's own network namespace
     */
    NetNamespace initialNamespace();

    /**
     * Creates a named namespace exactly as {@code ip netns add NAME} does: a bind mount on
     * {@code /run/netns/NAME}, so {@code ip netns list} shows it and {@code ip netns exec} works.
     * Its loopback is up. Closing the returned handle deletes the namespace.
     *
     * @param name 1-255 bytes, a single path component
     * @throws AlreadyExistsException if {@code /run/netns/NAME} exists
     * @throws PermissionDeniedException without CAP_SYS_ADMIN
     */
    NetNamespace createNamespace(String name);

    /**
     * Creates a namespace that has no name and is held only by the returned handle: it vanishes
     * when the handle is closed or the JVM exits, even after {@code kill -9}. Its loopback is up.
     */
    NetNamespace createAnonymousNamespace();

    /**
     * Opens an existing named namespace ({@code /run/netns/NAME}). Closing the returned handle
     * releases it but does not delete the namespace.
     *
     * @throws NotFoundException if there is no such namespace
     */
    NetNamespace openNamespace(String name);

    /** @return the names under {@code /run/netns}, sorted, as {@code ip netns list} shows them */
    List<String> namespaceNames();

    /**
     * Deletes the named namespaces that a process which has died (killed, crashed, or ended
     * without closing them) created through this SDK and had not deleted or
     * {@linkplain NetNamespace#release() released}: what {@code ./netns clean} does, and the
     * testkit when a test run starts. Each name the SDK creates carries a record of the process
     * that made it (pid, its start time, the boot), so a reused pid is told apart. Names made
     * otherwise ({@code ip netns add}), released names and the names of live processes are never
     * touched, nor a name deleted and made again by someone else since.
     *
     * @return the names removed, sorted
     * @since 0.1
     */
    List<String> removeAbandonedNamespaces();

    /**
     * Deletes a named namespace as {@code ip netns del NAME} does (lazy unmount, unlink). The
     * kernel frees it once nothing else holds it.
     *
     * @throws NotFoundException if there is no such namespace
     */
    void deleteNamespace(String name);

    /**
     * Registers a listener for everything done through this stack: namespaces, links, addresses,
     * routes, sysctls, processes, NAT rules (and whatever else is {@linkplain #publish published}).
     * See {@link NetnsListener} for when and where it is called.
     *
     * <pre>{@code
     * try (NetnsListener.Registration r = stack.addListener(events::add)) {
     *     red.createVeth("veth-red", "veth-blue", blue);   // events gets LINK_CREATED red veth-red/veth-blue ...
     * }
     * }</pre>
     *
     * @param listener called once per event; an exception it throws is ignored
     * @return the registration; closing it unregisters the listener
     * @since 0.1
     */
    NetnsListener.Registration addListener(NetnsListener listener);

    /**
     * Hands an event to this stack's listeners, on this thread, as if the stack had done it.
     * For layers built on the stack (the NAT backend, which sees only {@link NetNamespace}s and
     * reaches the stack through {@link NetNamespace#stack()}; the testkit's faults; your own
     * code) to report their operations on the same timeline as the stack's own. A listener that
     * throws is ignored; without listeners this does nothing.
     *
     * @param event the event; not {@code null}
     * @since 0.1
     */
    void publish(NetnsEvent event);

    /**
     * @return whether any listener is registered; lets a publisher skip timing and describing its
     *     operations when nobody listens
     * @since 0.1
     */
    boolean hasListeners();

    /** Closes every handle this stack opened, deleting the namespaces it created. */
    @Override
    void close();
}
