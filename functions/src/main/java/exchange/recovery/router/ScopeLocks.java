package exchange.recovery.router;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import exchange.recovery.core.Tier;
import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Who recovers what, in one DynamoDB table. A recovery takes, in one transaction, three kinds of item:
 * <ul>
 *   <li>its <b>scope</b> ({@code platform-recovery#database,wallet}): holder, and when the last recovery of
 *       that scope ended (flap suppression counts the minimum interval from there; the item outlives a
 *       release for that, {@code expiresAt} being the table's TTL attribute, set only once released);</li>
 *   <li>one <b>resource</b> per tier it acts on ({@code resource#database}): two plans never act on one
 *       tier's resources at once, whatever their scopes (an AZ outage and a database alarm both fail over
 *       the same RDS instance);</li>
 *   <li>an <b>execution</b> index ({@code execution#<executionArn>}) listing the keys it holds, so that the
 *       plan releases by its own ARN without having to know its scope.</li>
 * </ul>
 * A held lock has no expiry: it is freed by its holder's release step, or taken over by the router only
 * after Step Functions says the holder no longer runs (plans may run for days).
 *
 * <p>Attributes: {@code scopeKey} (hash key), {@code holder} (execution ARN, absent when free),
 * {@code executionName}, {@code incidentId}, {@code alarmName}, {@code plan}, {@code scope},
 * {@code lastStartedAt}, {@code releasedAt}, {@code releasedBy}, {@code expiresAt} (epoch seconds where a
 * time); {@code lockedBy} (the scope key, on resource items); {@code locks} (on execution items).
 */
public class ScopeLocks {

    static final String KEY = "scopeKey";
    static final String HOLDER = "holder";
    static final String RELEASED_AT = "releasedAt";
    static final String EXPIRES_AT = "expiresAt";
    static final String LAST_STARTED_AT = "lastStartedAt";
    static final String LOCKS = "locks";
    static final String LOCKED_BY = "lockedBy";
    static final String RESOURCE = "resource#";
    static final String EXECUTION = "execution#";
    /** How long a released item is kept beyond the minimum interval, for the record. */
    static final Duration KEEP_RELEASED = Duration.ofDays(1);

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration minInterval;

    public ScopeLocks(DynamoDbClient dynamoDb, String tableName, Duration minInterval) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.minInterval = minInterval;
    }

    /** Who asks for a scope: the execution that would recover it and what triggered it. */
    public record Request(ScopeKey scope, String executionArn, String executionName, String incidentId, String alarmName) {
    }

    /** What is known of one lock item (a scope's or a resource's). */
    public record State(String key, Optional<String> holder, Optional<String> executionName,
                        Optional<Instant> lastStartedAt, Optional<Instant> releasedAt, Optional<Instant> expiresAt) {

        public boolean resource() {
            return key.startsWith(RESOURCE);
        }
    }

    /** The outcome of {@link #acquire}. */
    public sealed interface Acquisition {
    }

    /** The scope and every resource of it are ours now. */
    public record Acquired() implements Acquisition {
    }

    /** The scope is already held for this very execution (a duplicate delivery or a retry). */
    public record Reentered(State state) implements Acquisition {
    }

    /** Another execution holds the scope, or a resource of it (then {@code state.key()} is that resource's). */
    public record Held(State state) implements Acquisition {
    }

    /** The scope is free but its last recovery ended less than the minimum interval ago. */
    public record CoolingDown(State state, Instant availableFrom) implements Acquisition {
    }

    public Duration minInterval() {
        return minInterval;
    }

    /** The lock key of the resources of one tier, shared by every scope and plan that recovers the tier. */
    public static String resourceKey(Tier tier) {
        return RESOURCE + tier.id();
    }

    /** A transaction that failed on items that are free when read back raced a change: try again, a few times. */
    private static final int ATTEMPTS = 5;

    public Acquisition acquire(Request request, Instant now) {
        String scopeKey = request.scope().key();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                dynamoDb.transactWriteItems(builder -> builder.transactItems(writes(request, now)));
                return new Acquired();
            } catch (TransactionCanceledException taken) {
                Optional<Acquisition> outcome = whyNot(request, now);
                if (outcome.isPresent()) {
                    return outcome.get();
                }
                // free when read back: a concurrent transaction or a release raced ours; try again
            } catch (SdkException e) {
                throw new TransientFailure("Could not lock scope " + scopeKey, e);
            }
        }
        throw new TransientFailure("The locks of scope " + scopeKey + " kept changing; try again");
    }

    private List<TransactWriteItem> writes(Request request, Instant now) {
        String scopeKey = request.scope().key();
        AttributeValue arn = AttributeValue.fromS(request.executionArn());
        List<String> keys = new ArrayList<>();
        keys.add(scopeKey);
        request.scope().tiers().forEach(tier -> keys.add(resourceKey(tier)));
        List<TransactWriteItem> writes = new ArrayList<>();
        // The scope: free, and its last recovery ended at least the minimum interval ago (releasedAt is kept).
        writes.add(TransactWriteItem.builder().update(Update.builder()
                .tableName(tableName)
                .key(key(scopeKey))
                .updateExpression("SET #holder = :arn, executionName = :name, incidentId = :incident, alarmName = :alarm,"
                        + " #plan = :plan, #scope = :scope, #started = :now REMOVE #expires")
                .conditionExpression("attribute_not_exists(#holder) AND (attribute_not_exists(#released) OR #released <= :cutoff)")
                .expressionAttributeNames(Map.of("#holder", HOLDER, "#plan", "plan", "#scope", "scope", "#started", LAST_STARTED_AT,
                        "#expires", EXPIRES_AT, "#released", RELEASED_AT))
                .expressionAttributeValues(Map.of(":arn", arn,
                        ":name", AttributeValue.fromS(request.executionName()),
                        ":incident", AttributeValue.fromS(request.incidentId()),
                        ":alarm", AttributeValue.fromS(request.alarmName()),
                        ":plan", AttributeValue.fromS(request.scope().plan()),
                        ":scope", AttributeValue.fromL(request.scope().tiers().stream()
                                .map(tier -> AttributeValue.fromS(tier.id())).toList()),
                        ":now", epoch(now),
                        ":cutoff", epoch(now.minus(minInterval))))
                .build()).build());
        // Each resource: free, or left to this very execution by an earlier attempt.
        for (Tier tier : request.scope().tiers()) {
            Map<String, AttributeValue> item = new HashMap<>(key(resourceKey(tier)));
            item.put(HOLDER, arn);
            item.put(LOCKED_BY, AttributeValue.fromS(scopeKey));
            item.put("executionName", AttributeValue.fromS(request.executionName()));
            item.put(LAST_STARTED_AT, epoch(now));
            writes.add(TransactWriteItem.builder().put(Put.builder()
                    .tableName(tableName)
                    .item(item)
                    .conditionExpression("attribute_not_exists(#holder) OR #holder = :arn")
                    .expressionAttributeNames(Map.of("#holder", HOLDER))
                    .expressionAttributeValues(Map.of(":arn", arn))
                    .build()).build());
        }
        Map<String, AttributeValue> index = new HashMap<>(key(EXECUTION + request.executionArn()));
        index.put(LOCKED_BY, AttributeValue.fromS(scopeKey));
        index.put(LOCKS, AttributeValue.fromL(keys.stream().map(AttributeValue::fromS).toList()));
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(tableName).item(index).build()).build());
        return writes;
    }

    /** Why the transaction was refused, read back; empty when everything reads free (a race: try again). */
    private Optional<Acquisition> whyNot(Request request, Instant now) {
        String arn = request.executionArn();
        Optional<State> scope = find(request.scope().key());
        if (scope.flatMap(State::holder).filter(arn::equals).isPresent()) {
            return Optional.of(new Reentered(scope.get()));
        }
        if (scope.flatMap(State::holder).isPresent()) {
            return Optional.of(new Held(scope.get()));
        }
        for (Tier tier : request.scope().tiers()) {
            Optional<State> resource = find(resourceKey(tier));
            if (resource.flatMap(State::holder).filter(holder -> !holder.equals(arn)).isPresent()) {
                return Optional.of(new Held(resource.get()));
            }
        }
        Optional<Instant> releasedAt = scope.flatMap(State::releasedAt);
        if (releasedAt.isPresent() && releasedAt.get().isAfter(now.minus(minInterval))) {
            return Optional.of(new CoolingDown(scope.get(), releasedAt.get().plus(minInterval)));
        }
        return Optional.empty();
    }

    /**
     * Frees every lock {@code executionArn} holds (found by its execution index). {@code endedAt} is when
     * that recovery ended (the minimum interval counts from there); empty when it never ran, which leaves
     * the scope's last end as it was. Returns the scope it held, empty when it held none (an operator's
     * console start, or a second release): releasing twice is harmless.
     */
    public Optional<String> release(String executionArn, Optional<Instant> endedAt) {
        Optional<Map<String, AttributeValue>> index = item(EXECUTION + executionArn);
        if (index.isEmpty()) {
            return Optional.empty();
        }
        String scopeKey = index.get().get(LOCKED_BY).s();
        boolean scopeFreed = freeScope(scopeKey, executionArn, endedAt);
        for (AttributeValue key : index.get().getOrDefault(LOCKS, AttributeValue.fromL(List.of())).l()) {
            if (key.s().startsWith(RESOURCE)) {
                freeResource(key.s(), executionArn);
            }
        }
        // The index goes last, so that a release interrupted half-way is finished by the next attempt.
        delete(EXECUTION + executionArn);
        return scopeFreed ? Optional.of(scopeKey) : Optional.empty();
    }

    /**
     * Frees a lock item left by an execution that no longer runs, and everything else that execution holds.
     * Used by takeovers: locks written before execution indexes existed are freed item by item.
     */
    public boolean releaseHeld(State held, Optional<Instant> endedAt) {
        String holder = held.holder().orElseThrow();
        if (release(holder, endedAt).isPresent()) {
            return true;
        }
        return held.resource() ? freeResource(held.key(), holder) : freeScope(held.key(), holder, endedAt);
    }

    /** Undoes {@link #acquire} when the acquired recovery was not started after all. */
    public void abandon(String executionArn) {
        release(executionArn, Optional.empty());
    }

    private boolean freeScope(String scopeKey, String executionArn, Optional<Instant> endedAt) {
        try {
            if (endedAt.isPresent()) {
                Instant ended = endedAt.get();
                dynamoDb.updateItem(builder -> builder
                        .tableName(tableName)
                        .key(key(scopeKey))
                        .updateExpression("REMOVE #holder SET #released = :ended, releasedBy = :arn, #expires = :expires")
                        .conditionExpression("#holder = :arn")
                        .expressionAttributeNames(Map.of("#holder", HOLDER, "#released", RELEASED_AT, "#expires", EXPIRES_AT))
                        .expressionAttributeValues(Map.of(":arn", AttributeValue.fromS(executionArn), ":ended", epoch(ended),
                                ":expires", epoch(ended.plus(minInterval).plus(KEEP_RELEASED)))));
            } else {
                dynamoDb.updateItem(builder -> builder
                        .tableName(tableName)
                        .key(key(scopeKey))
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

    private boolean freeResource(String resourceKey, String executionArn) {
        try {
            dynamoDb.deleteItem(builder -> builder.tableName(tableName)
                    .key(key(resourceKey))
                    .conditionExpression("#holder = :arn")
                    .expressionAttributeNames(Map.of("#holder", HOLDER))
                    .expressionAttributeValues(Map.of(":arn", AttributeValue.fromS(executionArn))));
            return true;
        } catch (ConditionalCheckFailedException notHolder) {
            return false; // taken over by then: it is no longer ours to free
        } catch (SdkException e) {
            throw new TransientFailure("Could not release " + resourceKey, e);
        }
    }

    private void delete(String key) {
        try {
            dynamoDb.deleteItem(builder -> builder.tableName(tableName).key(key(key)));
        } catch (SdkException e) {
            throw new TransientFailure("Could not delete lock item " + key, e);
        }
    }

    public Optional<State> find(String key) {
        return item(key).map(item -> new State(key, text(item, HOLDER), text(item, "executionName"),
                time(item, LAST_STARTED_AT), time(item, RELEASED_AT), time(item, EXPIRES_AT)));
    }

    private Optional<Map<String, AttributeValue>> item(String key) {
        try {
            Map<String, AttributeValue> item = dynamoDb.getItem(builder -> builder.tableName(tableName)
                    .key(key(key)).consistentRead(true)).item();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
        } catch (SdkException e) {
            throw new TransientFailure("Could not read lock item " + key, e);
        }
    }

    private static Map<String, AttributeValue> key(String key) {
        return Map.of(KEY, AttributeValue.fromS(key));
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
