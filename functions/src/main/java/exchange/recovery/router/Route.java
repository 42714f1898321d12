package exchange.recovery.router;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of the routing table: which alarms (a glob on the alarm name, and tags the alarm must
 * carry) start which plan, for which failure scenario, on which tiers (empty: the scenario's default).
 */
public record Route(String name, Optional<String> alarmName, Map<String, String> tags, String plan, String scenario,
                    List<String> scope) {

    public Route {
        tags = Map.copyOf(tags);
        scope = List.copyOf(scope);
    }

    public boolean needsTags() {
        return !tags.isEmpty();
    }

    public boolean matchesName(String candidate) {
        return alarmName.map(glob -> glob(glob).matcher(candidate).matches()).orElse(true);
    }

    public boolean matchesTags(Map<String, String> alarmTags) {
        return tags.entrySet().stream().allMatch(tag -> tag.getValue().equals(alarmTags.get(tag.getKey())));
    }

    /** '*' matches any run of characters, '?' one character; everything else is literal. */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
