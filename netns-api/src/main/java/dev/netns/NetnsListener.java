package dev.netns;

/**
 * Hears what the SDK does: a namespace created, a link added, an address set, a NAT rule applied,
 * a fault healed, an operation the kernel refused. Registered on a stack with
 * {@link NetworkStack#addListener}.
 *
 * <pre>{@code
 * try (NetworkStack stack = NetworkStack.open();
 *      NetnsListener.Registration log = stack.addListener(e -> System.out.println(e))) {
 *     NetNamespace red = stack.createNamespace("red");   // NAMESPACE_CREATED red /run/netns/red (0.4 ms)
 *     red.createBridge("v-net-0").up();                  // LINK_CREATED, then LINK_CHANGED
 * }
 * }</pre>
 *
 * <p>The SDK calls {@link #onEvent} synchronously, on the thread that did the operation, after the
 * operation completed (or failed). Keep it short: the caller waits for it. An exception thrown by
 * a listener is caught and ignored, so a broken listener never breaks the operation it hears about
 * nor hides the events from other listeners; only a {@link VirtualMachineError} passes through.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface NetnsListener {

    /**
     * Called once per event, on the thread that did the operation.
     *
     * @param event what happened; never {@code null}
     */
    void onEvent(NetnsEvent event);

    /**
     * A listener's registration with a stack: {@link #close()} unregisters it. Returned by
     * {@link NetworkStack#addListener}.
     *
     * @since 0.1
     */
    interface Registration extends AutoCloseable {

        /**
         * Unregisters the listener: it hears no event that starts after this returns. Idempotent.
         */
        @Override
        void close();
    }
}
