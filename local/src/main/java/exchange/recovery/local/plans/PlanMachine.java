package exchange.recovery.local.plans;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A plan read from its ASL (a whole state machine, a Parallel branch or a Map's item processor).
 *
 * @param name the plan's name (its file's) or the branch's label
 * @param logicalId the template's state machine, or null for a branch or a file the template does not deploy
 * @param file the ASL file relative to the project, or null for a branch
 * @param states in reading order: from StartAt, each path followed to its end before the error paths
 * @param triggers how the plan starts, in words
 */
public record PlanMachine(String name, String logicalId, String file, String comment, String startAt,
                          List<PlanState> states, List<String> triggers) {

    public PlanMachine {
        states = List.copyOf(states);
        triggers = List.copyOf(triggers);
    }

    /** Every state, with those of branches and nested plans, depth first. */
    public List<PlanState> allStates() {
        List<PlanState> all = new ArrayList<>();
        for (PlanState state : states) {
            all.add(state);
            state.branches().forEach(branch -> all.addAll(branch.allStates()));
            if (state.nested() != null) {
                all.addAll(state.nested().allStates());
            }
        }
        return all;
    }

    public List<PlanState> allStates(Predicate<PlanState> filter) {
        return allStates().stream().filter(filter).toList();
    }
}
