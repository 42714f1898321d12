package exchange.recovery.local.drill.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import exchange.recovery.core.Json;

class EventPatternMatcherTest {

    private static final String PATTERN = """
            {"source": ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"],
             "detail": {"alarmName": [{"prefix": "exchange-"}], "state": {"value": ["ALARM"]}}}
            """;

    private static String event(String alarm, String state) {
        return """
                {"source": "aws.cloudwatch", "detail-type": "CloudWatch Alarm State Change",
                 "detail": {"alarmName": "%s", "state": {"value": "%s"}}}
                """.formatted(alarm, state);
    }

    @Test
    void aMatchingEvent_hasNoMismatch() {
        assertThat(EventPatternMatcher.mismatches(Json.read(PATTERN), Json.read(event("exchange-db", "ALARM")))).isEmpty();
    }

    @Test
    void eachUnmetCondition_isNamedWithWhatTheRuleWants() {
        assertThat(EventPatternMatcher.mismatches(Json.read(PATTERN), Json.read(event("billing-charges", "OK"))))
                .containsExactly("detail.alarmName is \"billing-charges\"; the rule wants prefix \"exchange-\"",
                        "detail.state.value is \"OK\"; the rule wants \"ALARM\"");
    }

    @Test
    void operators_anythingButExistsNumericAndSuffix_areUnderstood() {
        String pattern = """
                {"detail": {"a": [{"anything-but": ["x", "y"]}], "b": [{"exists": false}], "c": [{"numeric": [">", 0, "<=", 5]}],
                 "d": [{"suffix": ".json"}], "e": [{"equals-ignore-case": "alarm"}]}}
                """;

        assertThat(EventPatternMatcher.mismatches(Json.read(pattern),
                Json.read("{\"detail\": {\"a\": \"z\", \"c\": 5, \"d\": \"event.json\", \"e\": \"ALARM\"}}"))).isEmpty();
        assertThat(EventPatternMatcher.mismatches(Json.read(pattern),
                Json.read("{\"detail\": {\"a\": \"x\", \"b\": 1, \"c\": 6, \"d\": \"event.yaml\", \"e\": \"OK\"}}"))).hasSize(5);
    }

    @Test
    void aMissingObject_isNamed() {
        assertThat(EventPatternMatcher.mismatches(Json.read(PATTERN), Json.read("{\"source\": \"aws.cloudwatch\", "
                + "\"detail-type\": \"CloudWatch Alarm State Change\"}")))
                .singleElement().asString().startsWith("detail is missing");
    }
}
