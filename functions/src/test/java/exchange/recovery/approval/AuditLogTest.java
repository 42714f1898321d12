package exchange.recovery.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.mockito.junit.jupiter.MockitoSettings;
import org.mockito.quality.Strictness;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

@ExtendWith(MockitoExtension.class)
@MockitoSettings(strictness = Strictness.LENIENT)
class AuditLogTest {

    @Mock
    private DynamoDbClient dynamoDb;

    @Test
    void append_isAConditionalPutOfTheNextLinkOfTheRequestsChain() {
        // GIVEN a chain that holds one entry
        AuditLog.ChainedEntry first = new AuditLog.ChainedEntry(0, entry("alice", "2026-03-01T10:00:00Z"), AuditLog.genesis("apr-1"),
                AuditLog.hash(0, entry("alice", "2026-03-01T10:00:00Z"), AuditLog.genesis("apr-1")));
        when(dynamoDb.query(any(QueryRequest.class))).thenReturn(QueryResponse.builder().items(List.of(AuditLog.item(first))).build());

        // WHEN bob's entry is appended
        new AuditLog(dynamoDb, "audit").append(entry("bob", "2026-03-01T10:01:00Z"));

        // THEN it is put, only if absent, as entry 1 chained to entry 0's hash
        ArgumentCaptor<PutItemRequest> put = ArgumentCaptor.forClass(PutItemRequest.class);
        verify(dynamoDb).putItem(put.capture());
        assertThat(put.getValue().conditionExpression()).isEqualTo("attribute_not_exists(#k)");
        assertThat(put.getValue().expressionAttributeNames()).containsEntry("#k", "requestId");
        Map<String, AttributeValue> item = put.getValue().item();
        assertThat(item.get("entry").s()).isEqualTo("000000000001");
        assertThat(item.get("previousHash").s()).isEqualTo(first.hash());
        assertThat(item.get("hash").s()).isEqualTo(AuditLog.hash(1, entry("bob", "2026-03-01T10:01:00Z"), first.hash()));
        assertThat(item.get("sourceIp").s()).isEqualTo("203.0.113.9");
    }

    @Test
    void append_ofAnEntryTheChainHolds_writesNothingAndSaysSo() {
        AuditEntry alice = entry("alice", "2026-03-01T10:00:00Z");
        AuditLog.ChainedEntry first = new AuditLog.ChainedEntry(0, alice, AuditLog.genesis("apr-1"), AuditLog.hash(0, alice, AuditLog.genesis("apr-1")));
        when(dynamoDb.query(any(QueryRequest.class))).thenReturn(QueryResponse.builder().items(List.of(AuditLog.item(first))).build());

        assertThat(new AuditLog(dynamoDb, "audit").append(alice)).isFalse();
        verify(dynamoDb, times(0)).putItem(any(PutItemRequest.class));
    }

    @Test
    void append_thatLosesTheRaceForASequenceNumber_rereadsTheChainAndAppendsAfterTheWinner() {
        AuditEntry alice = entry("alice", "2026-03-01T10:00:00Z");
        AuditLog.ChainedEntry winner = new AuditLog.ChainedEntry(0, alice, AuditLog.genesis("apr-1"), AuditLog.hash(0, alice, AuditLog.genesis("apr-1")));
        when(dynamoDb.query(any(QueryRequest.class))).thenReturn(QueryResponse.builder().items(List.of()).build(),
                QueryResponse.builder().items(List.of(AuditLog.item(winner))).build());
        List<String> keys = new ArrayList<>();
        when(dynamoDb.putItem(any(PutItemRequest.class))).thenAnswer(call -> {
            keys.add(((PutItemRequest) call.getArgument(0)).item().get("entry").s());
            if (keys.size() == 1) {
                throw ConditionalCheckFailedException.builder().message("taken").build();
            }
            return null;
        });

        assertThat(new AuditLog(dynamoDb, "audit").append(entry("bob", "2026-03-01T10:00:01Z"))).isTrue();
        assertThat(keys).containsExactly("000000000000", "000000000001");
    }

    private static AuditEntry entry(String actor, String at) {
        return new AuditEntry("apr-1", AuditEntry.APPROVED, actor, Instant.parse(at), "INC-7",
                "withdrawal-resumption", "digest", "203.0.113.9", "browser", null);
    }
}
