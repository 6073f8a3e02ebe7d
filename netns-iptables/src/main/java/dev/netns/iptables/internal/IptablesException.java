package dev.netns.iptables.internal;

import dev.netns.ExecResult;
import dev.netns.RuleRejectedException;

/**
 * An {@code iptables-restore} or {@code iptables-save} run failed: it refused the input, ran past
 * its timeout, or could not be started. Nothing was changed: a restore is one transaction. Callers
 * see the API's {@link RuleRejectedException}; this keeps the process's outcome for the backend's
 * own retries and tests.
 */
final class IptablesException extends RuleRejectedException {
    private static final long serialVersionUID = 1L;

    private final transient ExecResult result;

    IptablesException(String message, ExecResult result, String input) {
        super(message, IptablesProvider.NAME, input);
        this.result = result;
    }

    /** @return the process's outcome */
    ExecResult result() {
        return result;
    }

    /** @return iptables' standard error */
    String stderr() {
        return result == null ? "" : result.stderr();
    }
}
