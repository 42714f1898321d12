package exchange.recovery.router;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * One DynamoDB item per scope says which execution recovers it. Acquiring is a conditional write that
 * succeeds only when the scope is free and its last recovery ended at least the minimum interval ago
 * (flap suppression), or when the holder's lease expired. The item outlives a release to remember when
 * the last recovery ended; {@code expiresAt} (epoch seconds) is the table's TTL attribute.
 *
 * <p>Attributes: {@code scopeKey} (hash key), {@code plan}, {@code scope}, {@code holder} (execution
 * ARN, absent when free), {@code executionName}, {@code incidentId}, {@code alarmName},
 * {@code lastStartedAt}, {@code releasedAt}, {@code releasedBy} (epoch seconds where a time).
 */
public class ScopeLocks {

    static final String KEY = "scopeKey";
    static final String HOLDER = "holder";
    static final String RELEASED_AT = "releasedAt";
    static final String EXPIRES_AT = "expiresAt";
    static final String LAST_STARTED_AT = "lastStartedAt";
    /** How long a released item is kept beyond the minimum interval, for the record. */
    static final Duration KEEP_RELEASED = Duration.ofDays(1);

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration minInterval;
    private final Duration lease;

    public ScopeLocks(DynamoDbClient dynamoDb, String tableName, Duration minInterval, Duration lease) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.minInterval = minInterval;
        this.lease = lease;
    }

    /** Who asks for a scope: the execution that would recover it and what triggered it. */
    public record Request(ScopeKey scope, String executionArn, String executionName, String incidentId, String alarmName) {
    }

    /** What is known of a scope's lock. */
    public record State(String scopeKey, Optional<String> holder, Optional<String> executionName,
                        Optional<Instant> lastStartedAt, Optional<Instant> releasedAt, Optional<Instant> expiresAt) {
    }

    /** The outcome of {@link #acquire}. */
    public sealed interface Acquisition {
    }

    /** The scope is ours now; {@code previous} is the item it replaced, to put back if nothing starts. */
    public record Acquired(Optional<Map<String, AttributeValue>> previous) implements Acquisition {
    }

    /** The scope is already held for this very execution (a duplicate delivery or a retry). */
    public record Reentered(State state) implements Acquisition {
    }

    /** Another execution holds the scope and its lease has not expired. */
    public record Held(State state) implements Acquisition {
    }

    /** The scope is free but its last recovery ended less than the minimum interval ago. */
    public record CoolingDown(State state, Instant availableFrom) implements Acquisition {
    }

    public Duration minInterval() {
        return minInterval;
    }

    /** A conditional write that failed on an item that is gone when read back raced a change: try again, a few times. */
    private static final int ATTEMPTS = 5;

    public Acquisition acquire(Request request, Instant now) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                Map<String, AttributeValue> previous = dynamoDb.putItem(builder -> builder
                        .tableName(tableName)
                        .item(item(request, now))
                        .conditionExpression("attribute_not_exists(#key) OR #expires < :now"
                                + " OR (attribute_not_exists(#holder) AND (attribute_not_exists(#released) OR #released <= :cutoff))")
                        .expressionAttributeNames(Map.of("#key", KEY, "#expires", EXPIRES_AT, "#holder", HOLDER,
                                "#released", RELEASED_AT))
                        .expressionAttributeValues(Map.of(":now", epoch(now), ":cutoff", epoch(now.minus(minInterval))))
                        .returnValues(ReturnValue.ALL_OLD)).attributes();
                return new Acquired(previous == null || previous.isEmpty() ? Optional.empty() : Optional.of(previous));
            } catch (ConditionalCheckFailedException taken) {
                Optional<State> state = find(request.scope().key());
                if (state.isEmpty()) {
                    continue; // removed by TTL in between: try again
                }
                State current = state.get();
                if (current.holder().filter(request.executionArn()::equals).isPresent()) {
                    return new Reentered(current);
                }
                if (current.holder().isPresent()) {
                    return new Held(current);
                }
                Instant releasedAt = current.releasedAt().orElse(now);
                return new CoolingDown(current, releasedAt.plus(minInterval));
            } catch (SdkException e) {
                throw new TransientFailure("Could not lock scope " + request.scope().key(), e);
            }
        }
        throw new TransientFailure("The lock of scope " + request.scope().key() + " kept changing; try again");
    }

    /**
     * Frees the scope if {@code executionArn} holds it. {@code endedAt} is when that recovery ended (the
     * minimum interval counts from there); empty when it never ran. Returns false when the scope is not
     * held by that execution, which makes releasing twice harmless.
     */
    public boolean release(String scopeKey, String executionArn, Optional<Instant> endedAt) {
        try {
            if (endedAt.isPresent()) {
                Instant ended = endedAt.get();
                dynamoDb.updateItem(builder -> builder
                        .tableName(tableName)
                        .key(Map.of(KEY, AttributeValue.fromS(scopeKey)))
                        .updateExpression("REMOVE #holder SET #released = :ended, releasedBy = :arn, #expires = :expires")
                        .conditionExpression("#holder = :arn")
                        .expressionAttributeNames(Map.of("#holder", HOLDER, "#released", RELEASED_AT, "#expires", EXPIRES_AT))
                        .expressionAttributeValues(Map.of(":arn", AttributeValue.fromS(executionArn), ":ended", epoch(ended),
                                ":expires", epoch(ended.plus(minInterval).plus(KEEP_RELEASED)))));
            } else {
                dynamoDb.updateItem(builder -> builder
                        .tableName(tableName)
                        .key(Map.of(KEY, AttributeValue.fromS(scopeKey)))
                        .updateExpression("REMOVE #holder")
                        .conditionExpression("#holder = :arn")
                        .expressionAttributeNames(Map.of("#holder", HOLDER))
                        .expressionAttributeValues(Map.of(":arn", AttributeValue.fromS(executionArn))));
            }
            return true;
        } catch (ConditionalCheckFailedException notHolder) {
            return false;
        } catch (SdkException e) {
            throw new TransientFailure("Could not release scope " + scopeKey, e);
        }
    }

    /** Puts back what {@link #acquire} replaced, when the acquired recovery was not started after all. */
    public void abandon(String scopeKey, String executionArn, Optional<Map<String, AttributeValue>> previous) {
        try {
            if (previous.isPresent()) {
                dynamoDb.putItem(builder -> builder.tableName(tableName).item(previous.get())
                        .conditionExpression("#holder = :arn")
                        .expressionAttributeNames(Map.of("#holder", HOLDER))
                        .expressionAttributeValues(Map.of(":arn", AttributeValue.fromS(executionArn))));
            } else {
                dynamoDb.deleteItem(builder -> builder.tableName(tableName)
                        .key(Map.of(KEY, AttributeValue.fromS(scopeKey)))
                        .conditionExpression("#holder = :arn")
                        .expressionAttributeNames(Map.of("#holder", HOLDER))
                        .expressionAttributeValues(Map.of(":arn", AttributeValue.fromS(executionArn))));
            }
        } catch (ConditionalCheckFailedException movedOn) {
            // someone else holds the scope now: nothing of ours to undo
        } catch (SdkException e) {
            throw new TransientFailure("Could not undo the lock of scope " + scopeKey, e);
        }
    }

    public Optional<State> find(String scopeKey) {
        try {
            Map<String, AttributeValue> item = dynamoDb.getItem(builder -> builder.tableName(tableName)
                    .key(Map.of(KEY, AttributeValue.fromS(scopeKey))).consistentRead(true)).item();
            if (item == null || item.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new State(scopeKey, text(item, HOLDER), text(item, "executionName"),
                    time(item, LAST_STARTED_AT), time(item, RELEASED_AT), time(item, EXPIRES_AT)));
        } catch (SdkException e) {
            throw new TransientFailure("Could not read the lock of scope " + scopeKey, e);
        }
    }

    private Map<String, AttributeValue> item(Request request, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, AttributeValue.fromS(request.scope().key()));
        item.put("plan", AttributeValue.fromS(request.scope().plan()));
        item.put("scope", AttributeValue.fromL(request.scope().tiers().stream()
                .map(tier -> AttributeValue.fromS(tier.id())).toList()));
        item.put(HOLDER, AttributeValue.fromS(request.executionArn()));
        item.put("executionName", AttributeValue.fromS(request.executionName()));
        item.put("incidentId", AttributeValue.fromS(request.incidentId()));
        item.put("alarmName", AttributeValue.fromS(request.alarmName()));
        item.put(LAST_STARTED_AT, epoch(now));
        item.put(EXPIRES_AT, epoch(now.plus(lease)));
        return item;
    }

    private static AttributeValue epoch(Instant time) {
        return AttributeValue.fromN(Long.toString(time.getEpochSecond()));
    }

    private static Optional<String> text(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(AttributeValue::s);
    }

    private static Optional<Instant> time(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(AttributeValue::n).map(Long::parseLong).map(Instant::ofEpochSecond);
    }
}
