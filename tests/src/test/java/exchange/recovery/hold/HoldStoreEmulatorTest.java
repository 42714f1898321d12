package exchange.recovery.hold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import exchange.recovery.local.emulator.LocalAws;
import exchange.recovery.wallet.WithdrawalPauseReader;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The hold store against the AWS emulator's DynamoDB: the conditional writes (version compare-and-set,
 * single-use tokens in a transaction) hold there, not only in the in-memory store, and the wallet
 * service's reader fails closed on what a person might put in the table by hand.
 */
class HoldStoreEmulatorTest {

    private static final String TABLE = "holds";
    private static LocalAws aws;
    private static DynamoDbHoldStore store;

    @BeforeAll
    static void start() {
        aws = LocalAws.start();
        aws.clients().dynamoDb().createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("flag").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("flag").keyType(KeyType.HASH)));
        store = new DynamoDbHoldStore(aws.clients().dynamoDb(), TABLE);
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void aReleaseWhoseReadIsOvertakenByAnotherIncidentsHold_failsItsConditionRetriesAndKeepsThatHold() {
        String flag = "interleaved";
        Holds holds = new Holds(store, Clock.systemUTC());
        holds.hold(flag, "INC-7", "plan", "wallet failover");
        Interleaving interleaving = new Interleaving(store);
        Holds racing = new Holds(interleaving, Clock.systemUTC());
        interleaving.beforeFirstWrite = () -> holds.hold(flag, "INC-8", "plan", "az outage");

        racing.release(flag, "INC-7", "plan", "approved", "apr-interleaved", null);

        assertThat(interleaving.outcomes).containsExactly(HoldStore.Outcome.CHANGED_SINCE_READ, HoldStore.Outcome.WRITTEN);
        FlagState state = holds.status(flag);
        assertThat(state.holds()).extracting(Hold::holder).containsExactly("INC-8");
        assertThat(state.held()).isTrue();
        assertThat(item(flag).get("held").bool()).isTrue();
    }

    @Test
    void aWriteWithAStaleVersion_isRefusedByDynamoDb() {
        String flag = "stale";
        Holds holds = new Holds(store, Clock.systemUTC());
        holds.hold(flag, "INC-1", "plan", "r");
        HoldStore.Snapshot seen = store.read(flag);
        holds.hold(flag, "INC-2", "plan", "r");

        HoldStore.Outcome outcome = store.write(seen, FlagState.absent(flag), null);

        assertThat(outcome).isEqualTo(HoldStore.Outcome.CHANGED_SINCE_READ);
        assertThat(holds.status(flag).holds()).extracting(Hold::holder).containsExactly("INC-1", "INC-2");
    }

    @Test
    void aToken_releasesOnce_aRedeliveryChangesNothing_andAfterARepauseItIsRefused() {
        String flag = "tokens";
        Holds holds = new Holds(store, Clock.systemUTC());
        holds.hold(flag, "INC-7", "plan", "r");
        assertThat(holds.release(flag, "INC-7", "plan", "ok", "apr-once", null).changed()).isTrue();
        assertThat(holds.release(flag, "INC-7", "plan", "ok", "apr-once", null).changed()).isFalse();

        holds.hold(flag, "INC-7", "plan", "again");

        assertThatThrownBy(() -> holds.release(flag, "INC-7", "plan", "ok", "apr-once", null)).isInstanceOf(ReleaseTokenUsed.class);
        assertThat(holds.status(flag).heldBy("INC-7")).isTrue();
        assertThat(item(flag + "#token#apr-once").get("holder").s()).isEqualTo("INC-7");
    }

    @Test
    void aTokenSpentBetweenAReleasesReadAndItsWrite_failsTheTransactionAndChangesNothing() {
        String flag = "token-race";
        Holds holds = new Holds(store, Clock.systemUTC());
        holds.hold(flag, "INC-7", "plan", "r");
        HoldStore.Snapshot seen = store.read(flag);
        aws.clients().dynamoDb().putItem(b -> b.tableName(TABLE).item(Map.of("flag", AttributeValue.fromS(flag + "#token#apr-x"),
                "holder", AttributeValue.fromS("INC-7"))));

        HoldStore.Outcome outcome = store.write(seen, FlagState.absent(flag), new HoldStore.TokenUse("apr-x", "INC-7"));

        assertThat(outcome).isEqualTo(HoldStore.Outcome.TOKEN_USED);
        assertThat(holds.status(flag).heldBy("INC-7")).isTrue();
    }

    @Test
    void theWalletReader_readsPausedForAMissingMalformedOrHandSetFlag_andOpenOnlyForAWellFormedOpenOne() {
        WithdrawalPauseReader missing = reader();
        assertThat(missing.withdrawalsPaused()).as("never written").isTrue();

        putWithdrawals(Map.of());
        assertThat(reader().withdrawalsPaused()).as("{}").isTrue();
        putWithdrawals(Map.of("version", AttributeValue.fromN("1"), "held", AttributeValue.fromNul(true), "holds", AttributeValue.fromL(List.of())));
        assertThat(reader().withdrawalsPaused()).as("held null").isTrue();
        putWithdrawals(Map.of("Version", AttributeValue.fromN("1"), "Held", AttributeValue.fromBool(false), "Holds", AttributeValue.fromL(List.of())));
        assertThat(reader().withdrawalsPaused()).as("wrong-case names").isTrue();
        putWithdrawals(Map.of("version", AttributeValue.fromN("1"), "held", AttributeValue.fromBool(true), "holds", AttributeValue.fromL(List.of())));
        assertThat(reader().withdrawalsPaused()).as("held by hand, no holds").isTrue();

        // An incident's pause and release around the hand-set hold leave it in place
        Holds holds = new Holds(store, Clock.systemUTC());
        holds.hold("withdrawals", "INC-9", "plan", "r");
        holds.release("withdrawals", "INC-9", "plan", "ok", "apr-manual", null);
        assertThat(holds.status("withdrawals").holds()).extracting(Hold::holder).containsExactly(Hold.MANUAL);
        assertThat(reader().withdrawalsPaused()).isTrue();

        putWithdrawals(Map.of("version", AttributeValue.fromN("7"), "held", AttributeValue.fromBool(false), "holds", AttributeValue.fromL(List.of())));
        assertThat(reader().withdrawalsPaused()).as("well-formed and open").isFalse();
    }

    @Test
    void theWalletReader_readsPausedWhenTheTableCannotBeRead() {
        WithdrawalPauseReader reader = new WithdrawalPauseReader(new DynamoDbHoldStore(aws.clients().dynamoDb(), "no-such-table"),
                Duration.ofSeconds(5), Clock.systemUTC());

        assertThat(reader.withdrawalsPaused()).isTrue();
    }

    private static WithdrawalPauseReader reader() {
        return new WithdrawalPauseReader(store, Duration.ofSeconds(5), Clock.systemUTC());
    }

    private static void putWithdrawals(Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(attributes);
        item.put("flag", AttributeValue.fromS("withdrawals"));
        aws.clients().dynamoDb().putItem(b -> b.tableName(TABLE).item(item));
    }

    private static Map<String, AttributeValue> item(String key) {
        return aws.clients().dynamoDb().getItem(b -> b.tableName(TABLE).key(Map.of("flag", AttributeValue.fromS(key)))
                .consistentRead(true)).item();
    }

    /** The real store, with another writer's change run once between the first read and the first write. */
    private static final class Interleaving implements HoldStore {
        private final HoldStore delegate;
        private final List<Outcome> outcomes = new java.util.ArrayList<>();
        private Runnable beforeFirstWrite;

        Interleaving(HoldStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Snapshot read(String flag) {
            return delegate.read(flag);
        }

        @Override
        public Outcome write(Snapshot seen, FlagState next, TokenUse token) {
            if (beforeFirstWrite != null) {
                Runnable interleaved = beforeFirstWrite;
                beforeFirstWrite = null;
                interleaved.run();
            }
            Outcome outcome = delegate.write(seen, next, token);
            outcomes.add(outcome);
            return outcome;
        }

        @Override
        public Optional<String> tokenUsedBy(String flag, String token) {
            return delegate.tokenUsedBy(flag, token);
        }
    }
}
