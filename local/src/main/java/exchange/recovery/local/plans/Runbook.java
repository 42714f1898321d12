package exchange.recovery.local.plans;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import exchange.recovery.report.StepKind;

/**
 * The runbook of a plan, {@code docs/runbooks/<plan>.md}: how it starts, a Mermaid diagram of its states
 * (nested plans and branches as subgraphs), each step, its tiers, gates, approvals and waits, and what to
 * do when it halts. Generated from the ASL and template.yaml only, so that it is the same on every machine;
 * a test fails when a runbook and its plan disagree.
 */
public final class Runbook {

    private Runbook() {
    }

    public static String path(String plan) {
        return "docs/runbooks/" + plan + ".md";
    }

    public static String render(PlanMachine plan) {
        StringBuilder md = new StringBuilder();
        md.append("# Runbook: ").append(plan.name()).append("\n\n");
        md.append("<!-- Generated from ").append(plan.file()).append(" and template.yaml by `./scripts/drill plan ")
                .append(plan.name()).append(" --write-runbook`. Do not edit: RunbookSyncTest fails when this file and the plan disagree. -->\n\n");
        if (plan.comment() != null) {
            md.append("> ").append(plan.comment()).append("\n\n");
        }
        md.append("Definition: `").append(plan.file()).append('`');
        if (plan.logicalId() != null) {
            md.append(", deployed as state machine `").append(plan.logicalId()).append("` by template.yaml");
        }
        md.append(".\n\n## How it starts\n\n");
        plan.triggers().forEach(trigger -> md.append("- ").append(escape(trigger)).append('\n'));
        md.append("\n## Flow\n\n```mermaid\n").append(mermaid(plan)).append("```\n");
        md.append("\n## Steps\n\n| # | Step | Tier | Kind | What it does | Timeout | Retries | Next | On error |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        rows(md, plan, "");
        List<PlanState> all = plan.allStates();
        List<String> tiers = all.stream().map(PlanState::tier).filter(tier -> tier != null && !PlanReader.EACH_TIER.equals(tier))
                .distinct().toList();
        md.append("\n## Tiers\n\n").append(tiers.isEmpty() ? "No step names a tier: every step is plan-level.\n"
                : String.join(", ", tiers) + "\n");
        md.append("\n## Gates\n\n").append(list(all, StepKind.GATE, "No gate: no step checks integrity or health before the next one."));
        md.append("\n## Approvals\n\n").append(list(all, StepKind.APPROVAL, "No step waits for people to approve."));
        md.append("\n## Waits\n\n");
        List<PlanState> waits = all.stream().filter(s -> s.kind() == StepKind.WAIT || s.kind() == StepKind.CALLBACK
                || s.kind() == StepKind.APPROVAL).toList();
        if (waits.isEmpty()) {
            md.append("No Wait state and no callback: the plan never pauses.\n");
        }
        waits.forEach(wait -> md.append("- ").append(escape(PlanText.waitText(wait))).append('\n'));
        md.append("\n## When it halts\n\n");
        List<PlanState> fails = all.stream().filter(s -> s.kind() == StepKind.FAIL).toList();
        fails.forEach(fail -> md.append("- `").append(fail.name()).append("`: ").append(escape(fail.action())).append('\n'));
        md.append("""
                - The execution's history and the recovery report (written at the end of the plan, and by the drill)
                  name the failed step, its error and its evidence.
                - After fixing the cause, resume from the failed step:
                  `aws stepfunctions redrive-execution --execution-arn <execution ARN>`.
                - Rehearse locally: `./scripts/drill --list` shows the scenarios that run this plan;
                  `./scripts/drill plan %s` prints these steps in a terminal.
                """.formatted(plan.name()));
        return md.toString();
    }

    private static void rows(StringBuilder md, PlanMachine machine, String prefix) {
        int index = 1;
        for (PlanState state : machine.states()) {
            String number = prefix + index++;
            List<String> next = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            for (PlanEdge edge : state.edges()) {
                if (edge.error()) {
                    errors.add(edge.label() + " → `" + edge.target() + "`");
                } else {
                    next.add((edge.label() == null ? "" : edge.label() + " → ") + "`" + edge.target() + "`");
                }
            }
            md.append("| ").append(number).append(" | `").append(state.name()).append("` | ")
                    .append(state.tier() == null ? "plan" : state.tier()).append(" | ").append(state.kind().label())
                    .append(" | ").append(escape(state.action()))
                    .append(" | ").append(state.timeoutSeconds() == null ? "—" : state.timeoutSeconds() + " s"
                            + (state.heartbeatSeconds() == null ? "" : " (heartbeat " + state.heartbeatSeconds() + " s)"))
                    .append(" | ").append(state.retry() == null ? "—" : escape(state.retry()))
                    .append(" | ").append(next.isEmpty() ? "—" : escape(String.join("<br>", next)))
                    .append(" | ").append(errors.isEmpty() ? "—" : escape(String.join("<br>", errors))).append(" |\n");
            for (PlanMachine branch : state.branches()) {
                rows(md, branch, number + ".");
            }
            if (state.nested() != null) {
                rows(md, state.nested(), number + ".");
            }
        }
    }

    private static String list(List<PlanState> states, StepKind kind, String none) {
        List<PlanState> matching = states.stream().filter(state -> state.kind() == kind).toList();
        if (matching.isEmpty()) {
            return none + "\n";
        }
        StringBuilder md = new StringBuilder();
        matching.forEach(state -> md.append("- `").append(state.name()).append("` (").append(state.tier() == null ? "plan" : state.tier())
                .append("): ").append(escape(state.action())).append('\n'));
        return md.toString();
    }

    static String mermaid(PlanMachine plan) {
        StringBuilder graph = new StringBuilder("flowchart TD\n");
        Map<PlanMachine, String> prefixes = new HashMap<>();
        List<String> edges = new ArrayList<>();
        nodes(graph, plan, "m", prefixes, edges, "  ");
        edges.forEach(edge -> graph.append("  ").append(edge).append('\n'));
        graph.append("  classDef fail fill:#ffebee,stroke:#c62828\n")
                .append("  classDef succeed fill:#e8f5e9,stroke:#2e7d32\n")
                .append("  classDef gate fill:#fff3e0,stroke:#ef6c00\n")
                .append("  classDef approval fill:#f3e5f5,stroke:#6a1b9a\n");
        return graph.toString();
    }

    private static void nodes(StringBuilder graph, PlanMachine machine, String prefix, Map<PlanMachine, String> prefixes,
                              List<String> edges, String indent) {
        prefixes.put(machine, prefix);
        for (PlanState state : machine.states()) {
            String id = id(prefix, state.name());
            graph.append(indent).append(id).append(shape(state)).append(cssClass(state)).append('\n');
            for (PlanEdge edge : state.edges()) {
                String target = id(prefix, edge.target());
                if (edge.error()) {
                    edges.add(id + " -.->|\"" + label(edge.label()) + "\"| " + target);
                } else if (edge.label() != null) {
                    edges.add(id + " -->|\"" + label(edge.label()) + "\"| " + target);
                } else {
                    edges.add(id + " --> " + target);
                }
            }
            int branchIndex = 1;
            for (PlanMachine branch : state.branches()) {
                String branchPrefix = prefix + "_" + safe(state.name()) + "_b" + branchIndex++;
                graph.append(indent).append("subgraph ").append(branchPrefix).append("[\"").append(label(branch.name())).append("\"]\n");
                nodes(graph, branch, branchPrefix, prefixes, edges, indent + "  ");
                graph.append(indent).append("end\n");
                edges.add(id + " --> " + id(branchPrefix, branch.startAt()));
            }
            if (state.nested() != null) {
                String nestedPrefix = prefix + "_" + safe(state.name()) + "_n";
                graph.append(indent).append("subgraph ").append(nestedPrefix).append("[\"nested plan ")
                        .append(label(state.nested().name())).append("\"]\n");
                nodes(graph, state.nested(), nestedPrefix, prefixes, edges, indent + "  ");
                graph.append(indent).append("end\n");
                edges.add(id + " -.-> " + id(nestedPrefix, state.nested().startAt()));
            }
        }
    }

    private static String shape(PlanState state) {
        String text = "\"" + label(state.name() + (state.tier() == null ? "" : " · " + state.tier())
                + (state.kind() == StepKind.LAMBDA || state.kind() == StepKind.TASK ? "" : " · " + state.kind().label())) + "\"";
        return switch (state.kind()) {
            case CHOICE -> "{" + text + "}";
            case GATE -> "{{" + text + "}}";
            case WAIT -> "([" + text + "])";
            case APPROVAL, CALLBACK -> "[/" + text + "/]";
            case NOTIFY -> ">" + text + "]";
            case PLAN, PARALLEL, MAP -> "[[" + text + "]]";
            case SUCCEED, FAIL -> "((" + text + "))";
            default -> "[" + text + "]";
        };
    }

    private static String cssClass(PlanState state) {
        return switch (state.kind()) {
            case FAIL -> ":::fail";
            case SUCCEED -> ":::succeed";
            case GATE -> ":::gate";
            case APPROVAL -> ":::approval";
            default -> "";
        };
    }

    private static String id(String prefix, String state) {
        return prefix + "_" + safe(state);
    }

    private static String safe(String text) {
        return text.replaceAll("[^A-Za-z0-9]", "_");
    }

    /** Mermaid labels are quoted: quotes become #quot; and nothing else breaks them. */
    private static String label(String text) {
        return text.replace("\"", "#quot;").replace("\n", " ");
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
