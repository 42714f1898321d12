package exchange.recovery.approval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import exchange.recovery.approval.ApprovalRefused.Reason;
import exchange.recovery.core.Json;
import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Approval requests, their per-approver decisions and their form nonces in one DynamoDB table
 * (encrypted at rest), keyed by {@code requestId} and {@code item}:
 * <ul>
 *   <li>{@code REQUEST}: the request, its task token and its status;</li>
 *   <li>{@code DECISION#<approver>}: at most one per approver, written only while the request is PENDING;</li>
 *   <li>{@code NONCE#<nonce>}: one per rendered form, bound to its approver, usable once.</li>
 * </ul>
 * Every write that decides something is conditional, so a replay, a race or a second click cannot
 * change what was decided. Each decision also marks the REQUEST item (approvals counted, the first
 * rejecter named) in the same transaction, so that the move to APPROVED, conditioned on no rejecter,
 * is serialised with every decision: a rejection recorded before it wins; one arriving after it is refused.
 *
 * <p>A decided request stays in the sparse {@code pending-index} (value {@code SETTLING}) until its
 * waiting task has been completed, so the heartbeat can finish what a failed page request left undone.
 */
public class ApprovalStore {

    static final String KEY = "requestId";
    static final String SORT = "item";
    static final String REQUEST_ITEM = "REQUEST";
    static final String DECISION_PREFIX = "DECISION#";
    static final String NONCE_PREFIX = "NONCE#";
    /** Sparse index attribute: present only while a request is PENDING, for the heartbeat's query. */
    static final String PENDING_INDEX = "pending-index";
    static final String PENDING = "pending";
    /** Index value of a request that is decided but whose waiting task is not completed yet. */
    static final String SETTLING = "SETTLING";
    /** Items stay this long after they expire (audit lives in the audit table, forever). */
    private static final long RETENTION_SECONDS = 90L * 24 * 3600;

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public ApprovalStore(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /** Stores a new request with its token; returns false (and writes nothing) if the request exists. */
    public boolean create(ApprovalRequest request, String taskToken) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, s(request.requestId()));
        item.put(SORT, s(REQUEST_ITEM));
        item.put("incidentId", s(request.incidentId()));
        item.put("approvalType", s(request.approvalType()));
        putIfPresent(item, "plan", request.plan());
        putIfPresent(item, "tier", request.tier());
        item.put("summary", s(request.summary()));
        item.put("evidence", s(Json.write(request.evidence())));
        item.put("evidenceDigest", s(request.evidenceDigest()));
        item.put("approvers", AttributeValue.fromL(request.approvers().stream().map(ApprovalStore::s).toList()));
        item.put("requiredApprovals", n(request.requiredApprovals()));
        item.put("createdAt", s(request.createdAt().toString()));
        item.put("expiresAt", n(request.expiresAt().getEpochSecond()));
        item.put("status", s(ApprovalStatus.PENDING.name()));
        item.put(PENDING, s(ApprovalStatus.PENDING.name()));
        item.put("taskToken", s(taskToken));
        item.put("notified", AttributeValue.fromBool(false));
        item.put("ttl", n(request.expiresAt().getEpochSecond() + RETENTION_SECONDS));
        return WriteOnce.put(dynamoDb, tableName, KEY, item, "Could not store approval request " + request.requestId());
    }

    public Optional<StoredRequest> find(String requestId) {
        Map<String, AttributeValue> item = get(requestId, REQUEST_ITEM);
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        List<String> approvers = item.get("approvers").l().stream().map(AttributeValue::s).toList();
        ApprovalRequest request = new ApprovalRequest(
                text(item, "requestId"), text(item, "incidentId"), text(item, "approvalType"),
                text(item, "plan"), text(item, "tier"), text(item, "summary"),
                Json.read(text(item, "evidence")), text(item, "evidenceDigest"), approvers,
                Integer.parseInt(item.get("requiredApprovals").n()),
                Instant.parse(text(item, "createdAt")),
                Instant.ofEpochSecond(Long.parseLong(item.get("expiresAt").n())),
                ApprovalStatus.valueOf(text(item, "status")),
                Optional.ofNullable(text(item, "decidedAt")).map(Instant::parse).orElse(null),
                text(item, "outcomeReason"));
        return Optional.of(new StoredRequest(request, text(item, "taskToken"),
                bool(item, "notified"), item.containsKey("taskCompletedAt")));
    }

    public void markNotified(String requestId) {
        update(requestId, "SET notified = :t", Map.of(":t", AttributeValue.fromBool(true)), null);
    }

    /** Records that the waiting task was completed (success or failure sent): the request leaves the index. */
    public void markTaskCompleted(String requestId, Instant at) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName)
                    .key(key(requestId, REQUEST_ITEM))
                    .updateExpression("SET taskCompletedAt = :at REMOVE #p")
                    .conditionExpression("attribute_exists(#k)")
                    .expressionAttributeNames(Map.of("#k", KEY, "#p", PENDING))
                    .expressionAttributeValues(Map.of(":at", s(at.toString())))
                    .build());
        } catch (SdkException e) {
            throw new TransientFailure("Could not update approval request " + requestId, e);
        }
    }

    /**
     * A new attempt of the same approval task (Step Functions retried it, so it has a new token) takes
     * over the request: the token is replaced, and a decided request is delivered again to the new
     * token (its completion mark is cleared). Returns false if the request no longer exists.
     */
    public boolean adoptTaskToken(String requestId, String taskToken) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":t", s(taskToken));
        values.put(":pending", s(ApprovalStatus.PENDING.name()));
        values.put(":settling", s(SETTLING));
        values.put(":expired", s(ApprovalStatus.EXPIRED.name()));
        try {
            // PENDING keeps its index value; a decided request goes back to SETTLING so the outcome is re-sent.
            dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName)
                    .key(key(requestId, REQUEST_ITEM))
                    .updateExpression("SET taskToken = :t REMOVE taskCompletedAt")
                    .conditionExpression("attribute_exists(#k) AND taskToken <> :t AND #s = :pending")
                    .expressionAttributeNames(Map.of("#k", KEY, "#s", "status"))
                    .expressionAttributeValues(Map.of(":t", s(taskToken), ":pending", s(ApprovalStatus.PENDING.name())))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException notPending) {
            // fall through: decided (or same token, or gone)
        } catch (SdkException e) {
            throw new TransientFailure("Could not update approval request " + requestId, e);
        }
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName)
                    .key(key(requestId, REQUEST_ITEM))
                    .updateExpression("SET taskToken = :t, #p = :settling REMOVE taskCompletedAt")
                    .conditionExpression("attribute_exists(#k) AND taskToken <> :t AND #s <> :pending AND #s <> :expired")
                    .expressionAttributeNames(Map.of("#k", KEY, "#s", "status", "#p", PENDING))
                    .expressionAttributeValues(values)
                    .build());
            return true;
        } catch (ConditionalCheckFailedException sameTokenOrGone) {
            return find(requestId).isPresent();
        } catch (SdkException e) {
            throw new TransientFailure("Could not update approval request " + requestId, e);
        }
    }

    /** Records that a decision's audit line was written, so nobody writes it again. */
    public void markDecisionAudited(String requestId, String approver, Instant at) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName)
                    .key(key(requestId, DECISION_PREFIX + approver))
                    .updateExpression("SET auditedAt = :at")
                    .conditionExpression("attribute_exists(#k)")
                    .expressionAttributeNames(Map.of("#k", KEY))
                    .expressionAttributeValues(Map.of(":at", s(at.toString())))
                    .build());
        } catch (SdkException e) {
            throw new TransientFailure("Could not mark the decision of " + approver + " on " + requestId + " audited", e);
        }
    }

    /** Remembers a rendered form's nonce for its approver, valid until {@code expiresAt}. */
    public void issueNonce(String requestId, String approver, String nonce, Instant issuedAt, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, s(requestId));
        item.put(SORT, s(NONCE_PREFIX + nonce));
        item.put("approver", s(approver));
        item.put("issuedAt", s(issuedAt.toString()));
        item.put("expiresAt", n(expiresAt.getEpochSecond()));
        item.put("ttl", n(expiresAt.getEpochSecond() + RETENTION_SECONDS));
        String failure = "Could not store a form nonce for " + requestId;
        if (!WriteOnce.put(dynamoDb, tableName, KEY, item, failure)) {
            throw new TransientFailure(failure + ": the nonce was issued before");
        }
    }

    /**
     * Records one approver's decision in one transaction that succeeds only if the request is still
     * PENDING, the form's nonce was issued to this approver and is unused, and this approver has not
     * decided yet. Which condition failed decides the refusal.
     */
    public void recordDecision(String requestId, Decision decision, String nonce, Instant now) {
        Map<String, AttributeValue> decisionItem = new HashMap<>();
        decisionItem.put(KEY, s(requestId));
        decisionItem.put(SORT, s(DECISION_PREFIX + decision.approver()));
        decisionItem.put("approver", s(decision.approver()));
        decisionItem.put("verdict", s(decision.verdict().name()));
        putIfPresent(decisionItem, "reason", decision.reason());
        decisionItem.put("decidedAt", s(decision.decidedAt().toString()));
        putIfPresent(decisionItem, "sourceIp", decision.sourceIp());
        putIfPresent(decisionItem, "userAgent", decision.userAgent());
        decisionItem.put("nonce", s(nonce));

        TransactWriteItemsRequest transaction = TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().update(requestMark(requestId, decision)).build(),
                TransactWriteItem.builder().update(Update.builder().tableName(tableName)
                        .key(key(requestId, NONCE_PREFIX + nonce))
                        .updateExpression("SET usedAt = :now")
                        .conditionExpression("attribute_exists(#k) AND approver = :a AND attribute_not_exists(usedAt) AND expiresAt > :epoch")
                        .expressionAttributeNames(Map.of("#k", KEY))
                        .expressionAttributeValues(Map.of(":now", s(now.toString()), ":a", s(decision.approver()),
                                ":epoch", n(now.getEpochSecond())))
                        .build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(tableName).item(decisionItem)
                        .conditionExpression("attribute_not_exists(#k)")
                        .expressionAttributeNames(Map.of("#k", KEY))
                        .build()).build())
                .build();
        try {
            dynamoDb.transactWriteItems(transaction);
        } catch (TransactionCanceledException e) {
            throw refusalFor(requestId, decision.approver(), e);
        } catch (SdkException e) {
            throw new TransientFailure("Could not record the decision on " + requestId, e);
        }
    }

    /**
     * The REQUEST item's part of a decision: while PENDING, count an approval or name the first rejecter.
     * Writing the request item (not only checking it) orders every decision against the move to APPROVED.
     */
    private Update requestMark(String requestId, Decision decision) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pending", s(ApprovalStatus.PENDING.name()));
        String expression;
        if (decision.verdict() == Verdict.REJECT) {
            expression = "SET rejectedBy = if_not_exists(rejectedBy, :a)";
            values.put(":a", s(decision.approver()));
        } else {
            expression = "SET approvalCount = if_not_exists(approvalCount, :zero) + :one";
            values.put(":zero", n(0));
            values.put(":one", n(1));
        }
        return Update.builder().tableName(tableName)
                .key(key(requestId, REQUEST_ITEM))
                .updateExpression(expression)
                .conditionExpression("#s = :pending")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(values)
                .build();
    }

    private ApprovalRefused refusalFor(String requestId, String approver, TransactionCanceledException e) {
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        if (failed(reasons, 0)) {
            return new ApprovalRefused(Reason.ALREADY_DECIDED, requestId + " is no longer pending");
        }
        if (failed(reasons, 2)) {
            return new ApprovalRefused(Reason.APPROVER_ALREADY_DECIDED, approver + " already decided on " + requestId);
        }
        if (failed(reasons, 1)) {
            return new ApprovalRefused(Reason.FORM_INVALID, "form nonce unknown, used, expired or not " + approver + "'s");
        }
        // No reasons given: decide from what is stored now.
        if (find(requestId).map(stored -> stored.request().status().isFinal()).orElse(false)) {
            return new ApprovalRefused(Reason.ALREADY_DECIDED, requestId + " is no longer pending");
        }
        if (decisions(requestId).stream().anyMatch(decision -> decision.approver().equals(approver))) {
            return new ApprovalRefused(Reason.APPROVER_ALREADY_DECIDED, approver + " already decided on " + requestId);
        }
        return new ApprovalRefused(Reason.FORM_INVALID, "form nonce unknown, used, expired or not " + approver + "'s");
    }

    private static boolean failed(List<CancellationReason> reasons, int index) {
        return reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    /** Every decision recorded on a request, in approver order. */
    public List<Decision> decisions(String requestId) {
        return decisionItems(requestId).stream().map(ApprovalStore::decision).toList();
    }

    /** The decisions whose audit line is not known to be written yet (a page request failed after recording). */
    public List<Decision> unauditedDecisions(String requestId) {
        return decisionItems(requestId).stream().filter(item -> !item.containsKey("auditedAt")).map(ApprovalStore::decision).toList();
    }

    private static Decision decision(Map<String, AttributeValue> item) {
        return new Decision(text(item, "approver"), Verdict.valueOf(text(item, "verdict")),
                text(item, "reason"), Instant.parse(text(item, "decidedAt")),
                text(item, "sourceIp"), text(item, "userAgent"));
    }

    private List<Map<String, AttributeValue>> decisionItems(String requestId) {
        List<Map<String, AttributeValue>> decisions = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        try {
            do {
                QueryResponse page = dynamoDb.query(QueryRequest.builder().tableName(tableName)
                        .keyConditionExpression("#k = :id AND begins_with(#i, :prefix)")
                        .expressionAttributeNames(Map.of("#k", KEY, "#i", SORT))
                        .expressionAttributeValues(Map.of(":id", s(requestId), ":prefix", s(DECISION_PREFIX)))
                        .consistentRead(true)
                        .exclusiveStartKey(start)
                        .build());
                decisions.addAll(page.items());
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        } catch (SdkException e) {
            throw new TransientFailure("Could not read the decisions on " + requestId, e);
        }
        return decisions;
    }

    /**
     * Moves a PENDING request to a final status; returns false if it was already final (someone
     * else's decision or the expiry got there first) or, for APPROVED, if a rejection was recorded in
     * the meantime (the rejection wins). APPROVED and REJECTED stay in the index as SETTLING until the
     * waiting task is completed; EXPIRED leaves it (the task times out on its own).
     */
    public boolean finish(String requestId, ApprovalStatus status, Instant at, String reason) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", s(status.name()));
        values.put(":at", s(at.toString()));
        values.put(":pending", s(ApprovalStatus.PENDING.name()));
        StringBuilder expression = new StringBuilder("SET #s = :status, decidedAt = :at");
        if (reason != null) {
            values.put(":reason", s(reason));
            expression.append(", outcomeReason = :reason");
        }
        if (status == ApprovalStatus.EXPIRED) {
            expression.append(" REMOVE #p");
        } else {
            values.put(":settling", s(SETTLING));
            expression.append(", #p = :settling");
        }
        String condition = status == ApprovalStatus.APPROVED ? "#s = :pending AND attribute_not_exists(rejectedBy)" : "#s = :pending";
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName)
                    .key(key(requestId, REQUEST_ITEM))
                    .updateExpression(expression.toString())
                    .conditionExpression(condition)
                    .expressionAttributeNames(Map.of("#s", "status", "#p", PENDING))
                    .expressionAttributeValues(values)
                    .build());
            return true;
        } catch (ConditionalCheckFailedException alreadyFinalOrRejected) {
            return false;
        } catch (SdkException e) {
            throw new TransientFailure("Could not finish approval request " + requestId, e);
        }
    }

    /** Ids of the requests still PENDING (from the sparse index), for the heartbeat. */
    public List<String> pendingRequestIds() {
        return indexed(ApprovalStatus.PENDING.name());
    }

    /** Ids of the requests decided but whose waiting task is not known to be completed, for the heartbeat. */
    public List<String> settlingRequestIds() {
        return indexed(SETTLING);
    }

    private List<String> indexed(String value) {
        List<String> ids = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        try {
            do {
                QueryResponse page = dynamoDb.query(QueryRequest.builder().tableName(tableName)
                        .indexName(PENDING_INDEX)
                        .keyConditionExpression("#p = :value")
                        .expressionAttributeNames(Map.of("#p", PENDING))
                        .expressionAttributeValues(Map.of(":value", s(value)))
                        .exclusiveStartKey(start)
                        .build());
                page.items().forEach(item -> ids.add(text(item, KEY)));
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        } catch (SdkException e) {
            throw new TransientFailure("Could not list approval requests in the index (" + value + ")", e);
        }
        return ids;
    }

    private void update(String requestId, String expression, Map<String, AttributeValue> values, String condition) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName)
                    .key(key(requestId, REQUEST_ITEM))
                    .updateExpression(expression)
                    .conditionExpression(condition == null ? "attribute_exists(#k)" : condition)
                    .expressionAttributeNames(Map.of("#k", KEY))
                    .expressionAttributeValues(values)
                    .build());
        } catch (SdkException e) {
            throw new TransientFailure("Could not update approval request " + requestId, e);
        }
    }

    private Map<String, AttributeValue> get(String requestId, String item) {
        try {
            return dynamoDb.getItem(GetItemRequest.builder().tableName(tableName)
                    .key(key(requestId, item)).consistentRead(true).build()).item();
        } catch (SdkException e) {
            throw new TransientFailure("Could not read approval request " + requestId, e);
        }
    }

    private static Map<String, AttributeValue> key(String requestId, String item) {
        return Map.of(KEY, s(requestId), SORT, s(item));
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null && !value.isEmpty()) {
            item.put(name, s(value));
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }
}
