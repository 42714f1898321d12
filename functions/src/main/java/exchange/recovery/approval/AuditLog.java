package exchange.recovery.approval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The approval audit log: an append-only DynamoDB table keyed by {@code requestId} and {@code entry}.
 * Every write is a PutItem conditioned on {@code attribute_not_exists}, and the approval functions'
 * IAM policies grant only PutItem, GetItem and Query on it, so approval code can add lines but never
 * rewrite or delete one. The entry key is {@code <time>#<event>#<actor>}: one event by one actor at one
 * instant is one line, and delivering it twice leaves one line.
 */
public class AuditLog {

    static final String KEY = "requestId";
    static final String SORT = "entry";

    private static final java.time.format.DateTimeFormatter SORTABLE_TIME =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public AuditLog(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /** Appends the entry; returns false if this very entry was already written (a re-delivery). */
    public boolean append(AuditEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, AttributeValue.fromS(entry.requestId()));
        item.put(SORT, AttributeValue.fromS(entryKey(entry)));
        item.put("event", AttributeValue.fromS(entry.event()));
        item.put("actor", AttributeValue.fromS(entry.actor()));
        item.put("at", AttributeValue.fromS(entry.at().toString()));
        put(item, "incidentId", entry.incidentId());
        put(item, "approvalType", entry.approvalType());
        put(item, "evidenceDigest", entry.evidenceDigest());
        put(item, "sourceIp", entry.sourceIp());
        put(item, "userAgent", entry.userAgent());
        put(item, "detail", entry.detail());
        return WriteOnce.put(dynamoDb, tableName, KEY, item, "Could not append to the approval audit log for " + entry.requestId());
    }

    /** Every entry of one request, oldest first. */
    public List<AuditEntry> entries(String requestId) {
        List<AuditEntry> entries = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        try {
            do {
                QueryResponse page = dynamoDb.query(QueryRequest.builder().tableName(tableName)
                        .keyConditionExpression("#k = :id")
                        .expressionAttributeNames(Map.of("#k", KEY))
                        .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(requestId)))
                        .consistentRead(true)
                        .exclusiveStartKey(start)
                        .build());
                for (Map<String, AttributeValue> item : page.items()) {
                    entries.add(new AuditEntry(text(item, KEY), text(item, "event"), text(item, "actor"),
                            java.time.Instant.parse(text(item, "at")), text(item, "incidentId"), text(item, "approvalType"),
                            text(item, "evidenceDigest"), text(item, "sourceIp"), text(item, "userAgent"), text(item, "detail")));
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        } catch (SdkException e) {
            throw new TransientFailure("Could not read the approval audit log for " + requestId, e);
        }
        return entries;
    }

    /** Fixed-width UTC time first, so entries sort in time order. */
    static String entryKey(AuditEntry entry) {
        return SORTABLE_TIME.format(entry.at()) + "#" + entry.event() + "#" + entry.actor();
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null && !value.isEmpty()) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
