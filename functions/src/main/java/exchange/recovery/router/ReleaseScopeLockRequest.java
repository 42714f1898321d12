package exchange.recovery.router;

import java.util.List;

/**
 * Sent by a plan at its end, on every path: its own execution ARN, by which its locks are found. The plan
 * and scope are for the log only: a plan that halts on an input without scope still releases.
 */
public record ReleaseScopeLockRequest(String plan, List<String> scope, String executionArn) {
}
