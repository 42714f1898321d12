package exchange.recovery.report;

import exchange.recovery.core.RecoveryException;

/** The execution a report was asked for does not exist (or is no longer kept by Step Functions). */
public class ExecutionNotFound extends RecoveryException {

    public ExecutionNotFound(String executionArn) {
        super("No execution " + executionArn);
    }
}
