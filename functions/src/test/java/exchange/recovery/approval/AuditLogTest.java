package exchange.recovery.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
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
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

@ExtendWith(MockitoExtension.class)
@MockitoSettings(strictness = Strictness.LENIENT)
class AuditLogTest {

    private static final AuditEntry ALICE = entry("alice", "2026-03-01T10:00:00Z");
    private static final AuditLog.ChainedEntry FIRST = new AuditLog.ChainedEntry(0, ALICE, AuditLog.genesis("apr-1"),
            AuditLog.hash(0, ALICE, AuditLog.genesis("apr-1")));

    @Mock
    private DynamoDbClient dynamoDb;

    @Test
    void append_putsTheNextLinkOfTheChainAndItsIdentityMarker_eachOnlyIfAbsent_readingOnlyTheChainsTail() {
        // GIVEN a chain that holds one entry
        when(dynamoDb.query(any(QueryRequest.class))).thenReturn(QueryResponse.builder().items(List.of(AuditLog.item(FIRST))).build());

        // WHEN bob's entry is appended
        assertThat(new AuditLog(dynamoDb, "audit").append(entry("bob", "2026-03-01T10:01:00Z"))).isTrue();

        // THEN only the tail was read, and entry 1 (chained to entry 0's hash) and its marker were put if absent
        ArgumentCaptor<QueryRequest> query = ArgumentCaptor.forClass(QueryRequest.class);
        verify(dynamoDb).query(query.capture());
        assertThat(query.getValue().limit()).isEqualTo(1);
        assertThat(query.getValue().scanIndexForward()).isFalse();
        ArgumentCaptor<TransactWriteItemsRequest> transaction = ArgumentCaptor.forClass(TransactWriteItemsRequest.class);
        verify(dynamoDb).transactWriteItems(transaction.capture());
        List<Put> puts = transaction.getValue().transactItems().stream().map(item -> item.put()).toList();
        assertThat(puts).allSatisfy(put -> assertThat(put.conditionExpression()).isEqualTo("attribute_not_exists(#k)"));
        Map<String, AttributeValue> item = puts.get(0).item();
        assertThat(item.get("entry").s()).isEqualTo("000000000001");
        assertThat(item.get("previousHash").s()).isEqualTo(FIRST.hash());
        assertThat(item.get("hash").s()).isEqualTo(AuditLog.hash(1, entry("bob", "2026-03-01T10:01:00Z"), FIRST.hash()));
        assertThat(item.get("sourceIp").s()).isEqualTo("203.0.113.9");
        assertThat(puts.get(1).item().get("entry").s()).isEqualTo("~id#2026-03-01T10:01:00.000000Z#APPROVED#bob");
        verify(dynamoDb, never()).putItem(any(PutItemRequest.class));
    }

    @Test
    void append_ofAnEntryTheChainHolds_writesNothingAndSaysSo() {
        when(dynamoDb.query(any(QueryRequest.class))).thenReturn(QueryResponse.builder().items(List.of(AuditLog.item(FIRST))).build());
        when(dynamoDb.transactWriteItems(any(TransactWriteItemsRequest.class)))
                .thenThrow(TransactionCanceledException.builder().message("marker exists").build());
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenAnswer(call -> {
            String key = ((GetItemRequest) call.getArgument(0)).key().get("entry").s();
            if (key.startsWith("~id#")) {
                return GetItemResponse.builder().item(Map.of("requestId", AttributeValue.fromS("apr-1"),
                        "entry", AttributeValue.fromS(key), "sequence", AttributeValue.fromN("0"))).build();
            }
            return GetItemResponse.builder().item(AuditLog.item(FIRST)).build();
        });

        assertThat(new AuditLog(dynamoDb, "audit").append(ALICE)).isFalse();
    }

    @Test
    void append_thatLosesTheRaceForASequenceNumber_rereadsTheTailAndAppendsAfterTheWinner() {
        when(dynamoDb.query(any(QueryRequest.class))).thenReturn(QueryResponse.builder().items(List.of()).build(),
                QueryResponse.builder().items(List.of(AuditLog.item(FIRST))).build());
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().build());
        List<String> keys = new ArrayList<>();
        when(dynamoDb.transactWriteItems(any(TransactWriteItemsRequest.class))).thenAnswer(call -> {
            keys.add(((TransactWriteItemsRequest) call.getArgument(0)).transactItems().get(0).put().item().get("entry").s());
            if (keys.size() == 1) {
                throw TransactionCanceledException.builder().message("sequence taken").build();
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
