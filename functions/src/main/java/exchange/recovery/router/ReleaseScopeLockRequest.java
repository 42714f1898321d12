package exchange.recovery.router;

import java.util.List;

/** Sent by a plan at its end, on every path: the plan, its scope and its own execution ARN. */
public record ReleaseScopeLockRequest(String plan, List<String> scope, String executionArn) {
}
