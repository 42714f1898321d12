package exchange.recovery.local.drill.replay;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Explains why an EventBridge rule's event pattern does or does not match an event, field by field,
 * for the operators rules use: exact values, {@code prefix}, {@code suffix}, {@code anything-but},
 * {@code exists}, {@code numeric} and {@code equals-ignore-case}. It explains; EventBridge decides.
 */
public final class EventPatternMatcher {

    private EventPatternMatcher() {
    }

    /** Why the event does not match, one sentence per field; empty when it matches. */
    public static List<String> mismatches(JsonNode pattern, JsonNode event) {
        List<String> reasons = new ArrayList<>();
        match(pattern, event, "", reasons);
        return reasons;
    }

    private static void match(JsonNode pattern, JsonNode event, String path, List<String> reasons) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            JsonNode value = event == null ? null : event.get(field.getKey());
            JsonNode expected = field.getValue();
            if (expected.isObject()) {
                if (value == null || !value.isObject()) {
                    reasons.add(at + " is missing; the rule wants " + expected);
                } else {
                    match(expected, value, at, reasons);
                }
            } else if (expected.isArray()) {
                if (!anyMatches(expected, value)) {
                    reasons.add(at + " is " + (value == null ? "missing" : value.toString()) + "; the rule wants " + describe(expected));
                }
            }
        }
    }

    private static boolean anyMatches(JsonNode alternatives, JsonNode value) {
        for (JsonNode alternative : alternatives) {
            if (value != null && value.isArray()) {
                for (JsonNode item : value) {
                    if (matches(alternative, item)) {
                        return true;
                    }
                }
            } else if (matches(alternative, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(JsonNode alternative, JsonNode value) {
        if (!alternative.isObject()) {
            return value != null && (alternative.isNull() ? value.isNull() : alternative.equals(value)
                    || alternative.isNumber() && value.isNumber() && alternative.asDouble() == value.asDouble());
        }
        Map.Entry<String, JsonNode> operator = alternative.fields().next();
        JsonNode argument = operator.getValue();
        String text = value == null || !value.isValueNode() ? null : value.asText();
        return switch (operator.getKey()) {
            case "prefix" -> text != null && (argument.isTextual() ? text.startsWith(argument.asText())
                    : argument.has("equals-ignore-case") && text.toLowerCase(Locale.ROOT)
                    .startsWith(argument.get("equals-ignore-case").asText().toLowerCase(Locale.ROOT)));
            case "suffix" -> text != null && argument.isTextual() && text.endsWith(argument.asText());
            case "equals-ignore-case" -> text != null && text.equalsIgnoreCase(argument.asText());
            case "exists" -> argument.asBoolean() == (value != null);
            case "anything-but" -> value != null && !anythingBut(argument, value);
            case "numeric" -> value != null && value.isNumber() && numeric(argument, value.asDouble());
            default -> false;
        };
    }

    private static boolean anythingBut(JsonNode argument, JsonNode value) {
        if (argument.isArray()) {
            for (JsonNode excluded : argument) {
                if (matches(excluded, value)) {
                    return true;
                }
            }
            return false;
        }
        return matches(argument, value);
    }

    private static boolean numeric(JsonNode conditions, double value) {
        for (int i = 0; i + 1 < conditions.size(); i += 2) {
            double bound = conditions.get(i + 1).asDouble();
            boolean holds = switch (conditions.get(i).asText()) {
                case "<" -> value < bound;
                case "<=" -> value <= bound;
                case "=" -> value == bound;
                case ">" -> value > bound;
                case ">=" -> value >= bound;
                default -> false;
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    private static String describe(JsonNode alternatives) {
        List<String> parts = new ArrayList<>();
        alternatives.forEach(alternative -> parts.add(alternative.isObject()
                ? alternative.fields().next().getKey() + " " + alternative.fields().next().getValue() : alternative.toString()));
        return parts.size() == 1 ? parts.get(0) : "one of " + parts;
    }
}
