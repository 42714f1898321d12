package exchange.recovery.incident;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import exchange.recovery.core.Published;
import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import exchange.recovery.core.Json;

/** Incident records in DynamoDB, keyed by incident id. Opening an incident twice is harmless. */
@Published("The one reader and writer of the incident record; the report writer reads the record through it.")
public class IncidentStore {

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public IncidentStore(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /** Writes the record unless one exists; returns the record that is stored either way. */
    public Incident open(Incident incident) {
        try {
            dynamoDb.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(toItem(incident))
                    .conditionExpression("attribute_not_exists(incidentId)")
                    .build());
            return incident;
        } catch (ConditionalCheckFailedException alreadyOpen) {
            return find(incident.incidentId()).orElse(incident);
        } catch (SdkException e) {
            throw new TransientFailure("Could not write incident " + incident.incidentId(), e);
        }
    }

    /** Sets the tier's entry in the incident's timeline; recording the same tier again replaces it. */
    public void recordTier(String incidentId, TierOutcome outcome) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(Map.of("incidentId", AttributeValue.fromS(incidentId)))
                    .updateExpression("SET tiers.#tier = :outcome")
                    .conditionExpression("attribute_exists(incidentId)")
                    .expressionAttributeNames(Map.of("#tier", outcome.tier()))
                    .expressionAttributeValues(Map.of(":outcome", AttributeValue.fromS(Json.write(outcome))))
                    .build());
        } catch (ConditionalCheckFailedException e) {
            throw new IncidentNotFound(incidentId);
        } catch (SdkException e) {
            throw new TransientFailure("Could not record tier " + outcome.tier() + " of " + incidentId, e);
        }
    }

    /** The timeline's entries as stored, in the seed's tier order. */
    public List<TierOutcome> tiers(String incidentId) {
        try {
            Map<String, AttributeValue> item = dynamoDb.getItem(GetItemRequest.builder()
                    .tableName(tableName)
                    .key(Map.of("incidentId", AttributeValue.fromS(incidentId)))
                    .consistentRead(true)
                    .build()).item();
            if (item == null || !item.containsKey("tiers")) {
                return List.of();
            }
            return item.get("tiers").m().values().stream()
                    .map(value -> Json.convert(Json.read(value.s()), TierOutcome.class))
                    .sorted(java.util.Comparator.comparingInt(TierOutcome::order))
                    .toList();
        } catch (SdkException e) {
            throw new TransientFailure("Could not read incident " + incidentId, e);
        }
    }

    public Optional<Incident> find(String incidentId) {
        try {
            Map<String, AttributeValue> item = dynamoDb.getItem(GetItemRequest.builder()
                    .tableName(tableName)
                    .key(Map.of("incidentId", AttributeValue.fromS(incidentId)))
                    .consistentRead(true)
                    .build()).item();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
        } catch (SdkException e) {
            throw new TransientFailure("Could not read incident " + incidentId, e);
        }
    }

    private static Map<String, AttributeValue> toItem(Incident incident) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("incidentId", AttributeValue.fromS(incident.incidentId()));
        item.put("plan", AttributeValue.fromS(incident.plan()));
        item.put("scope", AttributeValue.fromL(incident.scope().stream().map(AttributeValue::fromS).toList()));
        item.put("executionId", AttributeValue.fromS(incident.executionId()));
        item.put("openedAt", AttributeValue.fromS(incident.openedAt().toString()));
        item.put("tiers", AttributeValue.fromM(Map.of()));
        IncidentTrigger trigger = incident.trigger();
        item.put("triggerSource", AttributeValue.fromS(trigger.source()));
        if (trigger.alarmName() != null) {
            item.put("alarmName", AttributeValue.fromS(trigger.alarmName()));
        }
        if (trigger.reason() != null) {
            item.put("triggerReason", AttributeValue.fromS(trigger.reason()));
        }
        if (trigger.stateChangeTime() != null) {
            item.put("stateChangeTime", AttributeValue.fromS(trigger.stateChangeTime().toString()));
        }
        return item;
    }

    private static Incident fromItem(Map<String, AttributeValue> item) {
        IncidentTrigger trigger = new IncidentTrigger(
                text(item, "triggerSource"), text(item, "alarmName"), text(item, "triggerReason"),
                Optional.ofNullable(text(item, "stateChangeTime")).map(Instant::parse).orElse(null));
        List<String> scope = item.containsKey("scope")
                ? item.get("scope").l().stream().map(AttributeValue::s).toList() : List.of();
        return new Incident(text(item, "incidentId"), text(item, "plan"), scope, trigger,
                text(item, "executionId"), Instant.parse(text(item, "openedAt")));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
