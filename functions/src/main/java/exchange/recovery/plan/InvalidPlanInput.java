package exchange.recovery.plan;

import java.util.List;

import exchange.recovery.core.InvalidInput;

/** A plan's start input breaks its schema or its rules; every problem is listed. Nothing was started. */
public class InvalidPlanInput extends InvalidInput {

    private final transient List<String> problems;

    public InvalidPlanInput(String plan, List<String> problems) {
        super(message(plan, problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String message(String plan, List<String> problems) {
        StringBuilder text = new StringBuilder("Invalid ").append(plan).append(" input (")
                .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems").append("): ");
        for (int i = 0; i < problems.size(); i++) {
            text.append(i == 0 ? "" : "; ").append(problems.get(i));
        }
        return text.toString();
    }
}
