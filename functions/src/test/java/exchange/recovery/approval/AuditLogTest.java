package exchange.recovery.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

@ExtendWith(MockitoExtension.class)
class AuditLogTest {

    @Mock
    private DynamoDbClient dynamoDb;

    @Test
    void append_isAConditionalPutThatCannotOverwriteAnEntry() {
        AuditLog log = new AuditLog(dynamoDb, "audit");

        log.append(entry("alice"));

        ArgumentCaptor<PutItemRequest> put = ArgumentCaptor.forClass(PutItemRequest.class);
        verify(dynamoDb).putItem(put.capture());
        assertThat(put.getValue().conditionExpression()).isEqualTo("attribute_not_exists(#k)");
        assertThat(put.getValue().expressionAttributeNames()).containsEntry("#k", "requestId");
        assertThat(put.getValue().item().get("evidenceDigest").s()).isEqualTo("digest");
        assertThat(put.getValue().item().get("sourceIp").s()).isEqualTo("203.0.113.9");
        assertThat(put.getValue().item().get("entry").s()).isEqualTo("2026-03-01T10:00:00.000000Z#APPROVED#alice");
    }

    @Test
    void append_ofAnEntryAlreadyWritten_leavesItAndSaysSo() {
        when(dynamoDb.putItem(any(PutItemRequest.class))).thenThrow(ConditionalCheckFailedException.builder().message("exists").build());

        assertThat(new AuditLog(dynamoDb, "audit").append(entry("alice"))).isFalse();
    }

    private static AuditEntry entry(String actor) {
        return new AuditEntry("apr-1", AuditEntry.APPROVED, actor, Instant.parse("2026-03-01T10:00:00Z"), "INC-7",
                "withdrawal-resumption", "digest", "203.0.113.9", "browser", null);
    }
}
