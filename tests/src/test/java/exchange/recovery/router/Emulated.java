package exchange.recovery.router;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;

import exchange.recovery.core.Json;
import exchange.recovery.local.emulator.LocalAws;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Helpers for tests on the AWS emulator: resources with fresh names, sample events, a clock that can jump. */
final class Emulated {

    static final String ROLE = "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":role/recovery-plan";

    private Emulated() {
    }

    /** A scope lock table as template.yaml declares it. */
    static String lockTable(LocalAws aws) {
        String name = "scope-locks-" + UUID.randomUUID();
        aws.clients().dynamoDb().createTable(builder -> builder.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("scopeKey").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("scopeKey").keyType(KeyType.HASH).build()));
        return name;
    }

    /** A plan that succeeds at once. */
    static String passingPlan(LocalAws aws) {
        return stateMachine(aws, "{\"StartAt\": \"Recover\", \"States\": {\"Recover\": {\"Type\": \"Pass\", \"End\": true}}}");
    }

    /** A plan that keeps running for an hour. */
    static String longPlan(LocalAws aws) {
        return stateMachine(aws, "{\"StartAt\": \"Recover\", \"States\": {\"Recover\": {\"Type\": \"Wait\", \"Seconds\": 3600, \"End\": true}}}");
    }

    static String stateMachine(LocalAws aws, String definition) {
        return aws.clients().stepFunctions().createStateMachine(builder -> builder
                .name("platform-recovery-" + UUID.randomUUID().toString().substring(0, 8))
                .definition(definition).roleArn(ROLE)).stateMachineArn();
    }

    /** A sample alarm event of events/ with another alarm name and state change time. */
    static ObjectNode alarm(String sample, String alarmName, Instant changedAt) {
        ObjectNode event = sample(sample);
        ObjectNode detail = (ObjectNode) event.get("detail");
        if (alarmName != null) {
            detail.put("alarmName", alarmName);
            event.putArray("resources").add("arn:aws:cloudwatch:us-east-1:" + LocalAws.ACCOUNT_ID + ":alarm:" + alarmName);
        }
        ((ObjectNode) detail.get("state")).put("timestamp", changedAt.toString());
        event.put("time", changedAt.truncatedTo(ChronoUnit.SECONDS).toString());
        return event;
    }

    static ObjectNode sample(String file) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(Files.readString(Path.of("events", file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls until the value satisfies the condition, or fails after the deadline. */
    static <T> T await(Supplier<T> probe, Predicate<T> condition, Duration deadline, String what) {
        Instant end = Instant.now().plus(deadline);
        T value = probe.get();
        while (!condition.test(value)) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("Timed out after " + deadline + " waiting for " + what + "; last seen: " + value);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for " + what);
            }
            value = probe.get();
        }
        return value;
    }

    /** A Lambda context for calling a handler in this JVM. */
    static Context context(String functionName) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getFunctionName" -> functionName;
                    case "getAwsRequestId" -> UUID.randomUUID().toString();
                    case "getFunctionVersion" -> "$LATEST";
                    case "getInvokedFunctionArn" -> "arn:aws:lambda:us-east-1:" + LocalAws.ACCOUNT_ID + ":function:" + functionName;
                    case "getRemainingTimeInMillis" -> 60_000;
                    case "getMemoryLimitInMB" -> 1024;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "Context(" + functionName + ")";
                    default -> null;
                });
    }

    /** Real time shifted by an offset that a test moves forward, so that emulator times and ours agree. */
    static final class ShiftedClock extends Clock {

        private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

        void advance(Duration by) {
            offset.updateAndGet(current -> current.plus(by));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset.get());
        }
    }
}
