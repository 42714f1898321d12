package exchange.recovery.local.plans;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** A Choice rule in words: {@code $.scope contains "database"} style, as short as the rule allows. */
final class ChoiceText {

    private static final Map<String, String> OPERATORS = Map.ofEntries(
            Map.entry("Equals", "=="), Map.entry("GreaterThan", ">"), Map.entry("GreaterThanEquals", ">="),
            Map.entry("LessThan", "<"), Map.entry("LessThanEquals", "<="), Map.entry("Matches", "matches"));

    private ChoiceText() {
    }

    static String describe(JsonNode rule) {
        if (rule.has("And")) {
            return join(rule.get("And"), " and ");
        }
        if (rule.has("Or")) {
            return join(rule.get("Or"), " or ");
        }
        if (rule.has("Not")) {
            return "not (" + describe(rule.get("Not")) + ")";
        }
        if (rule.has("Condition")) {
            return rule.get("Condition").asText();
        }
        String variable = rule.path("Variable").asText("?");
        for (Iterator<Map.Entry<String, JsonNode>> fields = rule.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (key.equals("Variable") || key.equals("Next")) {
                continue;
            }
            JsonNode value = field.getValue();
            switch (key) {
                case "IsPresent":
                    return variable + (value.asBoolean() ? " is present" : " is absent");
                case "IsNull":
                    return variable + (value.asBoolean() ? " is null" : " is not null");
                case "IsBoolean", "IsNumeric", "IsString", "IsTimestamp":
                    return variable + (value.asBoolean() ? " is " : " is not ") + key.substring(2).toLowerCase(java.util.Locale.ROOT);
                default:
                    break;
            }
            boolean path = key.endsWith("Path");
            String comparator = path ? key.substring(0, key.length() - 4) : key;
            String operator = comparator;
            for (Map.Entry<String, String> known : OPERATORS.entrySet()) {
                if (comparator.endsWith(known.getKey())) {
                    operator = known.getValue();
                }
            }
            return variable + " " + operator + " " + (value.isTextual() && !path ? "\"" + value.asText() + "\"" : value.asText());
        }
        return variable;
    }

    private static String join(JsonNode rules, String separator) {
        List<String> parts = new ArrayList<>();
        rules.forEach(rule -> parts.add(describe(rule)));
        return "(" + String.join(separator, parts) + ")";
    }
}
