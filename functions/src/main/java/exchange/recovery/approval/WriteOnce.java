package exchange.recovery.approval;

import java.util.Map;

import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/** Approval records are written once and never overwritten: a PutItem conditioned on the item not existing. */
final class WriteOnce {

    private WriteOnce() {
    }

    /**
     * Writes the item unless one with its key exists.
     *
     * @return false when the item existed (nothing written)
     * @throws TransientFailure with {@code failure} as its message when DynamoDB cannot be reached
     */
    static boolean put(DynamoDbClient dynamoDb, String tableName, String keyAttribute, Map<String, AttributeValue> item,
                       String failure) {
        try {
            dynamoDb.putItem(PutItemRequest.builder().tableName(tableName).item(item)
                    .conditionExpression("attribute_not_exists(#k)")
                    .expressionAttributeNames(Map.of("#k", keyAttribute))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        } catch (SdkException e) {
            throw new TransientFailure(failure, e);
        }
    }
}
