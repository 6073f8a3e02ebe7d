package dev.netns.netlink.internal;

/**
 * Work handed to an SDK thread fails there, so its exception's stack trace shows only that thread.
 * Appending the waiting caller's frames makes the trace lead back to the user's code.
 */
final class CallerFrames {
    private static final StackTraceElement MARKER =
            new StackTraceElement("dev.netns", "<rethrown on the calling thread>", null, -1);

    private CallerFrames() {
    }

    static <T extends Throwable> T append(T t) {
        StackTraceElement[] own = t.getStackTrace();
        StackTraceElement[] caller = new Throwable().getStackTrace();
        // Skip this method's own frame in the caller's trace.
        int skip = Math.min(1, caller.length);
        StackTraceElement[] all = new StackTraceElement[own.length + 1 + caller.length - skip];
        System.arraycopy(own, 0, all, 0, own.length);
        all[own.length] = MARKER;
        System.arraycopy(caller, skip, all, own.length + 1, caller.length - skip);
        t.setStackTrace(all);
        return t;
    }
}
