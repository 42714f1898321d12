package exchange.recovery.hold;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbHoldStoreParseTest {

    private static final AttributeValue VERSION = AttributeValue.fromN("3");
    private static final AttributeValue NO_HOLDS = AttributeValue.fromL(List.of());

    @Test
    void aWellFormedOpenFlag_readsOpen() {
        FlagState state = parse(Map.of("version", VERSION, "held", AttributeValue.fromBool(false), "holds", NO_HOLDS));

        assertThat(state.held()).isFalse();
        assertThat(state.readable()).isTrue();
        assertThat(state.version()).isEqualTo(3);
    }

    @Test
    void anItemWithNothingButItsKey_readsHeld() {
        assertUnreadable(parse(Map.of()));
    }

    @Test
    void aNullHeld_readsHeld() {
        assertUnreadable(parse(Map.of("version", VERSION, "held", AttributeValue.fromNul(true), "holds", NO_HOLDS)));
    }

    @Test
    void wrongCaseAttributeNames_readHeld() {
        assertUnreadable(parse(Map.of("Version", VERSION, "Held", AttributeValue.fromBool(false), "Holds", NO_HOLDS)));
    }

    @Test
    void heldAsAString_readsHeld() {
        assertUnreadable(parse(Map.of("version", VERSION, "held", AttributeValue.fromS("false"), "holds", NO_HOLDS)));
    }

    @Test
    void openWhileHoldsExist_readsHeldAndKeepsTheHolds() {
        FlagState state = parse(Map.of("version", VERSION, "held", AttributeValue.fromBool(false),
                "holds", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("holder", AttributeValue.fromS("INC-7")))))));

        assertThat(state.holds()).extracting(Hold::holder).containsExactly("INC-7", Hold.UNREADABLE);
    }

    @Test
    void heldSetByHandWithNoHolds_readsAsAManualHold() {
        FlagState state = parse(Map.of("version", VERSION, "held", AttributeValue.fromBool(true), "holds", NO_HOLDS));

        assertThat(state.holds()).extracting(Hold::holder).containsExactly(Hold.MANUAL);
        assertThat(state.held()).isTrue();
    }

    private static FlagState parse(Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(attributes);
        item.put("flag", AttributeValue.fromS("withdrawals"));
        return DynamoDbHoldStore.parse("withdrawals", item);
    }

    private static void assertUnreadable(FlagState state) {
        assertThat(state.readable()).isFalse();
        assertThat(state.held()).isTrue();
        assertThat(state.heldBy(Hold.UNREADABLE)).isTrue();
    }
}
