package exchange.recovery.local.plans;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import exchange.recovery.report.StepKind;

/** What {@code drill plan <name>} prints: the plan's steps, tiers, gates, approvals and waits, without running it. */
public final class PlanText {

    private PlanText() {
    }

    public static String render(PlanMachine plan) {
        StringBuilder out = new StringBuilder();
        out.append("Plan ").append(plan.name()).append('\n');
        out.append("  ").append(plan.file()).append(plan.logicalId() == null ? "" : " · state machine " + plan.logicalId()).append('\n');
        if (plan.comment() != null) {
            out.append("  ").append(plan.comment()).append('\n');
        }
        out.append("\nStarts on\n");
        plan.triggers().forEach(trigger -> out.append("  - ").append(trigger).append('\n'));
        out.append("\nSteps (from StartAt, each path to its end, then the error paths)\n");
        steps(out, plan, "", "  ");
        out.append('\n');
        summary(out, plan);
        return out.toString();
    }

    private static void steps(StringBuilder out, PlanMachine machine, String prefix, String indent) {
        int index = 1;
        for (PlanState state : machine.states()) {
            String number = prefix + index++;
            out.append(indent).append(number).append(". ").append(state.name()).append("  [")
                    .append(state.tier() == null ? "plan" : state.tier()).append(" · ").append(state.kind().label()).append("]\n");
            String detail = indent + " ".repeat(number.length() + 2);
            out.append(detail).append(state.action()).append('\n');
            List<String> facts = new ArrayList<>();
            if (state.timeoutSeconds() != null) {
                facts.add("timeout " + state.timeoutSeconds() + " s");
            }
            if (state.heartbeatSeconds() != null) {
                facts.add("heartbeat " + state.heartbeatSeconds() + " s");
            }
            if (state.retry() != null) {
                facts.add("retry: " + state.retry());
            }
            if (!facts.isEmpty()) {
                out.append(detail).append(String.join(" · ", facts)).append('\n');
            }
            for (PlanEdge edge : state.edges()) {
                out.append(detail).append(edge.error() ? "on " + edge.label() + " → " : edge.label() == null ? "→ "
                        : "if " + edge.label() + " → ").append(edge.target()).append('\n');
            }
            for (PlanMachine branch : state.branches()) {
                out.append(detail).append(branch.name()).append(":\n");
                steps(out, branch, number + ".", detail + "  ");
            }
            if (state.nested() != null) {
                out.append(detail).append("nested plan ").append(state.nested().name()).append(" (").append(state.nested().file())
                        .append("):\n");
                steps(out, state.nested(), number + ".", detail + "  ");
            }
        }
    }

    private static void summary(StringBuilder out, PlanMachine plan) {
        List<PlanState> all = plan.allStates();
        List<String> tiers = all.stream().map(PlanState::tier).filter(tier -> tier != null && !PlanReader.EACH_TIER.equals(tier))
                .distinct().toList();
        out.append(line("Tiers", tiers.isEmpty() ? "none named: every step is plan-level" : String.join(", ", tiers)));
        out.append(line("Gates", names(all, StepKind.GATE)));
        out.append(line("Approvals", names(all, StepKind.APPROVAL)));
        List<PlanState> waits = all.stream().filter(s -> s.kind() == StepKind.WAIT || s.kind() == StepKind.CALLBACK
                || s.kind() == StepKind.APPROVAL).toList();
        out.append(line("Waits", waits.isEmpty() ? "none" : waits.stream().map(PlanText::waitText).collect(Collectors.joining("; "))));
        out.append(line("Halts", names(all, StepKind.FAIL)));
    }

    static String names(List<PlanState> states, StepKind kind) {
        List<String> names = states.stream().filter(state -> state.kind() == kind).map(PlanState::name).toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    static String waitText(PlanState state) {
        if (state.kind() == StepKind.WAIT) {
            return state.name() + " (" + state.action() + ")";
        }
        return state.name() + " (callback" + (state.timeoutSeconds() == null ? "" : ", times out after " + state.timeoutSeconds() + " s")
                + (state.heartbeatSeconds() == null ? "" : ", heartbeat " + state.heartbeatSeconds() + " s") + ")";
    }

    private static String line(String name, String value) {
        return name + " ".repeat(Math.max(1, 11 - name.length())) + value + "\n";
    }
}
