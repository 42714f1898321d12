package exchange.recovery.approval;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.CanonicalJson;
import exchange.recovery.core.Env;
import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The approval audit log: per request, a hash chain of entries in a DynamoDB table keyed by
 * {@code requestId} and {@code entry} = the entry's zero-padded sequence number. Each entry carries the
 * SHA-256 of its own content together with the previous entry's hash, so an entry changed, removed or
 * inserted afterwards breaks the chain where {@link AuditChainVerifier} finds it. Every write is a PutItem
 * conditioned on {@code attribute_not_exists}: two writers racing for the same sequence number cannot
 * both win, and the loser re-reads the chain's tail and appends after the winner.
 *
 * <p>A chain can be recomputed by whoever may PutItem on the table, so each entry is also copied to an
 * {@link AuditArchive} (an S3 bucket under Object Lock) that nobody can overwrite or delete before its
 * retention ends; the verifier compares the table with that copy.
 *
 * <p>Appending is idempotent: an entry is identified by {@code <time>#<event>#<actor>}, and a marker item
 * ({@code ~id#<identity>}, written in the same transaction as the entry) makes appending one that the
 * chain already holds write nothing (and make sure its archive copy exists).
 */
public class AuditLog {

    static final String KEY = "requestId";
    static final String SORT = "entry";
    /** Where a refusal whose link names no well-formed request id is audited. */
    public static final String UNATTRIBUTED = "unattributed";
    private static final int MAX_ATTEMPTS = 8;
    /** Sort-key prefix of identity markers; sorts after every (digit-only) sequence key. */
    static final String MARKER_PREFIX = "~id#";

    private static final DateTimeFormatter SORTABLE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final AuditArchive archive;

    public AuditLog(DynamoDbClient dynamoDb, String tableName) {
        this(dynamoDb, tableName, AuditArchive.NONE);
    }

    public AuditLog(DynamoDbClient dynamoDb, String tableName, AuditArchive archive) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.archive = Objects.requireNonNull(archive, "archive");
    }

    /** Environment variable naming the Object Lock bucket that keeps the archive copy (optional). */
    public static final String BUCKET_VARIABLE = "APPROVAL_AUDIT_BUCKET";

    /** The audit log of a function's environment: the table, and the archive bucket when one is configured. */
    public static AuditLog fromEnvironment(Env env, AwsClients clients) {
        AuditArchive archive = env.find(BUCKET_VARIABLE).<AuditArchive>map(bucket -> new AuditArchive.S3(clients.s3(), bucket))
                .orElse(AuditArchive.NONE);
        return new AuditLog(clients.dynamoDb(), env.require("APPROVAL_AUDIT_TABLE"), archive);
    }

    /** One link of a request's chain as stored. */
    public record ChainedEntry(long sequence, AuditEntry entry, String previousHash, String hash) {
    }

    /**
     * Appends the entry to its request's chain; returns false if the chain already holds it (a
     * re-delivery). Reads only the chain's last entry: the entry and a marker of its identity are put
     * in one transaction, each only if absent, so neither a re-delivery nor a racing writer needs the
     * whole chain (which an attacker could grow with refused requests).
     */
    public boolean append(AuditEntry entry) {
        String failure = "Could not append to the approval audit log for " + entry.requestId();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<ChainedEntry> last = last(entry.requestId());
            // Heals a copy that an earlier append wrote to the table but failed to archive.
            last.ifPresent(archive::ensure);
            long sequence = last.map(link -> link.sequence() + 1).orElse(0L);
            String previous = last.map(ChainedEntry::hash).orElse(genesis(entry.requestId()));
            ChainedEntry link = new ChainedEntry(sequence, entry, previous, hash(sequence, entry, previous));
            try {
                dynamoDb.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(
                        TransactWriteItem.builder().put(Put.builder().tableName(tableName).item(item(link))
                                .conditionExpression("attribute_not_exists(#k)")
                                .expressionAttributeNames(Map.of("#k", KEY)).build()).build(),
                        TransactWriteItem.builder().put(Put.builder().tableName(tableName).item(marker(link))
                                .conditionExpression("attribute_not_exists(#k)")
                                .expressionAttributeNames(Map.of("#k", KEY)).build()).build())
                        .build());
                archive.ensure(link);
                return true;
            } catch (TransactionCanceledException cancelled) {
                Optional<ChainedEntry> existing = appended(entry);
                if (existing.isPresent()) {
                    existing.ifPresent(archive::ensure);
                    return false;
                }
                // Another writer took this sequence number: read the tail again and append after it.
            } catch (SdkException e) {
                throw new TransientFailure(failure, e);
            }
        }
        throw new TransientFailure(failure + ": the chain kept moving (" + MAX_ATTEMPTS + " attempts)");
    }

    /** The chain's entry with this entry's identity, if its marker says it was appended. */
    private Optional<ChainedEntry> appended(AuditEntry entry) {
        Map<String, AttributeValue> marker = get(entry.requestId(), MARKER_PREFIX + identity(entry));
        if (marker == null || marker.isEmpty() || !marker.containsKey("sequence")) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = get(entry.requestId(), entryKey(Long.parseLong(marker.get("sequence").n())));
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(link(item));
    }

    /** The chain's last entry (highest sequence number), if any. */
    private Optional<ChainedEntry> last(String requestId) {
        try {
            QueryResponse page = dynamoDb.query(QueryRequest.builder().tableName(tableName)
                    .keyConditionExpression("#k = :id AND #e < :markers")
                    .expressionAttributeNames(Map.of("#k", KEY, "#e", SORT))
                    .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(requestId), ":markers", AttributeValue.fromS(MARKER_PREFIX)))
                    .scanIndexForward(false)
                    .limit(1)
                    .consistentRead(true)
                    .build());
            return page.items().isEmpty() ? Optional.empty() : Optional.of(link(page.items().get(0)));
        } catch (SdkException e) {
            throw new TransientFailure("Could not read the approval audit log for " + requestId, e);
        }
    }

    private Map<String, AttributeValue> get(String requestId, String sortKey) {
        try {
            return dynamoDb.getItem(GetItemRequest.builder().tableName(tableName).consistentRead(true)
                    .key(Map.of(KEY, AttributeValue.fromS(requestId), SORT, AttributeValue.fromS(sortKey))).build()).item();
        } catch (SdkException e) {
            throw new TransientFailure("Could not read the approval audit log for " + requestId, e);
        }
    }

    /** The identity marker: makes a second append of the same entry fail its condition. */
    private static Map<String, AttributeValue> marker(ChainedEntry link) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, AttributeValue.fromS(link.entry().requestId()));
        item.put(SORT, AttributeValue.fromS(MARKER_PREFIX + identity(link.entry())));
        item.put("sequence", AttributeValue.fromN(Long.toString(link.sequence())));
        return item;
    }

    /** Every entry of one request, in chain order. */
    public List<AuditEntry> entries(String requestId) {
        return chain(requestId).stream().map(ChainedEntry::entry).toList();
    }

    /** One request's chain as stored, in sequence order (whatever it holds: the verifier judges it). */
    public List<ChainedEntry> chain(String requestId) {
        List<ChainedEntry> chain = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        try {
            do {
                QueryResponse page = dynamoDb.query(QueryRequest.builder().tableName(tableName)
                        .keyConditionExpression("#k = :id AND #e < :markers")
                        .expressionAttributeNames(Map.of("#k", KEY, "#e", SORT))
                        .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(requestId), ":markers", AttributeValue.fromS(MARKER_PREFIX)))
                        .consistentRead(true)
                        .exclusiveStartKey(start)
                        .build());
                for (Map<String, AttributeValue> item : page.items()) {
                    chain.add(link(item));
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        } catch (SdkException e) {
            throw new TransientFailure("Could not read the approval audit log for " + requestId, e);
        }
        return chain;
    }

    /** The hash a chain starts from: bound to its request, so an entry cannot be moved to another chain. */
    public static String genesis(String requestId) {
        return CanonicalJson.sha256(JsonNodeFactory.instance.objectNode().put("chain", "approval-audit").put("requestId", requestId));
    }

    /** SHA-256 over the entry's content, its place in the chain and the previous entry's hash. */
    public static String hash(long sequence, AuditEntry entry, String previousHash) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("sequence", sequence);
        node.put("previousHash", previousHash);
        node.put("requestId", entry.requestId());
        node.put("event", entry.event());
        node.put("actor", entry.actor());
        node.put("at", entry.at().toString());
        node.put("incidentId", blankToNull(entry.incidentId()));
        node.put("approvalType", blankToNull(entry.approvalType()));
        node.put("evidenceDigest", blankToNull(entry.evidenceDigest()));
        node.put("sourceIp", blankToNull(entry.sourceIp()));
        node.put("userAgent", blankToNull(entry.userAgent()));
        node.put("detail", blankToNull(entry.detail()));
        return CanonicalJson.sha256(node);
    }

    /** Empty values are not stored, so they hash as absent. */
    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** The sort key of an entry: its sequence number, zero-padded so that the table returns chain order. */
    static String entryKey(long sequence) {
        return String.format("%012d", sequence);
    }

    /** What makes two appends the same entry: one event by one actor at one instant. */
    static String identity(AuditEntry entry) {
        return SORTABLE_TIME.format(entry.at()) + "#" + entry.event() + "#" + entry.actor();
    }

    /** A well-formed request id is audited under itself; anything else (a tampered link's path) under one partition. */
    public static String partitionFor(String claimedRequestId) {
        return claimedRequestId != null && claimedRequestId.matches("apr-[0-9a-f]{32}") ? claimedRequestId : UNATTRIBUTED;
    }

    static Map<String, AttributeValue> item(ChainedEntry link) {
        AuditEntry entry = link.entry();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, AttributeValue.fromS(entry.requestId()));
        item.put(SORT, AttributeValue.fromS(entryKey(link.sequence())));
        item.put("sequence", AttributeValue.fromN(Long.toString(link.sequence())));
        item.put("previousHash", AttributeValue.fromS(link.previousHash()));
        item.put("hash", AttributeValue.fromS(link.hash()));
        item.put("event", AttributeValue.fromS(entry.event()));
        item.put("actor", AttributeValue.fromS(entry.actor()));
        item.put("at", AttributeValue.fromS(entry.at().toString()));
        put(item, "incidentId", entry.incidentId());
        put(item, "approvalType", entry.approvalType());
        put(item, "evidenceDigest", entry.evidenceDigest());
        put(item, "sourceIp", entry.sourceIp());
        put(item, "userAgent", entry.userAgent());
        put(item, "detail", entry.detail());
        return item;
    }

    private static ChainedEntry link(Map<String, AttributeValue> item) {
        AuditEntry entry = new AuditEntry(text(item, KEY), text(item, "event"), text(item, "actor"),
                parseTime(text(item, "at")), text(item, "incidentId"), text(item, "approvalType"),
                text(item, "evidenceDigest"), text(item, "sourceIp"), text(item, "userAgent"), text(item, "detail"));
        AttributeValue sequence = item.get("sequence");
        long number = sequence != null && sequence.n() != null ? Long.parseLong(sequence.n()) : -1;
        return new ChainedEntry(number, entry, text(item, "previousHash"), text(item, "hash"));
    }

    private static Instant parseTime(String value) {
        try {
            return value == null ? Instant.EPOCH : Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
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
