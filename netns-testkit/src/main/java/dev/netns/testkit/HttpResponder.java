package dev.netns.testkit;

/**
 * Answers the requests of a service started with {@link Network#serveHttp(String, int, HttpResponder)}.
 * Called on the service's own threads, which live outside every namespace (its socket is the
 * only thing inside); may be called by several threads at once.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface HttpResponder {

    /**
     * @param request what the client sent
     * @return the reply; an exception becomes a 500 reply naming it
     */
    HttpReply respond(ServedRequest request);
}
