package exchange.recovery.hold;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Flags in one DynamoDB table keyed by {@code flag}. One item per flag ({@code withdrawals},
 * {@code trading}, ...):
 * <ul>
 *   <li>{@code held} (BOOL): true while any hold exists; what a service checks;</li>
 *   <li>{@code holds} (L of M: {@code holder}, {@code actor}, {@code reason}, {@code since});</li>
 *   <li>{@code version} (N): +1 on every write; each write is conditional on the version it read;</li>
 *   <li>{@code changedAt}, {@code lastAction}, {@code lastActor}, {@code lastHolder}, {@code lastReason},
 *       {@code lastToken} (S): the last change.</li>
 * </ul>
 * A spent release token is an item {@code <flag>#token#<token>} ({@code holder}, {@code usedAt}), put
 * with {@code attribute_not_exists} in the same transaction as the flag's write.
 *
 * <p>Reading fails closed: an item with a missing, mistyped or wrong-case attribute reads as held (an
 * {@link Hold#UNREADABLE} hold is added), and {@code held = true} with no holds (set by hand) reads as a
 * {@link Hold#MANUAL} hold. Writers keep those holds, so they too are lifted only by name.
 */
public class DynamoDbHoldStore implements HoldStore {

    static final String KEY = "flag";
    private static final String TOKEN_SEPARATOR = "#token#";
    private static final Object NO_ITEM = "no item";
    private static final Object NO_VERSION = "no version";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbHoldStore(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public Snapshot read(String flag) {
        Map<String, AttributeValue> item = get(flag);
        if (item == null || item.isEmpty()) {
            return new Snapshot(FlagState.absent(flag), NO_ITEM);
        }
        AttributeValue version = item.get("version");
        return new Snapshot(parse(flag, item), version == null ? NO_VERSION : version);
    }

    @Override
    public Outcome write(Snapshot seen, FlagState next, TokenUse token) {
        Map<String, AttributeValue> item = item(next);
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        String condition;
        if (seen.witness() == NO_ITEM) {
            condition = "attribute_not_exists(#f)";
            names.put("#f", KEY);
        } else if (seen.witness() == NO_VERSION) {
            condition = "attribute_exists(#f) AND attribute_not_exists(#v)";
            names.put("#f", KEY);
            names.put("#v", "version");
        } else {
            condition = "#v = :seen";
            names.put("#v", "version");
            values.put(":seen", (AttributeValue) seen.witness());
        }
        Put.Builder put = Put.builder().tableName(tableName).item(item).conditionExpression(condition)
                .expressionAttributeNames(names);
        if (!values.isEmpty()) {
            put.expressionAttributeValues(values);
        }
        try {
            if (token == null) {
                PutItemRequest.Builder single = PutItemRequest.builder().tableName(tableName).item(item)
                        .conditionExpression(condition).expressionAttributeNames(names);
                if (!values.isEmpty()) {
                    single.expressionAttributeValues(values);
                }
                dynamoDb.putItem(single.build());
                return Outcome.WRITTEN;
            }
            Map<String, AttributeValue> tokenItem = Map.of(
                    KEY, AttributeValue.fromS(next.flag() + TOKEN_SEPARATOR + token.token()),
                    "holder", AttributeValue.fromS(token.holder()),
                    "usedAt", AttributeValue.fromS(String.valueOf(next.changedAt())));
            dynamoDb.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(
                    TransactWriteItem.builder().put(put.build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(tableName).item(tokenItem)
                            .conditionExpression("attribute_not_exists(#f)")
                            .expressionAttributeNames(Map.of("#f", KEY)).build()).build())
                    .build());
            return Outcome.WRITTEN;
        } catch (ConditionalCheckFailedException e) {
            return Outcome.CHANGED_SINCE_READ;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            boolean tokenFailed = reasons.size() > 1 && "ConditionalCheckFailed".equals(reasons.get(1).code());
            // Without reasons the caller reads again and finds out which condition failed.
            return tokenFailed ? Outcome.TOKEN_USED : Outcome.CHANGED_SINCE_READ;
        } catch (SdkException e) {
            throw new TransientFailure("Could not write the flag " + next.flag(), e);
        }
    }

    @Override
    public Optional<String> tokenUsedBy(String flag, String token) {
        Map<String, AttributeValue> item = get(flag + TOKEN_SEPARATOR + token);
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        AttributeValue holder = item.get("holder");
        return Optional.of(holder == null || holder.s() == null ? "?" : holder.s());
    }

    private Map<String, AttributeValue> get(String key) {
        try {
            return dynamoDb.getItem(GetItemRequest.builder().tableName(tableName)
                    .key(Map.of(KEY, AttributeValue.fromS(key))).consistentRead(true).build()).item();
        } catch (SdkException e) {
            throw new TransientFailure("Could not read the flag " + key, e);
        }
    }

    private static Map<String, AttributeValue> item(FlagState state) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, AttributeValue.fromS(state.flag()));
        item.put("version", AttributeValue.fromN(Long.toString(state.version())));
        item.put("held", AttributeValue.fromBool(state.held()));
        item.put("holds", AttributeValue.fromL(state.holds().stream().map(hold -> {
            Map<String, AttributeValue> value = new HashMap<>();
            value.put("holder", AttributeValue.fromS(hold.holder()));
            putIfPresent(value, "actor", hold.actor());
            putIfPresent(value, "reason", hold.reason());
            putIfPresent(value, "since", hold.since() == null ? null : hold.since().toString());
            return AttributeValue.fromM(value);
        }).toList()));
        putIfPresent(item, "changedAt", state.changedAt() == null ? null : state.changedAt().toString());
        putIfPresent(item, "lastAction", state.lastAction());
        putIfPresent(item, "lastActor", state.lastActor());
        putIfPresent(item, "lastHolder", state.lastHolder());
        putIfPresent(item, "lastReason", state.lastReason());
        putIfPresent(item, "lastToken", state.lastToken());
        return item;
    }

    /** Strict: whatever is not exactly our layout makes the flag read as held, never as open. */
    static FlagState parse(String flag, Map<String, AttributeValue> item) {
        List<String> problems = new ArrayList<>();
        long version = 0;
        AttributeValue versionValue = item.get("version");
        if (versionValue == null || versionValue.n() == null) {
            problems.add("no numeric version");
        } else {
            try {
                version = Long.parseLong(versionValue.n());
            } catch (NumberFormatException e) {
                problems.add("version is not a whole number");
            }
        }
        AttributeValue heldValue = item.get("held");
        Boolean held = heldValue == null ? null : heldValue.bool();
        if (held == null) {
            problems.add("no boolean 'held'");
        }
        List<Hold> holds = new ArrayList<>();
        AttributeValue holdsValue = item.get("holds");
        if (holdsValue == null || !holdsValue.hasL()) {
            problems.add("no list 'holds'");
        } else {
            for (AttributeValue value : holdsValue.l()) {
                Hold hold = value.hasM() ? hold(value.m()) : null;
                if (hold == null) {
                    problems.add("a hold without a holder");
                } else if (holds.stream().noneMatch(h -> h.holder().equals(hold.holder()))) {
                    holds.add(hold);
                }
            }
        }
        if (Boolean.TRUE.equals(held) && holds.isEmpty() && problems.isEmpty()) {
            holds.add(new Hold(Hold.MANUAL, null, "held set by hand with no hold named", null));
        }
        if (Boolean.FALSE.equals(held) && !holds.isEmpty()) {
            problems.add("'held' is false while holds exist");
        }
        if (!problems.isEmpty() && holds.stream().noneMatch(h -> h.holder().equals(Hold.UNREADABLE))) {
            holds.add(new Hold(Hold.UNREADABLE, "system", "the stored flag was malformed: " + String.join("; ", problems), null));
        }
        return new FlagState(flag, version, holds, instant(item.get("changedAt")), text(item, "lastAction"),
                text(item, "lastActor"), text(item, "lastHolder"), text(item, "lastReason"), text(item, "lastToken"),
                true, problems.isEmpty());
    }

    private static Hold hold(Map<String, AttributeValue> value) {
        String holder = text(value, "holder");
        if (holder == null || holder.isBlank()) {
            return null;
        }
        return new Hold(holder, text(value, "actor"), text(value, "reason"), instant(value.get("since")));
    }

    private static Instant instant(AttributeValue value) {
        if (value == null || value.s() == null) {
            return null;
        }
        try {
            return Instant.parse(value.s());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null && !value.isEmpty()) {
            item.put(name, AttributeValue.fromS(value));
        }
    }
}
