package exchange.recovery.local.plans;

import java.util.List;

import exchange.recovery.report.StepKind;

/**
 * One state of a plan, described for people.
 *
 * @param tier the tier the state belongs to (same rules as the report's), or null for a plan-level state
 * @param action what the state does, in words ("Lambda OpenIncidentFunction (…OpenIncidentHandler)")
 * @param retry the Retry rules in words, or null
 * @param branches a Parallel's branches or a Map's item processor, as anonymous machines
 * @param nested the plan a {@code states:startExecution} task starts, or null
 */
public record PlanState(String name, String type, StepKind kind, String tier, String action, List<PlanEdge> edges,
                        Integer timeoutSeconds, Integer heartbeatSeconds, String retry, List<PlanMachine> branches,
                        PlanMachine nested) {

    public PlanState {
        edges = List.copyOf(edges);
        branches = List.copyOf(branches);
    }

    public boolean terminal() {
        return kind == StepKind.SUCCEED || kind == StepKind.FAIL;
    }
}
