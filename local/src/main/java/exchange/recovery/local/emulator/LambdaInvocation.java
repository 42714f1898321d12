package exchange.recovery.local.emulator;

import java.time.Duration;
import java.time.Instant;

/** One invocation served by the local Lambda endpoint, for timelines and assertions. */
public record LambdaInvocation(String functionName, String requestId, Instant startedAt, Duration duration,
                               String request, String response, String errorType) {

    public boolean failed() {
        return errorType != null;
    }
}
