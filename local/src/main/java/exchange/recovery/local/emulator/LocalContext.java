package exchange.recovery.local.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * The Lambda context of one local invocation: of a deployed function ({@link LocalLambdaEndpoint}), or of a
 * handler a test calls directly ({@link #of(String)}).
 */
public final class LocalContext implements Context {

    private static final Duration DIRECT_CALL_TIMEOUT = Duration.ofMinutes(15);

    private final String functionName;
    private final String requestId;
    private final String functionArn;
    private final Instant deadline;

    LocalContext(LocalFunction function, String requestId, String functionArn) {
        this(function.name(), requestId, functionArn, Instant.now().plus(function.timeout()));
    }

    private LocalContext(String functionName, String requestId, String functionArn, Instant deadline) {
        this.functionName = functionName;
        this.requestId = requestId;
        this.functionArn = functionArn;
        this.deadline = deadline;
    }

    /** A context for calling a handler directly, as the function {@code functionName} with Lambda's longest timeout. */
    public static LocalContext of(String functionName) {
        return new LocalContext(functionName, UUID.randomUUID().toString(),
                "arn:aws:lambda:us-east-1:123456789012:function:" + functionName, Instant.now().plus(DIRECT_CALL_TIMEOUT));
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return functionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadline.toEpochMilli() - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.err.print(message);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
